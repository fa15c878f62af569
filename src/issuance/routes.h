// HTTP routes of code issuance: the citizen's own health code (JSON, SVG, PNG), code
// verification for checkpoints and other platforms, the published trust list, key
// rotation and trust-list import for administrators.
#pragma once

#include "http/router.h"
#include "issuance/issuer_service.h"

namespace ow::issuance {

struct IssuanceDeps {
  IssuerService& issuer;
};

void RegisterIssuanceRoutes(http::Router& router, const IssuanceDeps& deps);

}  // namespace ow::issuance
