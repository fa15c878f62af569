// Status and Result<T>: how OneWindow reports expected failures without exceptions.
// Exceptions are reserved for programmer errors (broken invariants).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ow {

// The kind of failure; the HTTP layer maps each code to a status and a problem type.
enum class Code {
  kOk = 0,
  kBadRequest,       // malformed input (e.g. not JSON) -> 400
  kInvalid,          // well-formed but failed validation -> 422
  kUnauthenticated,  // no or bad credentials -> 401
  kForbidden,        // authenticated but not allowed -> 403
  kNotFound,         // -> 404
  kConflict,         // duplicate or state conflict -> 409
  kTooLarge,         // -> 413
  kTooManyRequests,  // throttled -> 429
  kUnavailable,      // dependency down (database) -> 503
  // A transaction lost a race (serialization failure, deadlock, busy database, a concurrent
  // insert of the same unique key): running it again from the start may succeed. Database
  // Transact retries it; if it ever reaches a client -> 503.
  kAborted,
  kInternal,  // bug or unexpected environment failure -> 500
  // A body in a media type the route does not read (e.g. JSON sent as text/plain) -> 415.
  kUnsupportedMediaType,
};

// One bad field of a validated input: a JSON path ("$.travel[0].from"), why it is bad and,
// where a client may act on it, a stable machine code ("out_of_range", "duplicate_key",
// "control_character").
struct FieldError {
  std::string path;
  std::string message;
  std::string code = {};
};

// Status is the result of an operation that returns no value: ok, or a code with a message
// and (for validation failures) the bad fields.
class Status {
 public:
  Status() = default;
  Status(Code code, std::string message, std::vector<FieldError> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  static Status Ok() { return {}; }
  static Status BadRequest(std::string m) { return {Code::kBadRequest, std::move(m)}; }
  static Status Invalid(std::string m, std::vector<FieldError> f = {}) {
    return {Code::kInvalid, std::move(m), std::move(f)};
  }
  static Status Unauthenticated(std::string m) { return {Code::kUnauthenticated, std::move(m)}; }
  static Status Forbidden(std::string m) { return {Code::kForbidden, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status TooManyRequests(std::string m) { return {Code::kTooManyRequests, std::move(m)}; }
  // A throttled request: the caller may try again in `retry_after_seconds` (the HTTP layer
  // sends it as Retry-After).
  static Status TooManyRequests(std::string m, int64_t retry_after_seconds) {
    Status s(Code::kTooManyRequests, std::move(m));
    s.retry_after_seconds_ = retry_after_seconds;
    return s;
  }
  static Status UnsupportedMediaType(std::string m) {
    return {Code::kUnsupportedMediaType, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status Aborted(std::string m) { return {Code::kAborted, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // Seconds after which a refused request may succeed (0 = not known).
  int64_t retry_after_seconds() const { return retry_after_seconds_; }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<FieldError> fields_;
  int64_t retry_after_seconds_ = 0;
};

const char* CodeName(Code code);

// Result<T> holds either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result from an ok Status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ow

// Early-return helpers for Status and Result.
#define OW_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::ow::Status ow_status_ = (expr);        \
    if (!ow_status_.ok()) return ow_status_; \
  } while (0)

#define OW_CONCAT_INNER(a, b) a##b
#define OW_CONCAT(a, b) OW_CONCAT_INNER(a, b)
#define OW_ASSIGN_OR_RETURN(lhs, expr) \
  OW_ASSIGN_OR_RETURN_IMPL(OW_CONCAT(ow_res_, __LINE__), lhs, expr)
#define OW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
