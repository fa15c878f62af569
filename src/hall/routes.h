// Routes of the service hall: the public catalogue (事项清单) so far.
#pragma once

#include "hall/item_catalogue.h"
#include "http/router.h"

namespace ow::hall {

struct HallDeps {
  ItemCatalogue& items;
};

void RegisterHallRoutes(http::Router& router, const HallDeps& deps);

}  // namespace ow::hall
