#include "codes/qr_render.h"

#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "core/xml.h"

namespace ow::codes {
namespace {

struct Rgb {
  uint8_t r, g, b;
};

Rgb ColourRgb(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return {0x1a, 0x7f, 0x37};
    case Colour::kYellow:
      return {0xd4, 0xa0, 0x17};
    case Colour::kRed:
      return {0xc6, 0x28, 0x28};
  }
  return {0, 0, 0};
}

void AppendToBytes(png_structp png, png_bytep data, size_t n) {
  auto* out = static_cast<Bytes*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + n);
}

void NoFlush(png_structp) {}

// Writes a 2-bit palette PNG of pre-packed rows. Only trivially destructible locals live
// here, because libpng reports errors by longjmp to the setjmp below.
bool WritePalettePng(Bytes* out, const uint8_t* rows, int width, int height, size_t row_bytes,
                     const png_color* palette, int entries) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, out, AppendToBytes, NoFlush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 2,
               PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_PLTE(png, info, palette, entries);
  // Rows repeat exactly: the Up filter turns repeats into zero runs, which deflate's
  // run-length mode packs fast and small.
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_strategy(png, Z_RLE);
  png_set_compression_level(png, 1);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    png_write_row(png, rows + static_cast<size_t>(y) * row_bytes);
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

// Palette indexes of the PNG.
constexpr uint8_t kWhite = 0;
constexpr uint8_t kBlack = 1;
constexpr uint8_t kFrame = 2;

}  // namespace

const char* ColourHex(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "#1a7f37";
    case Colour::kYellow:
      return "#d4a017";
    case Colour::kRed:
      return "#c62828";
  }
  return "#000000";
}

std::string RenderQrSvg(const QrMatrix& qr, const QrRenderOptions& options) {
  const int frame = std::max(1, options.frame_modules);
  const int inner = qr.size + 2 * kQrQuietZone;
  const int label_h = options.label.empty() ? 0 : 6;
  const int width = inner + 2 * frame;
  const int height = inner + 2 * frame + label_h;
  const int origin = frame + kQrQuietZone;

  std::string svg;
  svg.reserve(static_cast<size_t>(qr.size) * qr.size * 6 + 512);
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" rx=\"1\" fill=\"" + ColourHex(options.colour) + "\"/>";
  svg += "<rect x=\"" + std::to_string(frame) + "\" y=\"" + std::to_string(frame) + "\" width=\"" +
         std::to_string(inner) + "\" height=\"" + std::to_string(inner) + "\" fill=\"#ffffff\"/>";
  // Dark modules as one path of horizontal runs.
  svg += "<path fill=\"#000000\" d=\"";
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size;) {
      if (!qr.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < qr.size && qr.dark(x + run, y)) ++run;
      svg += 'M' + std::to_string(origin + x) + ' ' + std::to_string(origin + y) + 'h' +
             std::to_string(run) + "v1h-" + std::to_string(run) + 'z';
      x += run;
    }
  }
  svg += "\"/>";
  if (label_h > 0) {
    svg += "<text x=\"50%\" y=\"" + std::to_string(inner + 2 * frame + label_h / 2 - 1) +
           "\" font-family=\"'PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft "
           "YaHei',sans-serif\" font-size=\"4\" font-weight=\"bold\" fill=\"#ffffff\" "
           "text-anchor=\"middle\" dominant-baseline=\"middle\">";
    AppendXmlEscaped(svg, options.label);
    svg += "</text>";
  }
  svg += "</svg>";
  return svg;
}

Result<Bytes> RenderQrPng(const QrMatrix& qr, const QrRenderOptions& options) {
  if (options.scale < 1 || options.scale > 32) return Status::Invalid("qr: scale must be 1..32");
  if (options.frame_modules < 0 || options.frame_modules > 16) {
    return Status::Invalid("qr: frame must be 0..16 modules");
  }
  const int s = options.scale;
  const int frame_px = options.frame_modules * s;
  const int width = (qr.size + 2 * kQrQuietZone) * s + 2 * frame_px;
  const int qr_left = frame_px + kQrQuietZone * s;
  const size_t row_bytes = (static_cast<size_t>(width) + 3) / 4;  // 2 bits per pixel
  std::vector<uint8_t> packed(row_bytes * width);

  // Each distinct row is built once as palette indexes, packed, and copied as often as it
  // repeats; no per-pixel calls.
  std::vector<uint8_t> row(width, kFrame);
  uint8_t* p = packed.data();
  auto emit = [&](int times) {
    if (times <= 0) return;  // a frame of 0 modules: no rows (writing one would overrun)
    uint8_t* first = p;
    for (size_t i = 0; i < row_bytes; ++i) {
      uint8_t b = 0;
      for (size_t k = 0; k < 4; ++k) {
        const size_t x = 4 * i + k;
        b = static_cast<uint8_t>(b << 2 | (x < row.size() ? row[x] : 0));
      }
      first[i] = b;
    }
    p += row_bytes;
    for (int t = 1; t < times; ++t, p += row_bytes) std::memcpy(p, first, row_bytes);
  };
  emit(frame_px);
  std::fill(row.begin() + frame_px, row.end() - frame_px, kWhite);
  emit(kQrQuietZone * s);
  for (int y = 0; y < qr.size; ++y) {
    const uint8_t* mod = qr.modules.data() + static_cast<size_t>(y) * qr.size;
    uint8_t* out = row.data() + qr_left;
    for (int x = 0; x < qr.size; ++x, out += s) std::memset(out, mod[x] ? kBlack : kWhite, s);
    emit(s);
  }
  std::fill(row.begin() + qr_left, row.end() - qr_left, kWhite);
  emit(kQrQuietZone * s);
  std::fill(row.begin(), row.end(), kFrame);
  emit(frame_px);

  const Rgb frame = ColourRgb(options.colour);
  const png_color palette[3] = {{0xff, 0xff, 0xff}, {0, 0, 0}, {frame.r, frame.g, frame.b}};
  Bytes png;
  png.reserve(packed.size() / 4 + 256);
  if (!WritePalettePng(&png, packed.data(), width, width, row_bytes, palette, 3)) {
    return Status::Internal("png: encoding failed");
  }
  return png;
}

Result<std::string> RenderPayloadSvg(std::string_view payload, const QrRenderOptions& options) {
  OW_ASSIGN_OR_RETURN(QrMatrix qr, EncodeQr(payload));
  return RenderQrSvg(qr, options);
}

Result<Bytes> RenderPayloadPng(std::string_view payload, const QrRenderOptions& options) {
  OW_ASSIGN_OR_RETURN(QrMatrix qr, EncodeQr(payload));
  return RenderQrPng(qr, options);
}

}  // namespace ow::codes
