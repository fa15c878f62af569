// HTTP routes of the notices module: officials' notices (publish, correct, withdraw, list),
// public reading (a notice, its signed versions, its CAP alert, the signing key), and the
// public per-region feeds and portal page.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "notices/notices.h"
#include "notices/portal.h"

namespace ow::notices {

struct NoticesDeps {
  NoticeService& notices;
  PortalService& portal;
  const Clock& clock;
};

void RegisterNoticesRoutes(http::Router& router, const NoticesDeps& deps);

}  // namespace ow::notices
