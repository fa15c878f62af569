// HTTP routes of code issuance: the citizen's own health code (JSON, SVG, PNG), code
// verification for checkpoints and other platforms, the published trust list, key
// rotation and trust-list import for administrators.
#pragma once

#include "healthcode/issuer_service.h"
#include "http/router.h"

namespace ow::healthcode {

struct IssuanceDeps {
  IssuerService& issuer;
};

void RegisterIssuanceRoutes(http::Router& router, const IssuanceDeps& deps);

}  // namespace ow::healthcode
