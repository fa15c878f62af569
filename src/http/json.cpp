// JSON request bodies: media-type check, a strict parse (no repeated keys) and FieldReader.
#include "http/json.h"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_set>
#include <vector>

namespace ow::http {

namespace {

// An object with more keys than this is checked for repeats with a hash set; smaller ones
// (nearly all request objects) by comparing with each earlier key, without allocating.
constexpr size_t kLinearKeyScan = 16;

// A basic_parser handler that builds the value exactly as json::parse does (through a
// value_stack) and also remembers, per open object, the keys seen so far. A repeated key stops
// the parse with `duplicate_path` set to where it was found ("$.a[2].b").
class StrictHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  // `temp` (may be null) is scratch space for the value being built, as json::parse uses.
  StrictHandler(unsigned char* temp, size_t temp_size) : st({}, temp, temp_size) {}

  json::value_stack st;
  std::string duplicate_path;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    frames_.push_back({true, 0, key_spans_.size(), {}, nullptr});
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    const Frame& f = frames_.back();
    key_spans_.resize(f.first_key);
    key_chars_.resize(key_spans_.empty() ? 0 : key_spans_.back().first + key_spans_.back().second);
    frames_.pop_back();
    st.push_object(n);
    ValueDone();
    return true;
  }
  bool on_array_begin(json::error_code&) {
    frames_.push_back({false, 0, key_spans_.size(), {}, nullptr});
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    frames_.pop_back();
    st.push_array(n);
    ValueDone();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    partial_key_.append(s.data(), s.size());
    st.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    std::string_view key = s;
    if (!partial_key_.empty()) {
      partial_key_.append(s.data(), s.size());
      key = partial_key_;
    }
    Frame& f = frames_.back();
    f.key.assign(key);
    if (!Remember(f, key)) {
      duplicate_path = Path();
      ec = json::error::syntax;
      return false;
    }
    partial_key_.clear();
    st.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    st.push_string(s);
    ValueDone();
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    st.push_int64(i);
    ValueDone();
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    st.push_uint64(u);
    ValueDone();
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code&) {
    st.push_double(d);
    ValueDone();
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    st.push_bool(b);
    ValueDone();
    return true;
  }
  bool on_null(json::error_code&) {
    st.push_null();
    ValueDone();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    bool object;
    size_t index;      // arrays: the index of the item being read
    size_t first_key;  // objects: this object's first entry in key_spans_
    std::string key;   // objects: the key being read
    std::unique_ptr<std::unordered_set<std::string>> many;  // objects with many keys
  };

  // Adds key to the frame's keys; false if it is there already.
  bool Remember(Frame& f, std::string_view key) {
    if (f.many) return f.many->emplace(key).second;
    const size_t count = key_spans_.size() - f.first_key;
    for (size_t i = f.first_key; i < key_spans_.size(); ++i) {
      const auto [at, len] = key_spans_[i];
      if (std::string_view(key_chars_).substr(at, len) == key) return false;
    }
    if (count + 1 < kLinearKeyScan) {
      key_spans_.emplace_back(key_chars_.size(), key.size());
      key_chars_.append(key);
      return true;
    }
    f.many = std::make_unique<std::unordered_set<std::string>>();
    for (size_t i = f.first_key; i < key_spans_.size(); ++i) {
      const auto [at, len] = key_spans_[i];
      f.many->emplace(key_chars_.substr(at, len));
    }
    f.many->emplace(key);
    return true;
  }

  void ValueDone() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  std::string Path() const {
    std::string p = "$";
    for (const Frame& f : frames_)
      p += f.object ? "." + f.key : "[" + std::to_string(f.index) + "]";
    return p;
  }

  std::vector<Frame> frames_;
  std::string partial_key_;
  std::string key_chars_;                             // keys of the open objects
  std::vector<std::pair<size_t, size_t>> key_spans_;  // (offset, length) into key_chars_
};

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The code point of the UTF-8 sequence at s[i] (valid UTF-8 assumed) and its length.
std::pair<uint32_t, size_t> DecodeUtf8(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return {c, 1};
  if ((c >> 5) == 0x6 && i + 1 < s.size()) return {((c & 0x1fu) << 6) | (b(1) & 0x3fu), 2};
  if ((c >> 4) == 0xe && i + 2 < s.size())
    return {((c & 0x0fu) << 12) | ((b(1) & 0x3fu) << 6) | (b(2) & 0x3fu), 3};
  if ((c >> 3) == 0x1e && i + 3 < s.size())
    return {((c & 0x07u) << 18) | ((b(1) & 0x3fu) << 12) | ((b(2) & 0x3fu) << 6) | (b(3) & 0x3fu),
            4};
  return {0xfffd, 1};
}

}  // namespace

