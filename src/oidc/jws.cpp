#include "oidc/jws.h"

namespace ow::oidc {

std::string SignJwt(const SigningKey& key, const boost::json::object& claims) {
  boost::json::object header{{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key.kid}};
  std::string signing_input = crypto::Base64UrlEncode(boost::json::serialize(header)) + "." +
                              crypto::Base64UrlEncode(boost::json::serialize(claims));
  return signing_input + "." + crypto::Base64UrlEncode(key.Sign(signing_input));
}

}  // namespace ow::oidc
