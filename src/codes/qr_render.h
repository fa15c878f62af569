// Rendering a code as a QR image for display: SVG (vector, with a colour-coded frame and a
// text label) and PNG (palette image with the coloured frame, integer scale). Both keep the
// 4-module white quiet zone inside the frame.
#pragma once

#include <string>
#include <string_view>

#include "codes/bytes.h"
#include "codes/code_claims.h"
#include "codes/qr_matrix.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr int kQrQuietZone = 4;

// Display options.
struct QrRenderOptions {
  Colour colour = Colour::kGreen;  // frame colour
  std::string label;               // SVG only: text under the code (XML-escaped on output)
  int scale = 4;                   // PNG pixels per module (1..32)
  int frame_modules = 2;           // width of the coloured frame, in modules
};

// "#1a7f37", "#d4a017", "#c62828".
const char* ColourHex(Colour c);

std::string RenderQrSvg(const QrMatrix& qr, const QrRenderOptions& options);
Result<Bytes> RenderQrPng(const QrMatrix& qr, const QrRenderOptions& options);

// Encode + render in one step.
Result<std::string> RenderPayloadSvg(std::string_view payload, const QrRenderOptions& options);
Result<Bytes> RenderPayloadPng(std::string_view payload, const QrRenderOptions& options);

}  // namespace ow::codes
