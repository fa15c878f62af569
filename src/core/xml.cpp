// XML text escaping that always yields well-formed XML 1.0 character data (see xml.h).
#include "core/xml.h"

#include <cstdint>

namespace ow {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// XML 1.0 (Fifth Edition) section 2.2, production [2] Char.
bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// The length of the valid UTF-8 sequence (RFC 3629: shortest form, no surrogates, at most
// U+10FFFF) at the start of s and its code point; length 0 when s does not start with one.
size_t DecodeUtf8(std::string_view s, uint32_t& cp) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(0);
  size_t len;
  uint32_t min;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

void AppendXmlEscaped(std::string& out, std::string_view s) {
  while (!s.empty()) {
    const char ch = s.front();
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default: {
        uint32_t cp = 0;
        const size_t len = DecodeUtf8(s, cp);
        if (len == 0) {
          out += kReplacement;  // one replacement per byte that starts no valid sequence
          s.remove_prefix(1);
          continue;
        }
        if (IsXmlChar(cp)) {
          out.append(s.substr(0, len));
        } else {
          out += kReplacement;
        }
        s.remove_prefix(len);
        continue;
      }
    }
    s.remove_prefix(1);
  }
}

std::string XmlEscaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendXmlEscaped(out, s);
  return out;
}

}  // namespace ow
