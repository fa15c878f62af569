#include "checkpoint/routes.h"

#include "codes/qr_render.h"
#include "http/json.h"
#include "identity/validate.h"

namespace ow::checkpoint {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::object PlaceJson(const Place& p) {
  json::object o{{"place_id", p.id},
                 {"name", p.name},
                 {"kind", p.kind},
                 {"region", p.region},
                 {"address", p.address},
                 {"community", p.community},
                 {"created_at", FormatRfc3339(p.created_at_ms)}};
  o["capacity"] = p.capacity ? json::value(*p.capacity) : json::value(nullptr);
  return o;
}

json::object DecisionJson(const ScanDecision& d, json::storage_ptr sp = {}) {
  json::object o({{"allowed", d.allowed},
                  {"masked_name", d.masked_name},
                  {"reason", d.reason},
                  {"reason_zh", d.reason_zh},
                  {"reason_en", d.reason_en},
                  {"direction", DirectionName(d.record.direction)},
                  {"at", FormatRfc3339(d.record.at_ms)}},
                 sp);
  o["colour"] = d.colour ? json::value(codes::ColourName(*d.colour), sp) : json::value(nullptr);
  return o;
}

// The answer to a scan, serialised once on the io thread (in a stack arena, no heap per
// field) and left open: the pass log's callback only appends whether it was a duplicate.
std::string OpenScanAnswer(const ScanDecision& d) {
  unsigned char arena[1024];
  json::monotonic_resource mr(arena, sizeof arena);
  std::string s = json::serialize(DecisionJson(d, &mr));
  s.pop_back();  // the closing brace
  return s;
}

json::object RecordJson(const PassRecord& r) {
  json::object o{{"record_id", r.id},
                 {"place_id", r.place_id},
                 {"at", FormatRfc3339(r.at_ms)},
                 {"direction", DirectionName(r.direction)},
                 {"allowed", r.allowed},
                 {"colour", r.colour ? codes::ColourName(*r.colour) : ""},
                 {"reason", r.reason},
                 {"source", SourceName(r.source)}};
  return o;
}

// Officials and admins manage places in their regions.
Status CanManage(const Principal& p, const std::string& region) {
  if (p.Has(Role::kAdmin) || p.HasInRegion(Role::kHealthOfficial, region)) return Status::Ok();
  return Status::Forbidden("this place is outside your region");
}

Status CanView(const Principal& p, const Place& place) {
  if (p.Has(Role::kAdmin) || p.HasInRegion(Role::kHealthOfficial, place.region) ||
      p.HasInRegion(Role::kCommunityWorker, place.region) ||
      p.HasForPlace(Role::kCheckpointStaff, place.id, place.region))
    return Status::Ok();
  return Status::Forbidden("this place is outside your scope");
}

Result<ScanInput> ReadScan(const Request& req) {
  unsigned char arena[2048];  // the parsed body lives only in here (heap only if larger)
  json::monotonic_resource mr(arena, sizeof arena);
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req, &mr));
  http::FieldReader f(body);
  f.RejectUnknown({"payload", "place_id", "direction", "client_id", "device"});
  ScanInput in;
  in.payload = f.String("payload", true, 4096).value_or("");
  in.place_id = f.String("place_id", true, 64).value_or("");
  auto direction = ParseDirection(f.String("direction", false, 8).value_or("in"));
  in.direction = direction.value_or(Direction::kIn);
  in.client_id = f.String("client_id", false, 64);
  in.device = f.String("device", false, 64).value_or("");
  if (!direction) f.Error("$.direction", "must be in or out");
  if (in.client_id && in.client_id->empty()) f.Error("$.client_id", "must not be empty");
  OW_RETURN_IF_ERROR(f.status());
  return in;
}

std::optional<Date> DayParam(const Request& req, const Clock& clock, std::vector<FieldError>& e) {
  auto d = req.Query("date");
  if (!d) return ShanghaiDate(clock.NowMillis());
  auto parsed = ParseDate(*d);
  if (!parsed) e.push_back({"$.date", "must be YYYY-MM-DD"});
  return parsed;
}

}  // namespace

