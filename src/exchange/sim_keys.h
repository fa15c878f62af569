// Deterministic member keys for demos and tests (docs/exchange.md, "dept-sim"): the Ed25519
// key pair of a member subsystem derived from a shared seed, so that `onewindow dept-sim`, the
// tests and `make run`'s demo agree on every member's keys without exchanging files. NOT for
// production: anyone who knows the seed holds every key; production members register keys they
// generated themselves.
#pragma once

#include <string>
#include <string_view>

#include "exchange/envelope.h"
#include "exchange/xroad_id.h"

namespace ow::exchange {

// The key id of every derived key, and the instant from which it is valid (2020-01-01Z).
inline constexpr char kSimKeyId[] = "sim-1";
inline constexpr int64_t kSimKeyNotBeforeMs = 1'577'836'800'000;
// The seed used when none is given.
inline constexpr char kDefaultSimSeed[] = "onewindow-demo";

struct DerivedMemberKey {
  std::string key_id;      // kSimKeyId
  std::string public_key;  // 32 raw bytes
  std::string secret_key;  // 64 raw bytes
  SigningKey Signing() const { return {key_id, secret_key}; }
};

// Ed25519 from the 32-byte seed BLAKE2b-256("onewindow.sim-member-key\0" seed "\0" member).
DerivedMemberKey SimMemberKey(std::string_view seed, const SubsystemId& member);

}  // namespace ow::exchange
