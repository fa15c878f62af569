// Reading a code back from an image: PNG decoding to 8-bit grey (libpng, with size limits
// for untrusted files) and QR detection with ZXing-cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "codes/bytes.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr int kMaxImageSide = 8192;
inline constexpr size_t kMaxImagePixels = 16 * 1024 * 1024;

// An 8-bit greyscale image, row-major, no padding.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
};

// Any PNG flavour (palette, grey, RGB, alpha composited on white). kBadRequest for a
// corrupt file, kTooLarge for a side over kMaxImageSide or more than max_pixels pixels.
Result<GrayImage> DecodePng(ByteView png, size_t max_pixels = kMaxImagePixels);
// The raw bytes of the first QR code found; kNotFound when there is none.
Result<std::string> DecodeQr(const GrayImage& image);
Result<std::string> DecodeQrPng(ByteView png);

}  // namespace ow::codes
