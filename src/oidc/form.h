// Strict application/x-www-form-urlencoded parsing (RFC 6749 token requests, authorization
// query strings) and the matching percent-encoding used to build redirect URIs.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace ow::oidc {

using FormParams = std::map<std::string, std::string>;

// Parses "a=1&b=x%20y". Strict: every pair needs a non-empty name and '=', '%' must start a
// valid two-digit hex escape, '+' is a space, control characters (raw or escaped) are refused,
// and a parameter may appear only once (RFC 6749 section 3.1). An empty input is no params.
// Errors are BadRequest with a message naming the problem.
Result<FormParams> ParseForm(std::string_view text, size_t max_bytes = 16 * 1024);

// Decodes one form-encoded component with the same strict rules (used for the client id and
// secret of HTTP Basic client authentication, RFC 6749 section 2.3.1).
Result<std::string> FormDecode(std::string_view text);

// Percent-encodes everything except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string FormEncode(std::string_view s);

// Appends encoded query parameters to a URI that may already have a query ("?" or "&").
// Parameters with empty values are left out.
std::string AppendQuery(
    std::string uri, std::initializer_list<std::pair<std::string_view, std::string_view>> params);

}  // namespace ow::oidc
