#include "checkpoint/routes.h"

#include "codes/qr_render.h"
#include "core/not_found.h"
#include "http/json.h"
#include "http/route_table.h"
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
  in.payload = f.String("payload", true, 4096, http::TextKind::kOpaque).value_or("");
  in.place_id = f.String("place_id", true, 64).value_or("");
  auto direction = ParseDirection(f.String("direction", false, 8).value_or("in"));
  in.direction = direction.value_or(Direction::kIn);
  in.client_id = f.String("client_id", false, 64);
  in.device = f.String("device", false, 64).value_or("");
  if (!direction) f.Error("$.direction", "must be in or out", "bad_direction");
  if (in.client_id && in.client_id->empty())
    f.Error("$.client_id", "must not be empty", "required");
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

// Offline gates may run a little ahead of the server's clock.
constexpr int64_t kAllowedClockSkewMs = 5 * kMillisPerMinute;
constexpr size_t kMaxOfflineRecords = 5000;
constexpr size_t kMaxPassHistory = 500;
constexpr size_t kMaxPlacePasses = 1000;

// A place the caller may see (404 if unknown, 403 outside their scope).
Result<Place> ViewablePlace(const CheckpointDeps& d, const Request& req) {
  OW_ASSIGN_OR_RETURN(Place place, d.places.Get(req.Param("id")));
  OW_RETURN_IF_ERROR(CanView(*req.principal, place));
  return place;
}

// A place the caller may manage (404 if unknown, 403 outside their region).
Result<Place> ManagedPlace(const CheckpointDeps& d, const Request& req) {
  OW_ASSIGN_OR_RETURN(Place place, d.places.Get(req.Param("id")));
  OW_RETURN_IF_ERROR(CanManage(*req.principal, place.region));
  return place;
}

Result<json::object> PlaceWithCodeJson(const CheckpointDeps& d, const Place& place) {
  OW_ASSIGN_OR_RETURN(std::string code, d.places.PlaceCode(place));
  json::object o = PlaceJson(place);
  o["place_code"] = code;
  return o;
}

Result<Response> CreatePlace(const CheckpointDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"name", "kind", "region", "address", "community", "capacity"});
  NewPlace in;
  in.name = f.String("name", true, 1000).value_or("");
  in.kind = f.String("kind", true, 40).value_or("");
  in.region = f.String("region", true, 20).value_or("");
  in.address = f.String("address", false, 1000).value_or("");
  in.community = f.String("community", false, 1000).value_or("");
  in.capacity = f.Integer("capacity", false);
  OW_RETURN_IF_ERROR(f.status());
  // Scope is checked for well-formed regions; a malformed one gets its 422 from Create.
  if (identity::CheckRegionCode(in.region))
    OW_RETURN_IF_ERROR(CanManage(*req.principal, in.region));
  OW_ASSIGN_OR_RETURN(Place place, d.places.Create(in, req.principal->person_id));
  OW_ASSIGN_OR_RETURN(json::object o, PlaceWithCodeJson(d, place));
  Response r = http::JsonResponse(201, o);
  r.Set("Location", "/api/v1/places/" + place.id);
  return r;
}

Result<Response> ListPlaces(const CheckpointDeps& d, Request& req) {
  const Principal& p = *req.principal;
  std::vector<std::string> prefixes;
  if (p.Has(Role::kAdmin)) prefixes.push_back("");
  for (Role r : {Role::kHealthOfficial, Role::kCommunityWorker, Role::kCheckpointStaff})
    for (const auto& s : p.Scopes(r))
      if (!s.starts_with("place:")) prefixes.push_back(s);
  OW_ASSIGN_OR_RETURN(std::vector<Place> places, d.places.List(prefixes));
  json::array a;
  for (const auto& pl : places) a.push_back(PlaceJson(pl));
  // Places assigned individually.
  for (const auto& s : p.Scopes(Role::kCheckpointStaff)) {
    if (!s.starts_with("place:")) continue;
    auto pl = d.places.Get(s.substr(6));
    bool seen = false;
    for (const auto& x : a) seen = seen || x.at("place_id") == json::value(s.substr(6));
    if (pl.ok() && !seen) a.push_back(PlaceJson(*pl));
  }
  return http::JsonResponse(200, {{"places", std::move(a)}});
}

Result<Response> GetPlace(const CheckpointDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Place place, ViewablePlace(d, req));
  OW_ASSIGN_OR_RETURN(json::object o, PlaceWithCodeJson(d, place));
  return http::JsonResponse(200, o);
}

