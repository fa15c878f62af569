// Test helper: applies for an item the way a person does when it needs uploads — a draft, one
// small PDF for every upload material of the item, then the "submit" action — and answers like
// the one-step POST (201 with the case number) so tests of later steps need not care.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "support/test_server.h"

namespace ow::testing {

inline Reply ApplyWithUploads(TestClient& c, boost::json::object body) {
  body["draft"] = true;
  Reply d = c.Post("/api/v1/hall/applications", body);
  if (d.status != 201) return d;
  const std::string id(d.body.at("id").as_string());
  const std::string item(body.at("item").as_string());
  Reply guide = c.Get("/api/v1/hall/items/" + item);
  if (guide.status != 200) return guide;
  for (const auto& m : guide.body.at("materials").as_array()) {
    if (m.at("source").as_string() != "upload") continue;
    const std::string material(m.at("id").as_string());
    Reply f = c.CallRaw("POST", "/api/v1/hall/applications/" + id + "/files?material=" + material,
                        "%PDF-1.4 test", {{"Content-Type", "application/pdf"}});
    if (f.status != 201) return f;
  }
  Reply s = c.Post("/api/v1/hall/applications/" + id + "/actions", {{"action", "submit"}});
  if (s.status == 200) s.status = 201;
  return s;
}

}  // namespace ow::testing
