// Escaping text for XML and HTML documents we generate (SVG codes, Atom feeds).
#pragma once

#include <string>
#include <string_view>

namespace ow {

// Appends s with &, <, > and " replaced by entities (safe in text and in quoted attributes).
void AppendXmlEscaped(std::string& out, std::string_view s);
std::string XmlEscaped(std::string_view s);

}  // namespace ow
