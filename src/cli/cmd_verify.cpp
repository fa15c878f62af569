// `onewindow verify [--trust-list FILE] [--root-key B64] [--cert BASE64_DER] [--at RFC3339]
//  (PAYLOAD | --image FILE.png | --file FILE)`: verifies an OW1 health code, an OWL1 licence
// (or a downloaded licence document) or an EU DCC and prints one JSON object. Exit status: 0 valid,
// 1 invalid, 2 usage error.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "codes/verify_command.h"

void AddVerifyCommand(CLI::App& app) {
  auto input = std::make_shared<ow::codes::VerifyCommandInput>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "verify an OW1 health code, an electronic licence (OWL1:) or EU DCC (HC1:)");
  cmd->add_option("payload", input->payload, "scanned text, OW1:..., OWL1:... or HC1:...");
  cmd->add_option("--image", input->image_path, "PNG image holding the QR code");
  cmd->add_option("--file", input->file_path, "a downloaded licence (.cose) or a text payload");
  cmd->add_option("--trust-list", input->trust_list_path, "trust list JSON (plain or signed)");
  cmd->add_option("--root-key", input->root_key_b64,
                  "base64 Ed25519 root key the trust list must be signed with");
  cmd->add_option("--cert", input->cert_b64, "base64 DER signer certificate for HC1 codes");
  cmd->add_option("--at", input->at_rfc3339, "verification time (RFC 3339); default now");
  cmd->callback([input] {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const ow::codes::VerifyCommandOutput out = ow::codes::RunVerifyCommand(*input, now);
    std::printf("%s\n", out.json.c_str());
    std::fflush(stdout);
    if (out.exit_code != 0) throw CLI::RuntimeError(out.exit_code);
  });
}
