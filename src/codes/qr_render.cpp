#include "codes/qr_render.h"

#include <png.h>

#include <cstring>

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

void AppendXmlEscaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(ch);
    }
  }
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
           "\" font-family=\"sans-serif\" font-size=\"4\" font-weight=\"bold\" fill=\"#ffffff\" "
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
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * width);

  // Frame rows, then quiet-zone rows, then module rows (each built once, copied s times).
  uint8_t* p = pixels.data();
  auto copy_row = [&](const uint8_t* row, int times) {
    for (int i = 0; i < times; ++i, p += width) std::memcpy(p, row, width);
  };
  std::vector<uint8_t> row(width, kFrame);
  copy_row(row.data(), frame_px);
  std::memset(row.data() + frame_px, kWhite, width - 2 * frame_px);
  copy_row(row.data(), kQrQuietZone * s);
  for (int y = 0; y < qr.size; ++y) {
    const uint8_t* mod = qr.modules.data() + static_cast<size_t>(y) * qr.size;
    uint8_t* out = row.data() + qr_left;
    for (int x = 0; x < qr.size; ++x, out += s) std::memset(out, mod[x] ? kBlack : kWhite, s);
    copy_row(row.data(), s);
  }
  std::memset(row.data() + qr_left, kWhite, static_cast<size_t>(qr.size) * s);
  copy_row(row.data(), kQrQuietZone * s);
  std::memset(row.data(), kFrame, width);
  copy_row(row.data(), frame_px);

  const Rgb frame = ColourRgb(options.colour);
  const uint8_t colormap[9] = {0xff, 0xff, 0xff, 0, 0, 0, frame.r, frame.g, frame.b};
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(width);
  image.format = PNG_FORMAT_RGB_COLORMAP;
  image.flags = PNG_IMAGE_FLAG_FAST;
  image.colormap_entries = 3;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, colormap)) {
    png_image_free(&image);
    return Status::Internal("png: cannot size image");
  }
  Bytes png(size);
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, colormap)) {
    png_image_free(&image);
    return Status::Internal(std::string("png: ") + image.message);
  }
  png.resize(size);
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
