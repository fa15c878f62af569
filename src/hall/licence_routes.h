// Routes of the licence wallet (电子证照): the caller's licences, one licence with its signed
// document and QR, and the document as a file (application/cose) for `onewindow verify --file`.
#pragma once

#include "hall/licences.h"
#include "http/router.h"

namespace ow::hall {

struct LicenceDeps {
  LicenceService& licences;
};

void RegisterLicenceRoutes(http::Router& router, const LicenceDeps& deps);

}  // namespace ow::hall