Result<Response> PlaceCodeImage(const CheckpointDeps& d, const Request& req, bool png) {
  OW_ASSIGN_OR_RETURN(Place place, ViewablePlace(d, req));
  OW_ASSIGN_OR_RETURN(std::string code, d.places.PlaceCode(place));
  codes::QrRenderOptions opts;
  opts.label = place.name;
  opts.scale = 8;
  if (png) {
    OW_ASSIGN_OR_RETURN(auto img, codes::RenderPayloadPng(code, opts));
    return Response::Text(200, std::string(img.begin(), img.end()), "image/png");
  }
  OW_ASSIGN_OR_RETURN(std::string svg, codes::RenderPayloadSvg(code, opts));
  return Response::Text(200, svg, "image/svg+xml");
}

Result<Response> PlaceCodeSvg(const CheckpointDeps& d, Request& req) {
  return PlaceCodeImage(d, req, false);
}

Result<Response> PlaceCodePng(const CheckpointDeps& d, Request& req) {
  return PlaceCodeImage(d, req, true);
}

Result<Response> AssignStaff(const CheckpointDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Place place, ManagedPlace(d, req));
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"id_number"});
  auto id_number = f.String("id_number", true, 40);
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(std::string person, NotFoundAt(d.identity.FindByIdNumber(*id_number),
                                                     "$.id_number", "unknown_person"));
  OW_RETURN_IF_ERROR(d.places.AssignStaff(place.id, person, req.principal->person_id));
  return http::JsonResponse(201, {{"place_id", place.id},
                                  {"person_id", person},
                                  {"role", "checkpoint_staff"},
                                  {"scope", "place:" + place.id}});
}

// A staff scan: decided on the io thread, answered when its group of records is durable.
Status Scan(const CheckpointDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(ScanInput in, ReadScan(req));
  // An unknown place is a 404 naming $.place_id (code unknown_place).
  OW_ASSIGN_OR_RETURN(ScanDecision decision, NotFoundAt(d.scans.Decide(*req.principal, in),
                                                        "$.place_id", "unknown_place"));
  std::string body = OpenScanAnswer(decision);
  std::vector<PassRecord> records;
  records.push_back(std::move(decision.record));
  d.passes.Append(std::move(records), [respond = std::move(respond), body = std::move(body),
                                       path = req.path](Result<AppendResult> r) mutable {
    if (!r.ok()) return respond(http::Problem(r.status(), path));
    body += r->duplicates > 0 ? ",\"duplicate\":true}" : ",\"duplicate\":false}";
    respond(Response::Json(201, std::move(body)));
  });
  return Status::Ok();
}

Result<std::vector<OfflineRecord>> ReadOfflineRecords(const CheckpointDeps& d,
                                                      http::FieldReader& f) {
  const json::array* records = f.Array("records", true);
  std::vector<OfflineRecord> in;
  if (!records) return in;
  if (records->size() > kMaxOfflineRecords)
    f.Error("$.records", "at most " + std::to_string(kMaxOfflineRecords) + " records per batch");
  // A plausible scan time: not older than the records kept (the retention period; an older
  // one would be purged at once, and each hour of the past is a table of its own), not later
  // than now plus the skew a gate's clock may have.
  const int64_t now = d.clock.NowMillis();
  const int64_t latest = now + kAllowedClockSkewMs;
  const int64_t earliest = now - static_cast<int64_t>(d.retention_days) * kMillisPerDay;
  for (size_t i = 0; i < records->size() && i < kMaxOfflineRecords; ++i) {
    std::string base = "$.records[" + std::to_string(i) + "]";
    if (!(*records)[i].is_object()) {
      f.Error(base, "must be an object");
      continue;
    }
    http::FieldReader rf((*records)[i].as_object(), base);
    rf.RejectUnknown({"client_id", "payload", "at", "direction"});
    OfflineRecord r;
    r.client_id = rf.String("client_id", true, 64).value_or("");
    r.payload = rf.String("payload", true, 4096, http::TextKind::kOpaque).value_or("");
    r.at_ms = rf.Timestamp("at", true).value_or(0);
    auto direction = ParseDirection(rf.String("direction", false, 8).value_or("in"));
    r.direction = direction.value_or(Direction::kIn);
    if (!direction) rf.Error(rf.Path("direction"), "must be in or out");
    if (r.at_ms > latest)
      rf.errors().push_back({rf.Path("at"), "is in the future", "out_of_range"});
    else if (r.at_ms < earliest && rf.ok())
      rf.errors().push_back(
          {rf.Path("at"),
           "is older than the " + std::to_string(d.retention_days) + " days pass records are kept",
           "out_of_range"});
    for (auto& e : rf.errors()) f.Error(e.path, e.message, e.code);
    in.push_back(std::move(r));
  }
  return in;
}

