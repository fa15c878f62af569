// Conditional GETs for public, read-heavy responses (RFC 9110 sections 8.8.3 and 13.1.2).
//
// The dispatcher gives every successful GET whose Cache-Control lets shared caches keep it
// ("public", or "no-cache": store but revalidate) and that carries no cookie an ETag computed
// from its body, and answers 304 Not Modified (no body, no media type) when the request's
// If-None-Match names it. HAProxy, a CDN or a browser then revalidates a risk-area list,
// notice feed, trust list or catalogue for a few hundred bytes instead of the whole document.
// Responses marked "immutable" (hashed web assets) and those that set their own ETag are left
// as they are.
#pragma once

#include <string>
#include <string_view>

#include "http/api.h"

namespace ow::http {

// A strong entity tag for `body`: FNV-1a 64 in hex, quoted ("\"0123456789abcdef\"").
std::string BodyETag(std::string_view body);

// Whether If-None-Match lists `etag` (weak comparison, as RFC 9110 requires for it) or is "*".
bool IfNoneMatchHits(const Request& req, std::string_view etag);

// Makes `resp` a 304 for `req` when If-None-Match hits `etag`: status 304, body and media
// type dropped; ETag set either way. Returns whether it did.
bool AnswerNotModified(const Request& req, Response& resp, const std::string& etag);

// The dispatcher's rule (see above): adds the ETag and answers 304 where it applies.
void AddValidators(const Request& req, Response& resp);

}  // namespace ow::http
