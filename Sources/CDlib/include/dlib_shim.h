// A thin C interface to the parts of dlib that FaceKit uses: the HOG frontal face detector, the
// 68-point shape predictor, and the image codecs (PNG/JPEG reading, JPEG writing).
//
// Conventions, for every function:
// - Images are 8-bit, rows top to bottom, `row_stride` bytes apart; the caller owns the memory
//   and it is only read during the call.
// - Coordinates are pixels of the caller's image, pixel (x, y) at integer coordinates.
// - A function that can fail returns a negative number or NULL and writes a NUL-terminated
//   message into `error` (at most `error_capacity` bytes, truncated). No C++ exception ever
//   leaves this interface.
// - Handles are opaque and owned by the caller (destroy them once). A detector keeps scratch
//   state: use one from one thread at a time. A landmark model is read-only after loading:
//   `fk_landmark_model_predict` may run on several threads at once.
#ifndef FACEKIT_DLIB_SHIM_H
#define FACEKIT_DLIB_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An 8-bit gray image borrowed for the length of one call.
typedef struct fk_gray_image {
    const uint8_t *pixels;
    int32_t width;
    int32_t height;
    int32_t row_stride;
} fk_gray_image;

/// An axis-aligned rectangle in pixels: top-left corner, width, height.
typedef struct fk_rect {
    double x;
    double y;
    double width;
    double height;
} fk_rect;

/// One detected face: its box and the detector's score (higher is surer; 0 is dlib's default
/// threshold).
typedef struct fk_detection {
    fk_rect box;
    double score;
} fk_detection;

typedef struct fk_detector fk_detector;
typedef struct fk_landmark_model fk_landmark_model;
typedef struct fk_rgb_image fk_rgb_image;

// MARK: Face detector (dlib's frontal_face_detector: HOG features, 5 linear filters, 80x80 window)

/// Creates a detector (dlib's built-in model, no file needed) that scans at most
/// `max_pyramid_levels` levels of its image pyramid (each 5/6 the size of the one before; 0: all
/// levels down to the window's size). NULL on failure.
fk_detector *fk_detector_create(int32_t max_pyramid_levels, char *error, size_t error_capacity);
void fk_detector_destroy(fk_detector *detector);

/// Detects faces inside `region` of `image` (clamped to the image; an empty region means the
/// whole image) after resampling that region by `scale` (> 1 finds smaller faces: the detector
/// sees faces from about 80 / scale pixels wide up). Boxes come back in image coordinates,
/// best score first, for every detection scoring at least `threshold`.
/// Returns how many faces were found (possibly more than `capacity`; only the first `capacity`
/// are written), or -1 on failure.
int32_t fk_detector_detect(fk_detector *detector, fk_gray_image image, fk_rect region, double scale,
                           double threshold, fk_detection *detections, int32_t capacity,
                           char *error, size_t error_capacity);

// MARK: Landmark model (dlib's shape_predictor, e.g. the iBUG 300-W 68-point model)

/// Loads a serialized shape predictor. NULL on failure (missing file, wrong format).
fk_landmark_model *fk_landmark_model_load(const char *path, char *error, size_t error_capacity);
void fk_landmark_model_destroy(fk_landmark_model *model);
/// Number of points the model predicts (68 for the iBUG model).
int32_t fk_landmark_model_point_count(const fk_landmark_model *model);

/// Predicts the model's points for the face in `box`, working on `region` of `image` resampled
/// by `scale` (dlib returns whole pixels of the image it works on, so a scale above 1 gives
/// finer positions; the region must hold the box with a margin, as the model also reads pixels
/// around it). Writes x0, y0, x1, y1, ... in image coordinates into `points`, which holds
/// `point_capacity` doubles. Returns the number of points, or -1 on failure.
int32_t fk_landmark_model_predict(const fk_landmark_model *model, fk_gray_image image, fk_rect region,
                                  double scale, fk_rect box, double *points, int32_t point_capacity,
                                  char *error, size_t error_capacity);

// MARK: Image files

/// Reads a PNG or JPEG file (recognised from its content) as 8-bit RGB. NULL on failure.
fk_rgb_image *fk_rgb_image_load(const char *path, char *error, size_t error_capacity);
void fk_rgb_image_destroy(fk_rgb_image *image);
int32_t fk_rgb_image_width(const fk_rgb_image *image);
int32_t fk_rgb_image_height(const fk_rgb_image *image);
/// `height` rows of `3 * width` bytes (R, G, B), no padding; valid until the image is destroyed.
const uint8_t *fk_rgb_image_pixels(const fk_rgb_image *image);

/// Writes an RGB24 picture as a baseline JPEG of `quality` (1...100). Returns 0, or -1 on failure.
int32_t fk_write_jpeg(const uint8_t *rgb, int32_t width, int32_t height, int32_t row_stride, int32_t quality,
                      const char *path, char *error, size_t error_capacity);

// MARK: Build

/// The dlib version and the SIMD instruction sets dlib's header code was compiled with here,
/// e.g. "dlib 19.24.0, SIMD: SSE2 SSE3 SSE4.1 AVX AVX2, FMA".
const char *fk_build_description(void);

#ifdef __cplusplus
}
#endif

#endif
