#include "app/texts_routes.h"

#include "checkpoint/scan_service.h"
#include "codes/code_claims.h"
#include "http/conditional.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::app {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr char kTextsCacheControl[] = "public, max-age=60";

json::object LocalText(const std::string& zh, const std::string& en) {
  return {{"zh", zh}, {"en", en}};
}

Result<Response> Texts(const TextsDeps& d, Request& req) {
  auto rules = d.health_codes.rules();
  json::object verdicts;
  for (const auto& [code, text] : checkpoint::VerdictTexts())
    verdicts[code] = LocalText(text.first, text.second);
  json::object hints, colours;
  for (codes::Colour c : {codes::Colour::kGreen, codes::Colour::kYellow, codes::Colour::kRed}) {
    healthcode::ColourHint h = rules ? rules->Hint(c) : healthcode::DefaultHint(c);
    hints[codes::ColourName(c)] = LocalText(h.zh, h.en);
    std::string en = codes::ColourName(c);
    colours[codes::ColourName(c)] = LocalText(codes::ColourNameZh(c), en + " code");
  }
  json::object o{{"rules_version", rules ? rules->version : std::string()},
                 {"verdicts", std::move(verdicts)},
                 {"hints", std::move(hints)},
                 {"colours", std::move(colours)}};
  std::string body = json::serialize(o);
  // The ETag changes exactly when the texts do (a rules reload); 304: no body, no media type.
  const std::string tag = http::BodyETag(body);
  Response r = Response::Json(200, std::move(body));
  http::AnswerNotModified(req, r, tag);
  r.Set("Cache-Control", kTextsCacheControl);
  return r;
}

}  // namespace

void RegisterTextsRoutes(http::Router& router, const TextsDeps& deps) {
  http::AddRoutes<TextsDeps>(router, deps,
                             {{Method::kGet, "/api/v1/texts", http::Public(), Texts}});
}

}  // namespace ow::app
