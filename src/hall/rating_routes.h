// Routes of the hall's ratings (好差评): the applicant's rating of a case, the departments'
// rectification tasks, and the public statistics per item and department.
#pragma once

#include "hall/ratings.h"
#include "http/router.h"

namespace ow::hall {

struct RatingDeps {
  RatingService& ratings;
};

void RegisterRatingRoutes(http::Router& router, const RatingDeps& deps);

}  // namespace ow::hall