void RegisterCheckpointRoutes(http::Router& router, CheckpointDeps d) {
  auto managers = http::Roles({Role::kHealthOfficial, Role::kAdmin});
  auto viewers = http::Roles(
      {Role::kHealthOfficial, Role::kAdmin, Role::kCommunityWorker, Role::kCheckpointStaff});
  auto scanners = http::Roles({Role::kCheckpointStaff, Role::kAdmin});

  router.Add(Method::kPost, "/api/v1/places", managers, [d](Request& req) {
    auto body = http::ParseObject(req);
    if (!body.ok()) return http::Problem(body.status(), req.path);
    http::FieldReader f(*body);
    f.RejectUnknown({"name", "kind", "region", "address", "community", "capacity"});
    NewPlace in;
    in.name = f.String("name", true, 1000).value_or("");
    in.kind = f.String("kind", true, 40).value_or("");
    in.region = f.String("region", true, 20).value_or("");
    in.address = f.String("address", false, 1000).value_or("");
    in.community = f.String("community", false, 1000).value_or("");
    in.capacity = f.Integer("capacity", false);
    if (!f.ok()) return http::Problem(f.status(), req.path);
    // Scope is checked for well-formed regions; a malformed one gets its 422 from Create.
    if (identity::CheckRegionCode(in.region)) {
      if (Status s = CanManage(*req.principal, in.region); !s.ok())
        return http::Problem(s, req.path);
    }
    auto place = d.places.Create(in, req.principal->person_id);
    if (!place.ok()) return http::Problem(place.status(), req.path);
    auto code = d.places.PlaceCode(*place);
    if (!code.ok()) return http::Problem(code.status(), req.path);
    json::object o = PlaceJson(*place);
    o["place_code"] = *code;
    Response r = http::JsonResponse(201, o);
    r.Set("Location", "/api/v1/places/" + place->id);
    return r;
  });

  router.Add(Method::kGet, "/api/v1/places", viewers, [d](Request& req) {
    const Principal& p = *req.principal;
    std::vector<std::string> prefixes;
    if (p.Has(Role::kAdmin)) prefixes.push_back("");
    for (Role r : {Role::kHealthOfficial, Role::kCommunityWorker, Role::kCheckpointStaff})
      for (const auto& s : p.Scopes(r))
        if (!s.starts_with("place:")) prefixes.push_back(s);
    auto places = d.places.List(prefixes);
    if (!places.ok()) return http::Problem(places.status(), req.path);
    json::array a;
    for (const auto& pl : *places) a.push_back(PlaceJson(pl));
    // Places assigned individually.
    for (const auto& s : p.Scopes(Role::kCheckpointStaff)) {
      if (!s.starts_with("place:")) continue;
      auto pl = d.places.Get(s.substr(6));
      bool seen = false;
      for (const auto& x : a) seen = seen || x.at("place_id") == json::value(s.substr(6));
      if (pl.ok() && !seen) a.push_back(PlaceJson(*pl));
    }
    return http::JsonResponse(200, {{"places", std::move(a)}});
  });

  router.Add(Method::kGet, "/api/v1/places/{id}", viewers, [d](Request& req) {
    auto place = d.places.Get(req.Param("id"));
    if (!place.ok()) return http::Problem(place.status(), req.path);
    if (Status s = CanView(*req.principal, *place); !s.ok()) return http::Problem(s, req.path);
    auto code = d.places.PlaceCode(*place);
    if (!code.ok()) return http::Problem(code.status(), req.path);
    json::object o = PlaceJson(*place);
    o["place_code"] = *code;
    return http::JsonResponse(200, o);
  });

  auto code_image = [d](Request& req, bool png) {
    auto place = d.places.Get(req.Param("id"));
    if (!place.ok()) return http::Problem(place.status(), req.path);
    if (Status s = CanView(*req.principal, *place); !s.ok()) return http::Problem(s, req.path);
    auto code = d.places.PlaceCode(*place);
    if (!code.ok()) return http::Problem(code.status(), req.path);
    codes::QrRenderOptions opts;
    opts.label = place->name;
    opts.scale = 8;
    if (png) {
      auto img = codes::RenderPayloadPng(*code, opts);
      if (!img.ok()) return http::Problem(img.status(), req.path);
      return Response::Text(200, std::string(img->begin(), img->end()), "image/png");
    }
    auto svg = codes::RenderPayloadSvg(*code, opts);
    if (!svg.ok()) return http::Problem(svg.status(), req.path);
    return Response::Text(200, *svg, "image/svg+xml");
  };
  router.Add(Method::kGet, "/api/v1/places/{id}/code.svg", viewers,
             [code_image](Request& req) { return code_image(req, false); });
  router.Add(Method::kGet, "/api/v1/places/{id}/code.png", viewers,
             [code_image](Request& req) { return code_image(req, true); });

  router.Add(Method::kPost, "/api/v1/places/{id}/staff", managers, [d](Request& req) {
    auto place = d.places.Get(req.Param("id"));
    if (!place.ok()) return http::Problem(place.status(), req.path);
    if (Status s = CanManage(*req.principal, place->region); !s.ok())
      return http::Problem(s, req.path);
    auto body = http::ParseObject(req);
    if (!body.ok()) return http::Problem(body.status(), req.path);
    http::FieldReader f(*body);
    f.RejectUnknown({"id_number"});
    auto id_number = f.String("id_number", true, 40);
    if (!f.ok()) return http::Problem(f.status(), req.path);
    auto person = d.identity.FindByIdNumber(*id_number);
    if (!person.ok()) return http::Problem(person.status(), req.path);
    Status s = d.places.AssignStaff(place->id, *person, req.principal->person_id);
    if (!s.ok()) return http::Problem(s, req.path);
    return http::JsonResponse(201, {{"place_id", place->id},
                                    {"person_id", *person},
                                    {"role", "checkpoint_staff"},
                                    {"scope", "place:" + place->id}});
  });

  router.AddAsync(
      Method::kPost, "/api/v1/scans", scanners, [d](Request& req, http::Respond respond) {
        auto in = ReadScan(req);
        if (!in.ok()) return respond(http::Problem(in.status(), req.path));
        auto decision = d.scans.Decide(*req.principal, *in);
        if (!decision.ok()) return respond(http::Problem(decision.status(), req.path));
        std::string body = OpenScanAnswer(*decision);
        std::vector<PassRecord> records;
        records.push_back(std::move(decision->record));
        d.passes.Append(std::move(records), [respond = std::move(respond), body = std::move(body),
                                             path = req.path](Result<AppendResult> r) mutable {
          if (!r.ok()) return respond(http::Problem(r.status(), path));
          body += r->duplicates > 0 ? ",\"duplicate\":true}" : ",\"duplicate\":false}";
          respond(Response::Json(201, std::move(body)));
        });
      });

  router.AddAsync(
      Method::kPost, "/api/v1/scans/batch", scanners, [d](Request& req, http::Respond respond) {
        auto body = http::ParseObject(req);
        if (!body.ok()) return respond(http::Problem(body.status(), req.path));
        http::FieldReader f(*body);
        f.RejectUnknown({"place_id", "device", "records"});
        auto place_id = f.String("place_id", true, 64);
        auto device = f.String("device", false, 64).value_or("");
        const json::array* records = f.Array("records", true);
        std::vector<OfflineRecord> in;
        if (records) {
          if (records->size() > 5000) f.Error("$.records", "at most 5000 records per batch");
          for (size_t i = 0; i < records->size() && i < 5000; ++i) {
            std::string base = "$.records[" + std::to_string(i) + "]";
            if (!(*records)[i].is_object()) {
              f.Error(base, "must be an object");
              continue;
            }
            http::FieldReader rf((*records)[i].as_object(), base);
            rf.RejectUnknown({"client_id", "payload", "at", "direction"});
            OfflineRecord r;
            r.client_id = rf.String("client_id", true, 64).value_or("");
            r.payload = rf.String("payload", true, 4096).value_or("");
            r.at_ms = rf.Timestamp("at", true).value_or(0);
            auto direction = ParseDirection(rf.String("direction", false, 8).value_or("in"));
            r.direction = direction.value_or(Direction::kIn);
            r.device = device;
            if (!direction) rf.Error(rf.Path("direction"), "must be in or out");
            if (r.at_ms > d.clock.NowMillis() + 300000) rf.Error(rf.Path("at"), "is in the future");
            for (auto& e : rf.errors()) f.Error(e.path, e.message);
            in.push_back(std::move(r));
          }
        }
        if (!f.ok()) return respond(http::Problem(f.status(), req.path));
        auto recs = d.scans.Offline(*req.principal, *place_id, in);
        if (!recs.ok()) return respond(http::Problem(recs.status(), req.path));
        std::string path = req.path;
        size_t n = recs->size();
        d.passes.Append(std::move(*recs), [respond, path, n](Result<AppendResult> r) {
          if (!r.ok()) return respond(http::Problem(r.status(), path));
          respond(http::JsonResponse(
              200, {{"received", n}, {"accepted", r->inserted}, {"duplicates", r->duplicates}}));
        });
      });

  router.AddAsync(Method::kPost, "/api/v1/me/visits", http::AnyUser(),
                  [d](Request& req, http::Respond respond) {
                    auto body = http::ParseObject(req);
                    if (!body.ok()) return respond(http::Problem(body.status(), req.path));
                    http::FieldReader f(*body);
                    f.RejectUnknown({"place_code", "direction"});
                    auto code = f.String("place_code", true, 4096);
                    auto direction = ParseDirection(f.String("direction", false, 8).value_or("in"));
                    if (!direction) f.Error("$.direction", "must be in or out");
                    if (!f.ok()) return respond(http::Problem(f.status(), req.path));
                    auto decision = d.scans.Visit(*req.principal, *code, *direction);
                    if (!decision.ok()) return respond(http::Problem(decision.status(), req.path));
                    json::object out = DecisionJson(*decision);
                    out["place_id"] = decision->record.place_id;
                    std::string path = req.path;
                    d.passes.Append({decision->record},
                                    [respond, out, path](Result<AppendResult> r) {
                                      if (!r.ok()) return respond(http::Problem(r.status(), path));
                                      respond(http::JsonResponse(201, out));
                                    });
                  });

  router.Add(Method::kGet, "/api/v1/me/passes", http::AnyUser(), [d](Request& req) {
    int64_t now = d.clock.NowMillis();
    auto recs = d.passes.ForPerson(req.principal->person_id,
                                   now - static_cast<int64_t>(d.retention_days) * 86400000,
                                   now + 300001, 500);  // offline gates may run a bit ahead
    if (!recs.ok()) return http::Problem(recs.status(), req.path);
    json::array a;
    for (const auto& r : *recs) {
      json::object o = RecordJson(r);
      if (auto pl = d.places.Get(r.place_id); pl.ok()) o["place_name"] = pl->name;
      a.push_back(std::move(o));
    }
    return http::JsonResponse(200, {{"passes", std::move(a)}});
  });

  router.Add(
      Method::kGet, "/api/v1/places/{id}/passes",
      http::Roles({Role::kHealthOfficial, Role::kAdmin}), [d](Request& req) {
        auto place = d.places.Get(req.Param("id"));
        if (!place.ok()) return http::Problem(place.status(), req.path);
        if (Status s = CanManage(*req.principal, place->region); !s.ok())
          return http::Problem(s, req.path);
        std::vector<FieldError> errors;
        int64_t now = d.clock.NowMillis();
        int64_t from = now - 86400000, to = now + 1;
        if (auto q = req.Query("from")) {
          if (auto t = ParseRfc3339(*q))
            from = *t;
          else
            errors.push_back({"$.from", "must be RFC 3339"});
        }
        if (auto q = req.Query("to")) {
          if (auto t = ParseRfc3339(*q))
            to = *t;
          else
            errors.push_back({"$.to", "must be RFC 3339"});
        }
        if (!errors.empty()) return http::Problem(Status::Invalid("bad query", errors), req.path);
        auto recs = d.passes.ForPlace(place->id, from, to, 1000);
        if (!recs.ok()) return http::Problem(recs.status(), req.path);
        json::array a;
        for (const auto& r : *recs) {
          json::object o = RecordJson(r);
          std::string masked;
          if (r.person_id) {
            if (auto who = d.identity.GetSummary(*r.person_id); who.ok()) masked = who->masked_name;
          }
          o["masked_name"] = masked;
          a.push_back(std::move(o));
        }
        // Reading who passed a place is a read of personal data: audit it.
        Status s = d.audit.Append(
            {req.principal->person_id, "pii.read", "place:" + place->id, "pass_records",
             "place pass list " + FormatRfc3339(from) + ".." + FormatRfc3339(to), req.remote_ip});
        if (!s.ok()) return http::Problem(s, req.path);
        return http::JsonResponse(200, {{"place_id", place->id}, {"passes", std::move(a)}});
      });

  router.Add(Method::kGet, "/api/v1/places/{id}/stats", viewers, [d](Request& req) {
    auto place = d.places.Get(req.Param("id"));
    if (!place.ok()) return http::Problem(place.status(), req.path);
    if (Status s = CanView(*req.principal, *place); !s.ok()) return http::Problem(s, req.path);
    std::vector<FieldError> errors;
    auto day = DayParam(req, d.clock, errors);
    if (!errors.empty()) return http::Problem(Status::Invalid("bad query", errors), req.path);
    auto hours = d.stats.PlaceHours(place->id, *day);
    if (!hours.ok()) return http::Problem(hours.status(), req.path);
    if (req.Query("format").value_or("json") == "csv")
      return Response::Text(200, PassStats::HoursCsv(place->id, *day, *hours),
                            "text/csv; charset=utf-8");
    json::array a;
    for (const auto& h : *hours) {
      json::object reasons;
      for (const auto& [k, v] : h.refusals_by_reason) reasons[k] = v;
      a.push_back({{"hour", h.hour},
                   {"passes", h.passes},
                   {"refusals", h.refusals},
                   {"refusals_by_reason", std::move(reasons)}});
    }
    return http::JsonResponse(
        200, {{"place_id", place->id}, {"date", FormatDate(*day)}, {"hours", std::move(a)}});
  });

  router.Add(
      Method::kGet, "/api/v1/stats/communities",
      http::Roles({Role::kHealthOfficial, Role::kCommunityWorker, Role::kAdmin}),
      [d](Request& req) {
        std::vector<FieldError> errors;
        auto day = DayParam(req, d.clock, errors);
        std::string region = req.Query("region").value_or("");
        bool digits = !region.empty() && region.size() <= 6;
        for (char c : region) digits = digits && c >= '0' && c <= '9';
        if (!digits) errors.push_back({"$.region", "must be a region code prefix (digits)"});
        if (!errors.empty()) return http::Problem(Status::Invalid("bad query", errors), req.path);
        const Principal& p = *req.principal;
        if (!p.Has(Role::kAdmin) && !p.HasInRegion(Role::kHealthOfficial, region) &&
            !p.HasInRegion(Role::kCommunityWorker, region))
          return http::Problem(Status::Forbidden("this region is outside your scope"), req.path);
        auto rows = d.stats.Communities(region, *day);
        if (!rows.ok()) return http::Problem(rows.status(), req.path);
        if (req.Query("format").value_or("json") == "csv")
          return Response::Text(200, PassStats::CommunitiesCsv(*day, *rows),
                                "text/csv; charset=utf-8");
        json::array a;
        for (const auto& c : *rows)
          a.push_back({{"community", c.community},
                       {"region", c.region},
                       {"passes_in", c.passes_in},
                       {"passes_out", c.passes_out},
                       {"residents_in", c.residents_in},
                       {"residents_out", c.residents_out},
                       {"refusals", c.refusals}});
        return http::JsonResponse(200, {{"date", FormatDate(*day)}, {"communities", std::move(a)}});
      });
}

}  // namespace ow::checkpoint
