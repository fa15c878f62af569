// HTTP routes of the community module: the citizen's inbox and community workers' tasks.
#pragma once

#include <functional>

#include "community/inbox.h"
#include "community/tasks.h"
#include "http/router.h"

namespace ow::community {

struct CommunityDeps {
  Inbox& inbox;
  TaskService& tasks;
  // The region a person's notices are chosen by (residence, else registration region).
  std::function<Result<std::string>(const std::string& person_id)> region_of;
};

void RegisterCommunityRoutes(http::Router& router, const CommunityDeps& deps);

}  // namespace ow::community