// An offline gate's upload: every record is checked, stored and counted in one answer.
Status ScanBatch(const CheckpointDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"place_id", "device", "records"});
  auto place_id = f.String("place_id", true, 64);
  auto device = f.String("device", false, 64).value_or("");
  OW_ASSIGN_OR_RETURN(std::vector<OfflineRecord> in, ReadOfflineRecords(d, f));
  OW_RETURN_IF_ERROR(f.status());
  for (auto& r : in) r.device = device;
  OW_ASSIGN_OR_RETURN(std::vector<PassRecord> recs, d.scans.Offline(*req.principal, *place_id, in));
  size_t n = recs.size();
  d.passes.Append(
      std::move(recs), [respond = std::move(respond), path = req.path, n](Result<AppendResult> r) {
        if (!r.ok()) return respond(http::Problem(r.status(), path));
        respond(http::JsonResponse(
            200, {{"received", n}, {"accepted", r->inserted}, {"duplicates", r->duplicates}}));
      });
  return Status::Ok();
}

// A citizen's own visit, recorded by scanning the place's code.
Status Visit(const CheckpointDeps& d, Request& req, http::Respond& respond) {
  OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"place_code", "direction"});
  auto code = f.String("place_code", true, 4096, http::TextKind::kOpaque);
  auto direction = ParseDirection(f.String("direction", false, 8).value_or("in"));
  if (!direction) f.Error("$.direction", "must be in or out", "bad_direction");
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(ScanDecision decision, d.scans.Visit(*req.principal, *code, *direction));
  json::object out = DecisionJson(decision);
  out["place_id"] = decision.record.place_id;
  d.passes.Append({decision.record}, [respond = std::move(respond), out = std::move(out),
                                      path = req.path](Result<AppendResult> r) {
    if (!r.ok()) return respond(http::Problem(r.status(), path));
    respond(http::JsonResponse(201, out));
  });
  return Status::Ok();
}

Result<Response> MyPasses(const CheckpointDeps& d, Request& req) {
  int64_t now = d.clock.NowMillis();
  int64_t from = now - static_cast<int64_t>(d.retention_days) * kMillisPerDay;
  OW_ASSIGN_OR_RETURN(std::vector<PassRecord> recs,
                      d.passes.ForPerson(req.principal->person_id, from,
                                         now + kAllowedClockSkewMs + 1, kMaxPassHistory));
  json::array a;
  for (const auto& r : recs) {
    json::object o = RecordJson(r);
    if (auto pl = d.places.Get(r.place_id); pl.ok()) o["place_name"] = pl->name;
    a.push_back(std::move(o));
  }
  return http::JsonResponse(200, {{"passes", std::move(a)}});
}

// An optional RFC 3339 query parameter; a bad one is recorded in `errors`.
int64_t InstantParam(const Request& req, std::string_view name, int64_t fallback,
                     std::vector<FieldError>& errors) {
  auto q = req.Query(name);
  if (!q) return fallback;
  if (auto t = ParseRfc3339(*q)) return *t;
  errors.push_back({"$." + std::string(name), "must be RFC 3339"});
  return fallback;
}

// Who passed a place (masked), for officials: a read of personal data, audited.
Result<Response> PlacePasses(const CheckpointDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Place place, ManagedPlace(d, req));
  std::vector<FieldError> errors;
  int64_t now = d.clock.NowMillis();
  int64_t from = InstantParam(req, "from", now - kMillisPerDay, errors);
  int64_t to = InstantParam(req, "to", now + 1, errors);
  if (!errors.empty()) return Status::Invalid("bad query", errors);
  OW_ASSIGN_OR_RETURN(std::vector<PassRecord> recs,
                      d.passes.ForPlace(place.id, from, to, kMaxPlacePasses));
  json::array a;
  for (const auto& r : recs) {
    json::object o = RecordJson(r);
    std::string masked;
    if (r.person_id) {
      if (auto who = d.identity.GetSummary(*r.person_id); who.ok()) masked = who->masked_name;
    }
    o["masked_name"] = masked;
    a.push_back(std::move(o));
  }
  OW_RETURN_IF_ERROR(d.audit.Append(
      {req.principal->person_id, "pii.read", "place:" + place.id, "pass_records",
       "place pass list " + FormatRfc3339(from) + ".." + FormatRfc3339(to), req.remote_ip}));
  return http::JsonResponse(200, {{"place_id", place.id}, {"passes", std::move(a)}});
}

