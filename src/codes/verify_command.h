// The logic behind `onewindow verify`: loads the trust list and signer certificate, reads
// the payload (text, QR image, or a file: a downloaded licence document), verifies it and renders one JSON object. Kept here so the
// CLI file only maps flags; exit codes: 0 valid, 1 invalid, 2 usage error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ow::codes {

// The command's inputs; empty strings mean "not given".
struct VerifyCommandInput {
  std::string payload;          // "OW1:..." / "HC1:..."
  std::string image_path;       // PNG with a QR code (instead of payload)
  std::string file_path;        // a downloaded licence (raw COSE), or a file holding the text
  std::string trust_list_path;  // trust list JSON, plain or signed
  std::string root_key_b64;     // when set, the trust list must be signed by this key
  std::string cert_b64;         // base64 DER signer certificate for HC1
  std::string at_rfc3339;       // verification time; default now_seconds
};

struct VerifyCommandOutput {
  int exit_code = 2;
  std::string json;  // one JSON object, no trailing newline
};

VerifyCommandOutput RunVerifyCommand(const VerifyCommandInput& input, int64_t now_seconds);

}  // namespace ow::codes