bool IsJsonContentType(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  const std::string media = Lower(TrimOws(content_type.substr(0, semi)));
  const bool json_type = media == "application/json" ||
                         (media.starts_with("application/") && media.ends_with("+json") &&
                          media.size() > std::string_view("application/+json").size());
  if (!json_type) return false;
  // Parameters: JSON is UTF-8 (RFC 8259); a charset parameter must say so.
  std::string_view params = semi == std::string_view::npos ? "" : content_type.substr(semi + 1);
  while (!params.empty()) {
    const size_t next = params.find(';');
    std::string_view param = TrimOws(params.substr(0, next));
    params = next == std::string_view::npos ? "" : params.substr(next + 1);
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (Lower(TrimOws(param.substr(0, eq))) != "charset") continue;
    std::string_view value = TrimOws(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (Lower(value) != "utf-8") return false;
  }
  return true;
}

Result<json::value> ParseJsonStrict(std::string_view text, json::storage_ptr sp) {
  unsigned char temp[BOOST_JSON_STACK_BUFFER_SIZE];
  json::basic_parser<StrictHandler> p{json::parse_options{}, temp, sizeof temp};
  p.handler().st.reset(std::move(sp));
  json::error_code ec;
  const size_t n = p.write_some(false, text.data(), text.size(), ec);
  if (!p.handler().duplicate_path.empty()) {
    return Status(Code::kBadRequest, "an object in the JSON body repeats a key",
                  {{p.handler().duplicate_path, "is given more than once", "duplicate_key"}});
  }
  if (!ec && n < text.size()) ec = json::error::extra_data;
  if (!ec && !p.done()) ec = json::error::incomplete;
  if (ec) return Status::BadRequest("malformed JSON: " + ec.message());
  return p.handler().st.release();
}

Result<json::object> ParseObject(const Request& req, json::storage_ptr sp) {
  if (req.body.empty()) return Status::BadRequest("request body must be a JSON object");
  if (!IsJsonContentType(req.Header("Content-Type").value_or(""))) {
    return Status::UnsupportedMediaType(
        "the request body must be sent as Content-Type: application/json");
  }
  OW_ASSIGN_OR_RETURN(json::value v, ParseJsonStrict(req.body, std::move(sp)));
  if (!v.is_object()) return Status::BadRequest("request body must be a JSON object");
  return std::move(v.as_object());
}

size_t FindDisallowedChar(std::string_view s, TextKind kind) {
  if (kind == TextKind::kOpaque) return std::string_view::npos;
  for (size_t i = 0; i < s.size();) {
    const auto [cp, len] = DecodeUtf8(s, i);
    const bool control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
    const bool line_break_or_tab = cp == '\t' || cp == '\n' || cp == '\r';
    if (control && !(kind == TextKind::kLines && line_break_or_tab)) return i;
    i += len;
  }
  return std::string_view::npos;
}

Response JsonResponse(int status, const json::value& v) {
  return Response::Json(status, json::serialize(v));
}

FieldReader::FieldReader(const json::object& obj, std::string base)
    : obj_(obj), base_(std::move(base)) {}

void FieldReader::Error(std::string path, std::string message, std::string code) {
  errors_.push_back({std::move(path), std::move(message), std::move(code)});
}

bool FieldReader::CheckText(const std::string& path, std::string_view s, TextKind kind) {
  if (FindDisallowedChar(s, kind) == std::string_view::npos) return true;
  Error(path,
        kind == TextKind::kLines
            ? "must not contain control characters (other than tab and line breaks)"
            : "must not contain control characters",
        "control_character");
  return false;
}

Status FieldReader::status(std::string_view what) const {
  if (errors_.empty()) return Status::Ok();
  return Status::Invalid(std::string(what), errors_);
}

const json::value* FieldReader::Get(std::string_view key, bool required) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) {
    if (required) Error(Path(key), "is required", "required");
    return nullptr;
  }
  return &it->value();
}

std::optional<std::string> FieldReader::String(std::string_view key, bool required, size_t max_len,
                                               TextKind kind) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Error(Path(key), "must be a string", "not_a_string");
    return std::nullopt;
  }
  const auto& s = v->get_string();
  if (s.size() > max_len) {
    Error(Path(key), "is too long (at most " + std::to_string(max_len) + " bytes)", "too_long");
    return std::nullopt;
  }
  if (!CheckText(Path(key), s, kind)) return std::nullopt;
  return std::string(s);
}

std::optional<double> FieldReader::Number(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  Error(Path(key), "must be a number", "not_a_number");
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
  Error(Path(key), "must be an integer", "not_an_integer");
  return std::nullopt;
}

std::optional<bool> FieldReader::Bool(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Error(Path(key), "must be true or false", "not_a_boolean");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<Date> FieldReader::DateField(std::string_view key, bool required) {
  auto s = String(key, required, 10);
  if (!s) return std::nullopt;
  auto d = ParseDate(*s);
  if (!d) Error(Path(key), "must be a date YYYY-MM-DD", "not_a_date");
  return d;
}

std::optional<int64_t> FieldReader::Timestamp(std::string_view key, bool required) {
  auto s = String(key, required, 40);
  if (!s) return std::nullopt;
  auto t = ParseRfc3339(*s);
  if (!t) Error(Path(key), "must be an RFC 3339 timestamp", "not_a_timestamp");
  return t;
}

const json::array* FieldReader::Array(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    Error(Path(key), "must be an array", "not_a_list");
    return nullptr;
  }
  return &v->get_array();
}

const json::object* FieldReader::Object(std::string_view key, bool required) {
  const json::value* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    Error(Path(key), "must be an object", "not_an_object");
    return nullptr;
  }
  return &v->get_object();
}

void FieldReader::RejectUnknown(std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : obj_) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      Error(Path(kv.key()), "is not a known field (we do not collect it)", "unknown_field");
  }
}

}  // namespace ow::http
