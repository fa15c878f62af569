#include "notices/feeds.h"

#include <boost/json.hpp>

#include <algorithm>

#include "core/time.h"
#include "core/xml.h"

namespace ow::notices {

namespace json = boost::json;

namespace {

// The feed's date when it has no entries: fixed, so that an empty feed keeps its ETag.
constexpr int64_t kEmptyFeedUpdatedMs = 1'575'129'600'000;  // 2019-12-01T00:00:00+08:00
constexpr int64_t kShanghaiOffsetMs = 8 * 3'600'000LL;
constexpr char kSender[] = "notices@onewindow.gov.cn";

int64_t FeedUpdated(const std::vector<Notice>& notices) {
  int64_t updated = 0;
  for (const auto& n : notices) updated = std::max(updated, n.updated_at_ms);
  return updated == 0 ? kEmptyFeedUpdatedMs : updated;
}

std::string NoticePath(const Notice& n) { return "/api/v1/notices/" + n.id; }

std::string Text(const Notice& n) {
  const NoticeContent& c = n.current.content;
  std::string t = c.body_zh + "\n\n" + c.body_en;
  if (!c.hotlines.empty()) {
    t += "\n\n咨询热线 / Hotlines:";
    for (const auto& h : c.hotlines) t += " " + h;
  }
  return t;
}

std::string CapIdentifier(const std::string& notice_id, int version) {
  return "onewindow.notice." + notice_id + ".v" + std::to_string(version);
}

void AppendInfo(std::string& x, const Notice& n, bool zh) {
  const NoticeContent& c = n.current.content;
  auto el = [&x](const char* name, const std::string& value) {
    x += std::string("    <") + name + ">";
    AppendXmlEscaped(x, value);
    x += std::string("</") + name + ">\n";
  };
  x += "  <info>\n";
  el("language", zh ? "zh-CN" : "en-US");
  el("category", "Health");
  el("event", zh ? "疫情防控紧急通告" : "Epidemic control urgent notice");
  el("responseType", "Monitor");
  el("urgency", "Immediate");
  el("severity", "Severe");
  el("certainty", "Observed");
  el("effective", CapTime(c.valid_from_ms));
  el("expires", CapTime(c.valid_to_ms));
  el("senderName", zh ? "卫生健康部门（" + n.region + "）" : "Health authority (" + n.region + ")");
  el("headline", zh ? c.title_zh : c.title_en);
  el("description", zh ? c.body_zh : c.body_en);
  if (!c.hotlines.empty()) {
    std::string contact;
    for (const auto& h : c.hotlines) contact += (contact.empty() ? "" : ", ") + h;
    el("contact", contact);
  }
  x += "    <area>\n";
  x += "      <areaDesc>";
  AppendXmlEscaped(x, (zh ? "行政区划 " : "Administrative region ") + n.region);
  x += "</areaDesc>\n      <geocode>\n        <valueName>GB/T 2260</valueName>\n        <value>";
  // GB/T 2260 codes have six digits; a province or city prefix is padded with zeros.
  std::string code = n.region;
  code.resize(6, '0');
  AppendXmlEscaped(x, code);
  x += "</value>\n      </geocode>\n    </area>\n  </info>\n";
}

}  // namespace

std::string CapTime(int64_t unix_ms) {
  int64_t secs_ms = unix_ms - ((unix_ms % 1000) + 1000) % 1000;
  return FormatRfc3339(secs_ms + kShanghaiOffsetMs).substr(0, 19) + "+08:00";
}

std::string NoticeAtom(const std::string& region, const std::vector<Notice>& notices,
                       const std::string& self) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
      "  <id>urn:onewindow:notices:region:";
  AppendXmlEscaped(x, region);
  x += "</id>\n  <title>";
  AppendXmlEscaped(x, "防疫通告 " + region + " / Epidemic notices " + region);
  x += "</title>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"";
  AppendXmlEscaped(x, self);
  x += "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"/portal?region=";
  AppendXmlEscaped(x, region);
  x += "\"/>\n  <updated>" + FormatRfc3339(FeedUpdated(notices)) +
       "</updated>\n  <author><name>OneWindow 一网通办</name></author>\n";
  for (const auto& n : notices) {
    const NoticeContent& c = n.current.content;
    x += "  <entry>\n    <id>urn:onewindow:notice:";
    AppendXmlEscaped(x, n.id);
    x += "</id>\n    <title>";
    AppendXmlEscaped(x, c.title_zh + " / " + c.title_en);
    x += "</title>\n    <updated>" + FormatRfc3339(n.updated_at_ms) +
         "</updated>\n    <published>" + FormatRfc3339(n.published_at_ms) +
         "</published>\n    <category term=\"";
    AppendXmlEscaped(x, c.severity);
    x += "\"/>\n    <link rel=\"alternate\" href=\"";
    AppendXmlEscaped(x, NoticePath(n));
    x += "\"/>\n";
    if (c.severity == "urgent") {
      x += "    <link rel=\"related\" type=\"application/cap+xml\" href=\"";
      AppendXmlEscaped(x, NoticePath(n) + "/cap.xml");
      x += "\"/>\n";
    }
    x += "    <content type=\"text\">";
    AppendXmlEscaped(x, Text(n));
    x += "</content>\n  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

std::string NoticeJsonFeed(const std::string& region, const std::vector<Notice>& notices,
                           const std::string& self) {
  json::array items;
  for (const auto& n : notices) {
    const NoticeContent& c = n.current.content;
    json::array hotlines;
    for (const auto& h : c.hotlines) hotlines.emplace_back(h);
    items.push_back(
        json::object{{"id", "urn:onewindow:notice:" + n.id},
                     {"url", NoticePath(n)},
                     {"title", c.title_zh + " / " + c.title_en},
                     {"content_text", Text(n)},
                     {"date_published", FormatRfc3339(n.published_at_ms)},
                     {"date_modified", FormatRfc3339(n.updated_at_ms)},
                     {"tags", json::array{json::value(c.severity)}},
                     {"_onewindow", json::object{{"notice_id", n.id},
                                                 {"region", n.region},
                                                 {"version", n.version},
                                                 {"severity", c.severity},
                                                 {"title_zh", c.title_zh},
                                                 {"title_en", c.title_en},
                                                 {"hotlines", std::move(hotlines)},
                                                 {"valid_from", FormatRfc3339(c.valid_from_ms)},
                                                 {"valid_to", FormatRfc3339(c.valid_to_ms)}}}});
  }
  json::object feed{{"version", "https://jsonfeed.org/version/1.1"},
                    {"title", "防疫通告 " + region + " / Epidemic notices " + region},
                    {"home_page_url", "/portal?region=" + region},
                    {"feed_url", self},
                    {"language", "zh-CN"},
                    {"items", std::move(items)}};
  return json::serialize(feed);
}

std::string NoticeCap(const Notice& n, const std::vector<NoticeVersion>& versions) {
  const bool withdrawn = n.status == "withdrawn";
  const int64_t sent = withdrawn && n.withdrawn_at_ms ? *n.withdrawn_at_ms : n.updated_at_ms;
  // A cancellation is a message of its own, after the last version.
  const std::string identifier =
      withdrawn ? "onewindow.notice." + n.id + ".cancel" : CapIdentifier(n.id, n.version);
  const char* msg_type = withdrawn ? "Cancel" : n.version > 1 ? "Update" : "Alert";
  std::string references;
  for (const auto& v : versions) {
    if (!withdrawn && v.version >= n.version) continue;
    references += (references.empty() ? "" : " ") + std::string(kSender) + "," +
                  CapIdentifier(n.id, v.version) + "," + CapTime(v.created_at_ms);
  }
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n  <identifier>";
  AppendXmlEscaped(x, identifier);
  x += "</identifier>\n  <sender>" + std::string(kSender) + "</sender>\n  <sent>" + CapTime(sent) +
       "</sent>\n  <status>Actual</status>\n  <msgType>" + msg_type +
       "</msgType>\n  <scope>Public</scope>\n";
  if (withdrawn && !n.withdraw_reason.empty()) {
    x += "  <note>";
    AppendXmlEscaped(x, n.withdraw_reason);
    x += "</note>\n";
  } else if (!withdrawn && !n.current.note.empty()) {
    x += "  <note>";
    AppendXmlEscaped(x, n.current.note);
    x += "</note>\n";
  }
  if (!references.empty()) {
    x += "  <references>";
    AppendXmlEscaped(x, references);
    x += "</references>\n";
  }
  AppendInfo(x, n, true);
  AppendInfo(x, n, false);
  x += "</alert>\n";
  return x;
}

}  // namespace ow::notices