bool WantsCsv(const Request& req) { return req.Query("format").value_or("json") == "csv"; }

Result<Response> PlaceStats(const CheckpointDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Place place, ViewablePlace(d, req));
  std::vector<FieldError> errors;
  auto day = DayParam(req, d.clock, errors);
  if (!errors.empty()) return Status::Invalid("bad query", errors);
  OW_ASSIGN_OR_RETURN(auto hours, d.stats.PlaceHours(place.id, *day));
  if (WantsCsv(req))
    return Response::Text(200, PassStats::HoursCsv(place.id, *day, hours),
                          "text/csv; charset=utf-8");
  json::array a;
  for (const auto& h : hours) {
    json::object reasons;
    for (const auto& [k, v] : h.refusals_by_reason) reasons[k] = v;
    a.push_back({{"hour", h.hour},
                 {"passes", h.passes},
                 {"refusals", h.refusals},
                 {"refusals_by_reason", std::move(reasons)}});
  }
  return http::JsonResponse(
      200, {{"place_id", place.id}, {"date", FormatDate(*day)}, {"hours", std::move(a)}});
}

bool IsRegionPrefix(const std::string& region) {
  bool digits = !region.empty() && region.size() <= 6;
  for (char c : region) digits = digits && c >= '0' && c <= '9';
  return digits;
}

Result<Response> CommunityStats(const CheckpointDeps& d, Request& req) {
  std::vector<FieldError> errors;
  auto day = DayParam(req, d.clock, errors);
  std::string region = req.Query("region").value_or("");
  if (!IsRegionPrefix(region))
    errors.push_back({"$.region", "must be a region code prefix (digits)"});
  if (!errors.empty()) return Status::Invalid("bad query", errors);
  const Principal& p = *req.principal;
  if (!p.Has(Role::kAdmin) && !p.HasInRegion(Role::kHealthOfficial, region) &&
      !p.HasInRegion(Role::kCommunityWorker, region))
    return Status::Forbidden("this region is outside your scope");
  OW_ASSIGN_OR_RETURN(auto rows, d.stats.Communities(region, *day));
  if (WantsCsv(req))
    return Response::Text(200, PassStats::CommunitiesCsv(*day, rows), "text/csv; charset=utf-8");
  json::array a;
  for (const auto& c : rows)
    a.push_back({{"community", c.community},
                 {"region", c.region},
                 {"passes_in", c.passes_in},
                 {"passes_out", c.passes_out},
                 {"residents_in", c.residents_in},
                 {"residents_out", c.residents_out},
                 {"refusals", c.refusals}});
  return http::JsonResponse(200, {{"date", FormatDate(*day)}, {"communities", std::move(a)}});
}

}  // namespace

void RegisterCheckpointRoutes(http::Router& router, const CheckpointDeps& deps) {
  const auto managers = http::Roles({Role::kHealthOfficial, Role::kAdmin});
  const auto viewers = http::Roles(
      {Role::kHealthOfficial, Role::kAdmin, Role::kCommunityWorker, Role::kCheckpointStaff});
  const auto scanners = http::Roles({Role::kCheckpointStaff, Role::kAdmin});
  const auto regional = http::Roles({Role::kHealthOfficial, Role::kCommunityWorker, Role::kAdmin});
  const auto any = http::AnyUser();
  http::AddRoutes<CheckpointDeps>(
      router, deps,
      {
          {Method::kPost, "/api/v1/places", managers, CreatePlace},
          {Method::kGet, "/api/v1/places", viewers, ListPlaces},
          {Method::kGet, "/api/v1/places/{id}", viewers, GetPlace},
          {Method::kGet, "/api/v1/places/{id}/code.svg", viewers, PlaceCodeSvg},
          {Method::kGet, "/api/v1/places/{id}/code.png", viewers, PlaceCodePng},
          {Method::kPost, "/api/v1/places/{id}/staff", managers, AssignStaff},
          {Method::kGet, "/api/v1/places/{id}/passes", managers, PlacePasses},
          {Method::kGet, "/api/v1/places/{id}/stats", viewers, PlaceStats},
          {Method::kPost, "/api/v1/scans", scanners, Scan},
          {Method::kPost, "/api/v1/scans/batch", scanners, ScanBatch},
          {Method::kPost, "/api/v1/me/visits", any, Visit},
          {Method::kGet, "/api/v1/me/passes", any, MyPasses},
          {Method::kGet, "/api/v1/stats/communities", regional, CommunityStats},
      });
}

}  // namespace ow::checkpoint
