// JSON request parsing and field-by-field validation for handlers. A body that is not declared
// as JSON is a 415 (Code::kUnsupportedMediaType); malformed JSON, or an object with a key given
// twice, is a 400 (Code::kBadRequest); well-formed input that fails validation is a 422
// (Code::kInvalid) listing every bad field by its JSON path ("$.travel[0].from").
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

// Parses the request body as a JSON object: 415 unless Content-Type is application/json or
// application/<x>+json (charset, if given, utf-8); 400 if it is not JSON, not an object, or an
// object anywhere in it repeats a key (the problem's error has code "duplicate_key" and the
// path of the second occurrence). `sp` may name a request-scoped arena
// (json::monotonic_resource) that outlives the object.
Result<json::object> ParseObject(const Request& req, json::storage_ptr sp = {});

// True when a Content-Type header value names JSON (see ParseObject).
bool IsJsonContentType(std::string_view content_type);

// Parses JSON text like json::parse, but refuses an object with a repeated key (after escapes
// are decoded, so "a" and "\u0061" are the same key) instead of keeping the last value.
Result<json::value> ParseJsonStrict(std::string_view text, json::storage_ptr sp = {});

// What a text field may contain (its UTF-8 is already valid: the JSON parser checks it).
// kLine and kLines refuse control characters: C0 (U+0000..U+001F), DEL (U+007F)
// and C1 (U+0080..U+009F), except that kLines allows tab, line feed and carriage return.
// kOpaque is for secrets and machine payloads that are never shown as text (passwords,
// scanned code payloads, whose verifier gives its own verdict on them).
enum class TextKind { kLine, kLines, kOpaque };

// The byte offset of the first character that `kind` does not allow in s, or npos.
size_t FindDisallowedChar(std::string_view s, TextKind kind);

// Serialises and wraps a JSON value in a response.
Response JsonResponse(int status, const json::value& v);

// Collects validation errors while reading fields of one JSON object.
class FieldReader {
 public:
  explicit FieldReader(const json::object& obj, std::string base = "$");

  // Each getter records an error (and returns nullopt) when the field is missing but required,
  // or has the wrong type. Strings are trimmed of nothing; max_len counts bytes; a string with
  // a character its TextKind refuses is an error with code "control_character".
  std::optional<std::string> String(std::string_view key, bool required, size_t max_len = 1000,
                                    TextKind kind = TextKind::kLine);
  std::optional<double> Number(std::string_view key, bool required);
  std::optional<int64_t> Integer(std::string_view key, bool required);
  std::optional<bool> Bool(std::string_view key, bool required);
  std::optional<Date> DateField(std::string_view key, bool required);     // "YYYY-MM-DD"
  std::optional<int64_t> Timestamp(std::string_view key, bool required);  // RFC 3339 -> ms
  const json::array* Array(std::string_view key, bool required);
  const json::object* Object(std::string_view key, bool required);

  // Records an error for fields not in `allowed` (we ask for nothing beyond what we need).
  void RejectUnknown(std::initializer_list<std::string_view> allowed);

  // Records an error for the string at `path` when it has a character `kind` refuses; returns
  // whether it was fine. For strings read without String() (array items).
  bool CheckText(const std::string& path, std::string_view s, TextKind kind = TextKind::kLine);

  std::string Path(std::string_view key) const { return base_ + "." + std::string(key); }
  void Error(std::string path, std::string message, std::string code = {});
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
