// Compact JWS (RFC 7515) signed with EdDSA/Ed25519 (RFC 8037), used for ID tokens.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "oidc/signing_key.h"

namespace ow::oidc {

// BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature), with the protected
// header {"alg":"EdDSA","typ":"JWT","kid":<key id>}.
std::string SignJwt(const SigningKey& key, const boost::json::object& claims);

}  // namespace ow::oidc
