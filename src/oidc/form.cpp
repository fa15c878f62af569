#include "oidc/form.h"

namespace ow::oidc {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Decodes one name or value; BadRequest on a broken escape or a control character.
Result<std::string> Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return Status::BadRequest("truncated percent-escape in form data");
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return Status::BadRequest("bad percent-escape in form data");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (IsControl(static_cast<unsigned char>(c)) || c == ' ') {
      return Status::BadRequest("unencoded space or control character in form data");
    } else {
      out += c;
    }
  }
  for (char c : out)
    if (IsControl(static_cast<unsigned char>(c)))
      return Status::BadRequest("control character in form data");
  return out;
}

}  // namespace

Result<std::string> FormDecode(std::string_view text) { return Decode(text); }

Result<FormParams> ParseForm(std::string_view text, size_t max_bytes) {
  FormParams out;
  if (text.empty()) return out;
  if (text.size() > max_bytes) return Status::BadRequest("form data is too large");
  while (true) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return Status::BadRequest("form data has a pair without a name or '='");
    OW_ASSIGN_OR_RETURN(std::string name, Decode(pair.substr(0, eq)));
    OW_ASSIGN_OR_RETURN(std::string value, Decode(pair.substr(eq + 1)));
    if (out.count(name)) return Status::BadRequest("parameter '" + name + "' is repeated");
    out.emplace(std::move(name), std::move(value));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return out;
}

std::string FormEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char c : s) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

std::string AppendQuery(
    std::string uri, std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  bool has_query = uri.find('?') != std::string::npos;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    uri += has_query ? '&' : '?';
    has_query = true;
    uri += FormEncode(name);
    uri += '=';
    uri += FormEncode(value);
  }
  return uri;
}

}  // namespace ow::oidc
