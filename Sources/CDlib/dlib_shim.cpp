// The C interface of include/dlib_shim.h over dlib 19.24 (Debian's libdlib-dev).
//
// Built with -O3 -march=haswell even in debug builds: the detector's HOG features and filter
// convolutions are dlib header templates instantiated here, and dlib/simd picks AVX/AVX2 code
// from the compiler's target macros (checked below). libdlib.so itself is compiled for baseline
// x86-64; no function taking or returning dlib's SIMD types crosses between the two (libdlib.so
// exports none), so the mix is safe, and the results match a plain build (see fk_build_description).
#include "dlib_shim.h"

#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/revision.h>
#include <dlib/simd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#if defined(__AVX__) && !defined(DLIB_HAVE_AVX)
#error "compiled for AVX but dlib/simd does not use it"
#endif

struct fk_detector {
    dlib::frontal_face_detector detector;
    dlib::array2d<unsigned char> scratch;
    std::vector<dlib::rect_detection> found;
};

struct fk_landmark_model {
    dlib::shape_predictor predictor;
};

struct fk_rgb_image {
    int32_t width = 0;
    int32_t height = 0;
    std::vector<uint8_t> pixels;
};

namespace {

void write_error(char *error, size_t capacity, const char *message) {
    if (error == nullptr || capacity == 0) return;
    std::strncpy(error, message, capacity - 1);
    error[capacity - 1] = '\0';
}

/// Runs `body`, turning any C++ exception into an error message and `failed`.
template <typename Result, typename Body>
Result guarded(char *error, size_t capacity, Result failed, Body body) {
    try {
        return body();
    } catch (const std::exception &exception) {
        write_error(error, capacity, exception.what());
    } catch (...) {
        write_error(error, capacity, "unknown C++ exception");
    }
    return failed;
}

bool valid(const fk_gray_image &image) {
    return image.pixels != nullptr && image.width > 0 && image.height > 0 && image.row_stride >= image.width;
}

/// The integer pixel window of `region` inside `image` (the whole image for an empty region).
struct Window {
    long x, y, width, height;
};

Window clamp_window(const fk_gray_image &image, const fk_rect &region) {
    if (!(region.width > 0 && region.height > 0)) return {0, 0, image.width, image.height};
    long x0 = std::max(0L, static_cast<long>(std::floor(region.x)));
    long y0 = std::max(0L, static_cast<long>(std::floor(region.y)));
    long x1 = std::min(static_cast<long>(image.width), static_cast<long>(std::ceil(region.x + region.width)));
    long y1 = std::min(static_cast<long>(image.height), static_cast<long>(std::ceil(region.y + region.height)));
    return {x0, y0, std::max(0L, x1 - x0), std::max(0L, y1 - y0)};
}

/// Fills `out` with `window` of `image` resampled by `scale`: out(x, y) shows the image at
/// (window.x + x / scale, window.y + y / scale), interpolated bilinearly and clamped at the
/// window's edges. Below half size, n x n blocks are averaged first (n = floor(1 / scale)), so
/// that detail finer than an output pixel does not alias.
void resample(const fk_gray_image &image, const Window &window, double scale, dlib::array2d<unsigned char> &out) {
    const long out_width = std::max(1L, static_cast<long>(window.width * scale));
    const long out_height = std::max(1L, static_cast<long>(window.height * scale));
    out.set_size(out_height, out_width);
    const uint8_t *origin = image.pixels + window.y * image.row_stride + window.x;
    if (out_width == window.width && out_height == window.height) {
        for (long y = 0; y < out_height; ++y) std::memcpy(&out[y][0], origin + y * image.row_stride, out_width);
        return;
    }
    const long block = scale < 0.5 ? static_cast<long>(1 / scale) : 1;
    std::vector<uint8_t> averaged;
    const uint8_t *plane = origin;
    long plane_width = window.width, plane_height = window.height, plane_stride = image.row_stride;
    if (block > 1) {
        plane_width = std::max(1L, window.width / block);
        plane_height = std::max(1L, window.height / block);
        averaged.resize(plane_width * plane_height);
        for (long by = 0; by < plane_height; ++by) {
            for (long bx = 0; bx < plane_width; ++bx) {
                unsigned sum = 0, count = 0;
                for (long y = by * block; y < std::min((by + 1) * block, window.height); ++y)
                    for (long x = bx * block; x < std::min((bx + 1) * block, window.width); ++x, ++count)
                        sum += origin[y * image.row_stride + x];
                averaged[by * plane_width + bx] = static_cast<uint8_t>((sum + count / 2) / count);
            }
        }
        plane = averaged.data();
        plane_stride = plane_width;
    }
    // Block (bx, by) is centred on window pixel (bx * block + (block - 1) / 2, ...).
    const double offset = (block - 1) / 2.0;
    /// Where output coordinate i falls on the plane: left/top neighbour and weight of the next.
    auto place = [&](long i, long size, long &low, long &high, float &weight) {
        const double f = std::min(std::max((i / scale - offset) / block, 0.0), static_cast<double>(size - 1));
        low = static_cast<long>(f);
        high = std::min(low + 1, size - 1);
        weight = static_cast<float>(f - low);
    };
    std::vector<long> left(out_width), right(out_width);
    std::vector<float> across(out_width), column(plane_width);
    for (long x = 0; x < out_width; ++x) place(x, plane_width, left[x], right[x], across[x]);
    for (long y = 0; y < out_height; ++y) {
        long top, bottom;
        float down;
        place(y, plane_height, top, bottom, down);
        const uint8_t *upper = plane + top * plane_stride, *lower = plane + bottom * plane_stride;
        for (long x = 0; x < plane_width; ++x) column[x] = upper[x] + down * (lower[x] - upper[x]);
        unsigned char *row = &out[y][0];
        for (long x = 0; x < out_width; ++x)
            row[x] = static_cast<unsigned char>(column[left[x]] + across[x] * (column[right[x]] - column[left[x]]) + 0.5f);
    }
}

/// dlib's detector model, parsed once from the text built into the header (about 0.25 s);
/// each detector copies it. Initialised on first use, thread-safe (a C++11 local static).
const dlib::frontal_face_detector &frontal_face_model() {
    static const dlib::frontal_face_detector model = dlib::get_frontal_face_detector();
    return model;
}

}  // namespace

