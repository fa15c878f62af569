// WellFormedXml: checks a document with libxml2 (a real XML parser), for tests of the XML we
// write (Atom feeds, SVG). Tests that include this link LibXml2::LibXml2.
#pragma once

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <string>

namespace ow::testing {

// Empty when `xml` is a well-formed XML document; otherwise libxml2's first error.
inline std::string XmlWellFormednessError(const std::string& xml) {
  xmlResetLastError();
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "test.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  std::string error;
  if (doc == nullptr) {
    const xmlError* e = xmlGetLastError();
    error = e && e->message ? e->message : "not well-formed";
    if (e) error += " (line " + std::to_string(e->line) + ")";
  }
  xmlFreeDoc(doc);
  return error;
}

}  // namespace ow::testing
