// Routes of online recruitment (docs/jobs.md): postings by enterprises, the public search and
// posting (JSON and the server-rendered page with its JobPosting JSON-LD); scan to apply,
// résumés, applications, the employer pipeline and interviews.
#pragma once

#include <functional>
#include <string>

#include "core/clock.h"
#include "http/router.h"
#include "jobs/applications.h"
#include "jobs/postings.h"

namespace ow::jobs {

struct JobsDeps {
  PostingService& postings;
  ApplicationService& applications;
  const Clock& clock;
  std::function<std::string()> base_url;  // the public URL, no trailing slash
};

void RegisterJobsRoutes(http::Router& router, const JobsDeps& deps);
// Scan to apply, résumés, the employer's pipeline and interviews (application_routes.cpp).
void RegisterJobApplicationRoutes(http::Router& router, const JobsDeps& deps);

// Reads a posting body (Invalid with a path and code per bad field).
Result<NewPosting> ReadNewPosting(const boost::json::object& body, const Clock& clock);

}  // namespace ow::jobs