extern "C" {

fk_detector *fk_detector_create(int32_t max_pyramid_levels, char *error, size_t error_capacity) {
    return guarded<fk_detector *>(error, error_capacity, nullptr, [&]() -> fk_detector * {
        const dlib::frontal_face_detector &model = frontal_face_model();
        if (max_pyramid_levels <= 0) return new fk_detector{model, {}, {}};
        dlib::frontal_face_detector::image_scanner_type scanner;  // not copyable: copy its settings
        scanner.copy_configuration(model.get_scanner());
        scanner.set_max_pyramid_levels(static_cast<unsigned long>(max_pyramid_levels));
        std::vector<dlib::frontal_face_detector::feature_vector_type> filters;
        for (unsigned long i = 0; i < model.num_detectors(); ++i) filters.push_back(model.get_w(i));
        return new fk_detector{dlib::frontal_face_detector(scanner, model.get_overlap_tester(), filters), {}, {}};
    });
}

void fk_detector_destroy(fk_detector *detector) { delete detector; }

int32_t fk_detector_detect(fk_detector *detector, fk_gray_image image, fk_rect region, double scale, double threshold,
                           fk_detection *detections, int32_t capacity, char *error, size_t error_capacity) {
    return guarded<int32_t>(error, error_capacity, -1, [&]() -> int32_t {
        if (detector == nullptr || !valid(image) || !(scale > 0) || capacity < 0 || (capacity > 0 && detections == nullptr)) {
            write_error(error, error_capacity, "fk_detector_detect: invalid arguments");
            return -1;
        }
        const Window window = clamp_window(image, region);
        if (window.width == 0 || window.height == 0) return 0;
        resample(image, window, scale, detector->scratch);
        detector->found.clear();
        detector->detector(detector->scratch, detector->found, threshold);
        std::sort(detector->found.begin(), detector->found.end(),
                  [](const dlib::rect_detection &a, const dlib::rect_detection &b) {
                      return a.detection_confidence > b.detection_confidence;
                  });
        const int32_t count = static_cast<int32_t>(detector->found.size());
        for (int32_t i = 0; i < std::min(count, capacity); ++i) {
            const dlib::rectangle &rect = detector->found[i].rect;
            detections[i].box = {window.x + rect.left() / scale, window.y + rect.top() / scale,
                                 rect.width() / scale, rect.height() / scale};
            detections[i].score = detector->found[i].detection_confidence;
        }
        return count;
    });
}

fk_landmark_model *fk_landmark_model_load(const char *path, char *error, size_t error_capacity) {
    return guarded<fk_landmark_model *>(error, error_capacity, nullptr, [&]() -> fk_landmark_model * {
        auto *model = new fk_landmark_model();
        try {
            dlib::deserialize(path) >> model->predictor;
        } catch (...) {
            delete model;
            throw;
        }
        if (model->predictor.num_parts() == 0) {
            delete model;
            write_error(error, error_capacity, "the file holds a shape predictor without points");
            return nullptr;
        }
        return model;
    });
}

void fk_landmark_model_destroy(fk_landmark_model *model) { delete model; }

int32_t fk_landmark_model_point_count(const fk_landmark_model *model) {
    return model == nullptr ? 0 : static_cast<int32_t>(model->predictor.num_parts());
}

int32_t fk_landmark_model_predict(const fk_landmark_model *model, fk_gray_image image, fk_rect region, double scale,
                                  fk_rect box, double *points, int32_t point_capacity, char *error,
                                  size_t error_capacity) {
    return guarded<int32_t>(error, error_capacity, -1, [&]() -> int32_t {
        const int32_t count = fk_landmark_model_point_count(model);
        if (count == 0 || !valid(image) || !(scale > 0) || points == nullptr || point_capacity < 2 * count) {
            write_error(error, error_capacity, "fk_landmark_model_predict: invalid arguments");
            return -1;
        }
        const Window window = clamp_window(image, region);
        if (window.width == 0 || window.height == 0) {
            write_error(error, error_capacity, "fk_landmark_model_predict: the region lies outside the image");
            return -1;
        }
        dlib::array2d<unsigned char> resampled;
        resample(image, window, scale, resampled);
        const dlib::rectangle rect(std::lround((box.x - window.x) * scale), std::lround((box.y - window.y) * scale),
                                   std::lround((box.x + box.width - window.x) * scale) - 1,
                                   std::lround((box.y + box.height - window.y) * scale) - 1);
        const dlib::full_object_detection shape = model->predictor(resampled, rect);
        for (int32_t i = 0; i < count; ++i) {
            points[2 * i] = window.x + shape.part(i).x() / scale;
            points[2 * i + 1] = window.y + shape.part(i).y() / scale;
        }
        return count;
    });
}

fk_rgb_image *fk_rgb_image_load(const char *path, char *error, size_t error_capacity) {
    return guarded<fk_rgb_image *>(error, error_capacity, nullptr, [&] {
        dlib::array2d<dlib::rgb_pixel> loaded;
        dlib::load_image(loaded, path);
        auto *image = new fk_rgb_image();
        image->width = static_cast<int32_t>(loaded.nc());
        image->height = static_cast<int32_t>(loaded.nr());
        image->pixels.resize(static_cast<size_t>(image->width) * image->height * 3);
        for (long y = 0; y < loaded.nr(); ++y) {
            for (long x = 0; x < loaded.nc(); ++x) {
                uint8_t *pixel = &image->pixels[(y * loaded.nc() + x) * 3];
                pixel[0] = loaded[y][x].red;
                pixel[1] = loaded[y][x].green;
                pixel[2] = loaded[y][x].blue;
            }
        }
        return image;
    });
}

void fk_rgb_image_destroy(fk_rgb_image *image) { delete image; }
int32_t fk_rgb_image_width(const fk_rgb_image *image) { return image == nullptr ? 0 : image->width; }
int32_t fk_rgb_image_height(const fk_rgb_image *image) { return image == nullptr ? 0 : image->height; }
const uint8_t *fk_rgb_image_pixels(const fk_rgb_image *image) { return image == nullptr ? nullptr : image->pixels.data(); }

int32_t fk_write_jpeg(const uint8_t *rgb, int32_t width, int32_t height, int32_t row_stride, int32_t quality,
                      const char *path, char *error, size_t error_capacity) {
    return guarded<int32_t>(error, error_capacity, -1, [&]() -> int32_t {
        if (rgb == nullptr || width <= 0 || height <= 0 || row_stride < 3 * width || quality < 1 || quality > 100) {
            write_error(error, error_capacity, "fk_write_jpeg: invalid arguments");
            return -1;
        }
        dlib::array2d<dlib::rgb_pixel> picture(height, width);
        for (long y = 0; y < height; ++y) {
            const uint8_t *row = rgb + y * row_stride;
            for (long x = 0; x < width; ++x) picture[y][x] = dlib::rgb_pixel(row[3 * x], row[3 * x + 1], row[3 * x + 2]);
        }
        dlib::save_jpeg(picture, path, quality);
        return 0;
    });
}

const char *fk_build_description(void) {
#define FK_STRING2(x) #x
#define FK_STRING(x) FK_STRING2(x)
    return "dlib " FK_STRING(DLIB_MAJOR_VERSION) "." FK_STRING(DLIB_MINOR_VERSION) "." FK_STRING(DLIB_PATCH_VERSION)
           ", SIMD:"
#ifdef DLIB_HAVE_SSE2
           " SSE2"
#endif
#ifdef DLIB_HAVE_SSE3
           " SSSE3"
#endif
#ifdef DLIB_HAVE_SSE41
           " SSE4.1"
#endif
#ifdef DLIB_HAVE_AVX
           " AVX"
#endif
#ifdef DLIB_HAVE_AVX2
           " AVX2"
#endif
#ifdef __FMA__
           ", FMA contraction"
#endif
        ;
#undef FK_STRING
#undef FK_STRING2
}

}  // extern "C"
