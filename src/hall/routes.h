// Routes of the service hall: the public catalogue (事项清单), applications (办件) and the
// officers' queue.
#pragma once

#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "http/router.h"

namespace ow::hall {

struct HallDeps {
  ItemCatalogue& items;
  CaseService& cases;
};

void RegisterHallRoutes(http::Router& router, const HallDeps& deps);

}  // namespace ow::hall
