#include "http/json.h"

#include <algorithm>
#include <cmath>

namespace ow::http {

Result<json::object> ParseObject(const Request& req, json::storage_ptr sp) {
  if (req.body.empty()) return Status::BadRequest("request body must be a JSON object");
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec, std::move(sp));
  if (ec) return Status::BadRequest("malformed JSON: " + ec.message());
  if (!v.is_object()) return Status::BadRequest("request body must be a JSON object");
  return std::move(v.as_object());
}

Response JsonResponse(int status, const json::value& v) {
  return Response::Json(status, json::serialize(v));
}

FieldReader::FieldReader(const json::object& obj, std::string base)
    : obj_(obj), base_(std::move(base)) {}

void FieldReader::Error(std::string path, std::string message) {
  errors_.push_back({std::move(path), std::move(message)});
}

Status FieldReader::status(std::string_view what) const {
  if (errors_.empty()) return Status::Ok();
  return Status::Invalid(std::string(what), errors_);
}

const json::value* FieldReader::Get(std::string_view key, bool required) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) {
    if (required) Error(Path(key), "is required");
    return nullptr;
  }
  return &it->value();
}

std::optional<std::string> FieldReader::String(std::string_view key, bool required,
                                               size_t max_len) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Error(Path(key), "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_string();
  if (s.size() > max_len) {
    Error(Path(key), "is too long (at most " + std::to_string(max_len) + " bytes)");
    return std::nullopt;
  }
  return std::string(s);
}

std::optional<double> FieldReader::Number(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  Error(Path(key), "must be a number");
  return std::nullopt;
}

std::optional<int64_t> FieldReader::Integer(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(v->get_uint64());
  if (v->is_double() && std::floor(v->get_double()) == v->get_double() &&
      std::fabs(v->get_double()) < 9e15)
    return static_cast<int64_t>(v->get_double());
  Error(Path(key), "must be an integer");
  return std::nullopt;
}

std::optional<bool> FieldReader::Bool(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Error(Path(key), "must be true or false");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<Date> FieldReader::DateField(std::string_view key, bool required) {
  auto s = String(key, required, 10);
  if (!s) return std::nullopt;
  auto d = ParseDate(*s);
  if (!d) Error(Path(key), "must be a date YYYY-MM-DD");
  return d;
}

std::optional<int64_t> FieldReader::Timestamp(std::string_view key, bool required) {
  auto s = String(key, required, 40);
  if (!s) return std::nullopt;
  auto t = ParseRfc3339(*s);
  if (!t) Error(Path(key), "must be an RFC 3339 timestamp");
  return t;
}

const json::array* FieldReader::Array(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    Error(Path(key), "must be an array");
    return nullptr;
  }
  return &v->get_array();
}

const json::object* FieldReader::Object(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    Error(Path(key), "must be an object");
    return nullptr;
  }
  return &v->get_object();
}

void FieldReader::RejectUnknown(std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : obj_) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      Error(Path(kv.key()), "is not a known field (we do not collect it)");
  }
}

}  // namespace ow::http
