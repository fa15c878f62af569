#include "http/route_table.h"

namespace ow::http {

Response ResponseOf(Result<Response> result, const Request& req) {
  if (!result.ok()) return Problem(result.status(), req.path);
  return std::move(result).value();
}

}  // namespace ow::http
