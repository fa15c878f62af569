// Routes for the materials of an application beyond typed answers: refreshing the data
// prefilled from the exchange, uploaded files (add, download, delete), and 免申即享 offers
// (list, accept, decline, the admins' sweep). The case view's
// "prefilled", "prefill_errors" and "files" come from CaseViewExtras (routes.cpp calls it).
#pragma once

#include <boost/json/object.hpp>

#include "hall/offers.h"
#include "hall/prefill.h"
#include "hall/uploads.h"
#include "http/router.h"

namespace ow::hall {

struct MaterialDeps {
  CaseService& cases;
  PrefillService& prefill;
  UploadService& uploads;
  OfferService& offers;
};

// Adds the prefill and file parts to a case view (as JSON).
Status CaseViewExtras(const MaterialDeps& d, const std::string& case_id, boost::json::object& view);

void RegisterHallMaterialRoutes(http::Router& router, const MaterialDeps& deps);

}  // namespace ow::hall
