// The FFmpeg 5.1 headers MediaKit uses, plus the few macros Swift cannot import
// (function-like macros and compound literals), wrapped as static inline functions.
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

/// AVERROR(errnum): FFmpeg's negative error code for a POSIX errno value.
static inline int cff_averror(int errnum) { return AVERROR(errnum); }
/// AVERROR_EOF: end of file or stream.
static inline int cff_averror_eof(void) { return AVERROR_EOF; }
/// AV_NOPTS_VALUE: "no timestamp".
static inline int64_t cff_nopts_value(void) { return AV_NOPTS_VALUE; }

#endif
