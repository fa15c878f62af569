// NotFoundAt: a 404 that says which input named the missing thing. A bare NotFound becomes a
// problem+json without field errors, which a client cannot tell from "no such route"; with the
// field ("$.place_id") and a stable code ("unknown_place") it can say what is missing.
#pragma once

#include <string>
#include <utility>

#include "core/status.h"

namespace ow {

// Adds {path, message, code} to a NotFound status; any other status is returned unchanged.
inline Status NotFoundAt(Status s, std::string path, std::string code) {
  if (s.code() != Code::kNotFound || !s.fields().empty()) return s;
  std::string message = s.message();
  return Status(Code::kNotFound, message, {{std::move(path), message, std::move(code)}});
}

template <typename T>
Result<T> NotFoundAt(Result<T> r, std::string path, std::string code) {
  if (r.ok()) return r;
  return NotFoundAt(r.status(), std::move(path), std::move(code));
}

}  // namespace ow
