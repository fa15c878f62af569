// The colour engine's route table.
#include "healthcode/routes.h"

#include "healthcode/route_handlers.h"
#include "http/route_table.h"

namespace ow::healthcode {

using http::Method;

void RegisterHealthCodeRoutes(http::Router& router, const HealthCodeDeps& deps) {
  const auto any = http::AnyUser();
  const auto everyone = http::Public();
  const auto officials = http::Roles({Role::kHealthOfficial});
  const auto senders = http::Roles({Role::kDepartmentSystem, Role::kHealthOfficial});
  const auto admin = http::Roles({Role::kAdmin});
  http::AddRoutes<HealthCodeDeps>(
      router, deps,
      {
          {Method::kPost, "/api/v1/me/declarations", any, PostDeclaration},
          {Method::kGet, "/api/v1/me/declarations", any, ListDeclarations},
          {Method::kPost, "/api/v1/me/corrections", any, PostCorrection},
          {Method::kPost, "/api/v1/me/checkins", any, PostCheckIn},
          {Method::kGet, "/api/v1/me/colour", any, MyColour},
          {Method::kGet, "/api/v1/me/colour/timeline", any, MyTimeline},
          {Method::kPost, "/api/v1/me/appeals", any, PostAppeal},
          {Method::kGet, "/api/v1/me/appeals", any, ListAppeals},
          {Method::kGet, "/api/v1/reviews", officials, ReviewQueue},
          {Method::kPost, "/api/v1/reviews/{id}", officials, DecideReview},
          {Method::kPost, "/api/v1/signals", senders, PostSignal},
          {Method::kGet, "/api/v1/rules", everyone, GetRules},
          {Method::kPost, "/api/v1/admin/rules/reload", admin, ReloadRules},
      });
}

}  // namespace ow::healthcode
