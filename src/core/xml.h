// Escaping text for XML and HTML documents we generate (SVG codes, Atom feeds).
#pragma once

#include <string>
#include <string_view>

namespace ow {

// Appends s with &, <, > and " replaced by entities (safe in text and in quoted attributes).
// The output is always well-formed XML 1.0 character data, whatever s holds: a character that
// XML 1.0 does not allow (control characters other than tab, line feed and carriage return;
// U+FFFE, U+FFFF; surrogates) and every byte that is not part of valid UTF-8 become U+FFFD.
// Stored text is checked when it is written (http::FieldReader), but data stored before that
// check, or by another path, must not break a feed that other platforms follow.
void AppendXmlEscaped(std::string& out, std::string_view s);
std::string XmlEscaped(std::string_view s);

}  // namespace ow
