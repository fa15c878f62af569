// The public page of a job posting: server-rendered HTML (zh-CN with English) whose
// <script type="application/ld+json"> holds a schema.org JobPosting with the properties search
// engines require (title, description, datePosted, validThrough, hiringOrganization,
// jobLocation as a PostalAddress, employmentType, baseSalary, identifier, directApply). The
// JSON-LD is in the page as served, before any script, with "<", ">" and "&" escaped as \u003c
// \u003e \u0026 so no description can close the script element.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "jobs/postings.h"

namespace ow::jobs {

// The province (addressRegion) of a GB/T 2260 code: "330106" -> 浙江省 ("" if unknown).
std::string ProvinceName(const std::string& region);

// The JobPosting object. `base_url` is the public URL without a trailing slash.
boost::json::object JobPostingJsonLd(const Posting& p, const std::string& base_url);

// JSON text safe inside a <script> element.
std::string ScriptSafeJson(const boost::json::value& v);

// HTML-escapes text for element content and attribute values.
std::string HtmlEscape(const std::string& s);

// The whole page.
std::string PostingPage(const Posting& p, const std::string& base_url);

}  // namespace ow::jobs
