// The posting page and its JSON-LD (see json_ld.h).
#include "jobs/json_ld.h"

#include <boost/json.hpp>

#include <map>

#include "core/time.h"

namespace ow::jobs {

namespace json = boost::json;

std::string ProvinceName(const std::string& region) {
  static const std::map<std::string, std::string> kProvinces = {
      {"11", "北京市"},           {"12", "天津市"},         {"13", "河北省"},
      {"14", "山西省"},           {"15", "内蒙古自治区"},   {"21", "辽宁省"},
      {"22", "吉林省"},           {"23", "黑龙江省"},       {"31", "上海市"},
      {"32", "江苏省"},           {"33", "浙江省"},         {"34", "安徽省"},
      {"35", "福建省"},           {"36", "江西省"},         {"37", "山东省"},
      {"41", "河南省"},           {"42", "湖北省"},         {"43", "湖南省"},
      {"44", "广东省"},           {"45", "广西壮族自治区"}, {"46", "海南省"},
      {"50", "重庆市"},           {"51", "四川省"},         {"52", "贵州省"},
      {"53", "云南省"},           {"54", "西藏自治区"},     {"61", "陕西省"},
      {"62", "甘肃省"},           {"63", "青海省"},         {"64", "宁夏回族自治区"},
      {"65", "新疆维吾尔自治区"}, {"71", "台湾省"},         {"81", "香港特别行政区"},
      {"82", "澳门特别行政区"}};
  auto it = kProvinces.find(region.substr(0, 2));
  return it == kProvinces.end() ? std::string() : it->second;
}

namespace {

// ISO 8601 with the Shanghai offset: "2026-12-31T23:59:59+08:00".
std::string ShanghaiIso(int64_t unix_ms) {
  const int64_t local = unix_ms + 8 * 3600 * 1000LL;
  const int64_t days = local >= 0 ? local / 86'400'000 : (local - 86'399'999) / 86'400'000;
  const int64_t rest = (local - days * 86'400'000) / 1000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", FormatDate(CivilFromDays(days)).c_str(),
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return buf;
}

const char* TypeZh(const std::string& t) {
  if (t == "FULL_TIME") return "全职";
  if (t == "PART_TIME") return "兼职";
  if (t == "CONTRACTOR") return "合同工";
  if (t == "TEMPORARY") return "临时";
  if (t == "INTERN") return "实习";
  if (t == "VOLUNTEER") return "志愿者";
  if (t == "PER_DIEM") return "日结";
  return "其他";
}

}  // namespace

json::object JobPostingJsonLd(const Posting& p, const std::string& base_url) {
  json::object address{
      {"@type", "PostalAddress"},         {"streetAddress", p.in.street_address},
      {"addressLocality", p.in.locality}, {"addressRegion", ProvinceName(p.in.region)},
      {"postalCode", p.in.postal_code},   {"addressCountry", "CN"}};
  return {
      {"@context", "https://schema.org/"},
      {"@type", "JobPosting"},
      {"title", p.in.title},
      {"description", p.in.description},
      {"datePosted", ShanghaiIso(p.created_at_ms)},
      {"validThrough", ShanghaiIso(p.valid_through_ms - 1000)},
      {"employmentType", p.in.employment_type},
      {"hiringOrganization",
       {{"@type", "Organization"},
        {"name", p.enterprise_name},
        {"identifier", p.credit_code},
        {"sameAs", base_url + "/jobs?enterprise=" + p.in.enterprise_id}}},
      {"jobLocation", {{"@type", "Place"}, {"address", std::move(address)}}},
      {"baseSalary",
       {{"@type", "MonetaryAmount"},
        {"currency", "CNY"},
        {"value",
         {{"@type", "QuantitativeValue"},
          {"minValue", p.in.salary_min},
          {"maxValue", p.in.salary_max},
          {"unitText", "MONTH"}}}}},
      {"identifier", {{"@type", "PropertyValue"}, {"name", p.enterprise_name}, {"value", p.id}}},
      {"directApply", true},
      {"totalJobOpenings", p.in.openings},
      {"url", base_url + "/jobs/" + p.id},
  };
}

std::string ScriptSafeJson(const json::value& v) {
  const std::string raw = json::serialize(v);
  std::string out;
  out.reserve(raw.size() + 16);
  for (char c : raw) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  // U+2028 / U+2029 are valid in JSON but end lines in older script parsers.
  for (const char* sep : {"\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    size_t at = 0;
    while ((at = out.find(sep, at)) != std::string::npos) {
      out.replace(at, 3, sep[2] == '\xA8' ? "\\u2028" : "\\u2029");
    }
  }
  return out;
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
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
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PostingPage(const Posting& p, const std::string& base_url) {
  const std::string title = HtmlEscape(p.in.title);
  const std::string org = HtmlEscape(p.enterprise_name);
  std::string description = HtmlEscape(p.in.description);
  std::string html;
  html.reserve(4096 + description.size());
  html += "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + title + " - " + org + " | 一网通办 招聘 OneWindow Jobs</title>\n";
  html += "<link rel=\"canonical\" href=\"" + HtmlEscape(base_url + "/jobs/" + p.id) + "\">\n";
  html += "<script type=\"application/ld+json\">" + ScriptSafeJson(JobPostingJsonLd(p, base_url)) +
          "</script>\n";
  // The style sheet is a file (web/public/jobs-posting.css): the CSP forbids inline styles.
  html += "<link rel=\"stylesheet\" href=\"/jobs-posting.css\">\n";
  html += "</head>\n<body>\n<main>\n";
  html += "<h1>" + title + "</h1>\n";
  html += "<p>" + org + "</p>\n<dl>\n";
  html += "<dt>工作地点 <span class=\"en\">Location</span></dt><dd>" +
          HtmlEscape(ProvinceName(p.in.region) + p.in.locality + p.in.street_address) + " " +
          HtmlEscape(p.in.postal_code) + "</dd>\n";
  html += "<dt>用工类型 <span class=\"en\">Employment type</span></dt><dd>" +
          std::string(TypeZh(p.in.employment_type)) + " <span class=\"en\">" +
          HtmlEscape(p.in.employment_type) + "</span></dd>\n";
  html += "<dt>月薪 <span class=\"en\">Monthly salary</span></dt><dd>¥" +
          std::to_string(p.in.salary_min) + " – ¥" + std::to_string(p.in.salary_max) +
          " <span class=\"en\">CNY per month</span></dd>\n";
  html += "<dt>招聘人数 <span class=\"en\">Openings</span></dt><dd>" +
          std::to_string(p.in.openings) + "</dd>\n";
  html += "<dt>截止日期 <span class=\"en\">Apply by</span></dt><dd>" +
          HtmlEscape(p.in.valid_through) + "</dd>\n</dl>\n";
  html +=
      "<h2>岗位描述 <span class=\"en\">Description</span></h2>\n<pre>" + description + "</pre>\n";
  html += "<p><a href=\"" + HtmlEscape(base_url + "/app/jobs/" + p.id + "/apply") +
          "\">在线投递简历 <span class=\"en\">Apply online</span></a></p>\n";
  html += "</main>\n</body>\n</html>\n";
  return html;
}

}  // namespace ow::jobs
