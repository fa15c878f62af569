#include "trace/atom.h"

#include <algorithm>

#include "core/time.h"
#include "core/xml.h"

namespace ow::trace {

namespace {

int64_t Updated(const RiskArea& a) { return a.lifted_at_ms.value_or(a.published_at_ms); }

}  // namespace

std::string RiskAreaAtom(const std::vector<RiskArea>& areas, const std::string& self,
                         int64_t now_ms) {
  int64_t updated = 0;
  for (const auto& a : areas) updated = std::max(updated, Updated(a));
  if (updated == 0) updated = now_ms;
  std::string x =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
      "  <id>urn:onewindow:risk-areas</id>\n"
      "  <title>中高风险地区 / Risk areas</title>\n"
      "  <link rel=\"self\" href=\"" +
      XmlEscaped(self) + "\"/>\n  <updated>" + FormatRfc3339(updated) +
      "</updated>\n  <author><name>OneWindow</name></author>\n";
  for (const auto& a : areas) {
    const bool high = a.spec.level == "high";
    const bool lifted = a.status == "lifted";
    std::string where = !a.spec.name.empty() ? a.spec.name
                        : !a.spec.region.empty()
                            ? a.spec.region
                            : std::to_string(a.spec.place_ids.size()) + " places";
    std::string title =
        std::string(lifted ? "已解除：" : "") + (high ? "高风险地区：" : "中风险地区：") + where;
    std::string text = std::string(high ? "high" : "medium") + "-risk area " + where + " from " +
                       FormatRfc3339(a.spec.from_ms) + " to " + FormatRfc3339(a.spec.to_ms) +
                       (a.spec.region.empty() ? "" : ", region " + a.spec.region) +
                       (lifted ? "; lifted " + FormatRfc3339(*a.lifted_at_ms) : "");
    x += "  <entry>\n    <id>urn:onewindow:risk-area:" + XmlEscaped(a.id) + "</id>\n    <title>" +
         XmlEscaped(title) + "</title>\n    <updated>" + FormatRfc3339(Updated(a)) +
         "</updated>\n    <published>" + FormatRfc3339(a.published_at_ms) +
         "</published>\n    <category term=\"" + (high ? "high" : "medium") +
         "\"/>\n    <link href=\"/api/v1/risk-areas/" + XmlEscaped(a.id) +
         "\"/>\n    <content type=\"text\">" + XmlEscaped(text) + "</content>\n  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

}  // namespace ow::trace
