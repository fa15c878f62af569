// JSON request parsing and field-by-field validation for handlers. Malformed JSON is a
// 400 (Code::kBadRequest); well-formed input that fails validation is a 422 (Code::kInvalid)
// listing every bad field by its JSON path ("$.travel[0].from").
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "http/api.h"

namespace ow::http {

namespace json = boost::json;

// Parses the request body as a JSON object (400 if it is not JSON or not an object).
// `sp` may name a request-scoped arena (json::monotonic_resource) that outlives the object.
Result<json::object> ParseObject(const Request& req, json::storage_ptr sp = {});

// Serialises and wraps a JSON value in a response.
Response JsonResponse(int status, const json::value& v);

// Collects validation errors while reading fields of one JSON object.
class FieldReader {
 public:
  explicit FieldReader(const json::object& obj, std::string base = "$");

  // Each getter records an error (and returns nullopt) when the field is missing but required,
  // or has the wrong type. Strings are trimmed of nothing; max_len counts bytes.
  std::optional<std::string> String(std::string_view key, bool required, size_t max_len = 1000);
  std::optional<double> Number(std::string_view key, bool required);
  std::optional<int64_t> Integer(std::string_view key, bool required);
  std::optional<bool> Bool(std::string_view key, bool required);
  std::optional<Date> DateField(std::string_view key, bool required);     // "YYYY-MM-DD"
  std::optional<int64_t> Timestamp(std::string_view key, bool required);  // RFC 3339 -> ms
  const json::array* Array(std::string_view key, bool required);
  const json::object* Object(std::string_view key, bool required);

  // Records an error for fields not in `allowed` (we ask for nothing beyond what we need).
  void RejectUnknown(std::initializer_list<std::string_view> allowed);

  std::string Path(std::string_view key) const { return base_ + "." + std::string(key); }
  void Error(std::string path, std::string message);
  bool ok() const { return errors_.empty(); }
  // Ok, or Invalid with all recorded field errors.
  Status status(std::string_view what = "request body is invalid") const;
  std::vector<FieldError>& errors() { return errors_; }

 private:
  const json::value* Get(std::string_view key, bool required);

  const json::object& obj_;
  std::string base_;
  std::vector<FieldError> errors_;
};

}  // namespace ow::http
