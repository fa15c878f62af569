#include "codes/qr_decode.h"

#include <ZXing/ReadBarcode.h>
#include <png.h>

namespace ow::codes {

Result<GrayImage> DecodePng(ByteView png, size_t max_pixels) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) {
    png_image_free(&image);
    return Status::BadRequest("png: not a readable PNG");
  }
  if (image.width == 0 || image.height == 0 || image.width > kMaxImageSide ||
      image.height > kMaxImageSide ||
      static_cast<size_t>(image.width) * image.height > max_pixels) {
    png_image_free(&image);
    return Status(Code::kTooLarge, "png: image too large");
  }
  image.format = PNG_FORMAT_GRAY;
  GrayImage out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.pixels.resize(static_cast<size_t>(out.width) * out.height);
  png_color background{0xff, 0xff, 0xff};
  if (!png_image_finish_read(&image, &background, out.pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    return Status::BadRequest("png: corrupt image data");
  }
  return out;
}

Result<std::string> DecodeQr(const GrayImage& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<size_t>(image.width) * image.height) {
    return Status::BadRequest("qr: empty image");
  }
  ZXing::ImageView view(image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  const ZXing::Result result = ZXing::ReadBarcode(view, hints);
  if (!result.isValid()) return Status::NotFound("qr: no QR code found");
  const auto& bytes = result.bytes();
  return std::string(bytes.begin(), bytes.end());
}

Result<std::string> DecodeQrPng(ByteView png) {
  OW_ASSIGN_OR_RETURN(GrayImage image, DecodePng(png));
  return DecodeQr(image);
}

}  // namespace ow::codes
