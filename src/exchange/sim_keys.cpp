// Deterministic member keys for demos and tests (see sim_keys.h).
#include "exchange/sim_keys.h"

#include "crypto/crypto.h"

namespace ow::exchange {

DerivedMemberKey SimMemberKey(std::string_view seed, const SubsystemId& member) {
  std::string material = "onewindow.sim-member-key";
  material += '\0';
  material += seed;
  material += '\0';
  material += member.ToString();
  crypto::Ed25519KeyPair kp = crypto::Ed25519KeyPairFromSeed(crypto::Hash(material));
  return {kSimKeyId, std::move(kp.public_key), std::move(kp.secret_key)};
}

}  // namespace ow::exchange
