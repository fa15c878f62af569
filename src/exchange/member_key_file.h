// A member's signing key file: how a production installation gives OneWindow's own members
// (330000-OW/hall, /healthcode) their private keys for outbound calls, instead of the
// seed-derived demo keys of sim_keys.h. The file is JSON
//   {"member": "CN-ZJ/GOV/330000-OW/hall", "key_id": "hall-202612", "seed": "<base64 of 32 bytes>"}
// readable by its owner only (like the installation's master key file).
#pragma once

#include <string>

#include "core/status.h"
#include "exchange/envelope.h"
#include "exchange/xroad_id.h"

namespace ow::exchange {

struct MemberKeyFile {
  SubsystemId member;
  SigningKey key;          // secret key derived from the seed
  std::string public_key;  // 32 raw bytes, to register with the registry
};

// Reads and checks a key file: NotFound when missing, Invalid when malformed (bad member id,
// empty key id, seed not base64 of 32 bytes) or readable by group or others.
Result<MemberKeyFile> LoadMemberKeyFile(const std::string& path);

// Writes a new key file for `member` with a random seed (0600, refusing to overwrite).
Result<MemberKeyFile> CreateMemberKeyFile(const std::string& path, const SubsystemId& member,
                                          const std::string& key_id);

}  // namespace ow::exchange
