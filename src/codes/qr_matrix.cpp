#include "codes/qr_matrix.h"

#include <qrencode.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "codes/qr_mask_penalty.h"

// Encodes with a caller-chosen mask. Exported by libqrencode (qrencode_inner.h) but not in
// its public header; QRcode_encodeInput would run libqrencode's own mask evaluation, which
// costs ~1 ms for a typical code, so we pick the mask ourselves (qr_mask_penalty.h).
extern "C" QRcode* QRcode_encodeMask(QRinput* input, int mask);

namespace ow::codes {
namespace {

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
struct InputDeleter {
  void operator()(QRinput* in) const { QRinput_free(in); }
};
using QrPtr = std::unique_ptr<QRcode, QrDeleter>;

// libqrencode module flags: bit 0 dark, bit 7 set on function patterns (not data).
constexpr uint8_t kDark = 0x01;
constexpr uint8_t kNonData = 0x80;

bool IsAlphanumeric(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '$' || c == '%' ||
         c == '*' || c == '+' || c == '-' || c == '.' || c == '/' || c == ':';
}

QRencodeMode ModeFor(std::string_view payload) {
  if (std::all_of(payload.begin(), payload.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return QR_MODE_NUM;
  }
  if (std::all_of(payload.begin(), payload.end(), IsAlphanumeric)) return QR_MODE_AN;
  return QR_MODE_8;
}

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view payload) {
  if (payload.empty()) return Status::Invalid("qr: empty payload");
  std::unique_ptr<QRinput, InputDeleter> input(QRinput_new2(0, QR_ECLEVEL_M));
  if (!input || QRinput_append(input.get(), ModeFor(payload), static_cast<int>(payload.size()),
                               reinterpret_cast<const unsigned char*>(payload.data())) != 0) {
    return Status::Invalid("qr: cannot encode payload");
  }
  QrPtr code(QRcode_encodeMask(input.get(), 0));
  if (!code) return Status::Invalid("qr: payload does not fit in a QR code");

  // Unmask the data modules once, then score each mask on a 0/1 grid (format information
  // is left as for mask 0 while scoring; it is rewritten by the final encode).
  const int size = code->width;
  const size_t n = static_cast<size_t>(size) * size;
  std::vector<uint8_t> unmasked(n);
  for (int r = 0; r < size; ++r) {
    for (int c = 0; c < size; ++c) {
      const uint8_t m = code->data[static_cast<size_t>(r) * size + c];
      uint8_t dark = m & kDark;
      if (!(m & kNonData) && QrMaskFlips(0, r, c)) dark ^= 1;
      unmasked[static_cast<size_t>(r) * size + c] = dark;
    }
  }
  std::vector<uint8_t> candidate(n);
  int best_mask = 0;
  int best_penalty = std::numeric_limits<int>::max();
  for (int mask = 0; mask < 8; ++mask) {
    for (int r = 0; r < size; ++r) {
      for (int c = 0; c < size; ++c) {
        const size_t i = static_cast<size_t>(r) * size + c;
        const bool data = !(code->data[i] & kNonData);
        candidate[i] = unmasked[i] ^ static_cast<uint8_t>(data && QrMaskFlips(mask, r, c));
      }
    }
    const int penalty = QrPenalty(candidate, size);
    if (penalty < best_penalty) {
      best_penalty = penalty;
      best_mask = mask;
    }
  }
  if (best_mask != 0) {
    code.reset(QRcode_encodeMask(input.get(), best_mask));
    if (!code) return Status::Internal("qr: re-encoding failed");
  }

  QrMatrix m;
  m.size = size;
  m.modules.resize(n);
  for (size_t i = 0; i < n; ++i) m.modules[i] = code->data[i] & kDark;
  return m;
}

}  // namespace ow::codes
