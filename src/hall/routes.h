// Routes of the service hall: the public catalogue (事项清单), applications (办件) and the
// officers' queue.
#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "http/router.h"

namespace ow::hall {

struct HallDeps {
  ItemCatalogue& items;
  CaseService& cases;
  // Adds parts of other hall services to a case view (prefill, files); may be empty.
  std::function<Status(const std::string& case_id, boost::json::object& view)> case_extras = {};
  // Runs after a draft is created and before an immediate submission (the prefill fetch).
  std::function<Status(const Principal& p, const std::string& case_id)> after_create = {};
};

void RegisterHallRoutes(http::Router& router, const HallDeps& deps);

// A case as the API shows it (with its history; without the extras of HallDeps).
boost::json::object CaseViewJson(const CaseView& v);

}  // namespace ow::hall
