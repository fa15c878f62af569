// OneWindow's own exchange services (see exchange_services.h).
#include "app/exchange_services.h"

#include <boost/json.hpp>

#include "codes/code_claims.h"
#include "core/time.h"
#include "healthcode/department_events.h"

namespace ow::app {

namespace json = boost::json;

namespace {

// The events of people who are not registered here change nothing (there is no colour to
// change); the department is told so, and the message log keeps the call.
Result<exchange::ApplyFn> NotApplied(const exchange::LocalCall& call, std::string reason) {
  json::object body{{"message_id", call.message_id}, {"applied", false}, {"reason", reason}};
  std::string text = json::serialize(body);
  return exchange::ApplyFn([text](store::Tx&) -> Result<exchange::LocalAnswer> {
    return exchange::LocalAnswer{200, text};
  });
}

Result<json::object> BodyObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return Status::BadRequest("the event must be a JSON object");
  return std::move(v.as_object());
}

}  // namespace

Result<exchange::ApplyFn> DepartmentEventsService::Prepare(const exchange::LocalCall& call) {
  if (call.method != "POST") return Status::NotFound("events are POSTed");
  if (!call.path.empty()) return Status::NotFound("no such resource under events");
  if (!call.id_number) return Status::Invalid("X-Road-UserId names the person of the event");
  OW_ASSIGN_OR_RETURN(json::object body, BodyObject(call.body));
  OW_ASSIGN_OR_RETURN(healthcode::DepartmentEvent event, healthcode::ReadDepartmentEvent(body));
  auto person = identity_.FindByIdNumber(*call.id_number);
  if (!person.ok()) {
    if (person.status().code() == Code::kNotFound) return NotApplied(call, "not_registered");
    return person.status();
  }
  healthcode::Signal signal;
  signal.person_id = *person;
  signal.source = "exchange:" + call.client.ToString();
  signal.occurred_at_ms = event.occurred_at_ms;
  signal.detail = healthcode::DescribeEvent(event);
  if (auto kind = healthcode::SignalKindOf(event)) {
    signal.kind = *kind;
  } else {  // a rail trip: the signal of the risk area it left from, if any
    OW_ASSIGN_OR_RETURN(auto areas, areas_.List(/*include_lifted=*/false));
    const trace::RiskArea* from = nullptr;
    for (const auto& a : areas) {
      const auto& s = a.spec;
      if (s.region.empty() || event.from_region.rfind(s.region, 0) != 0) continue;
      if (event.occurred_at_ms < s.from_ms || event.occurred_at_ms >= s.to_ms) continue;
      if (from == nullptr || (s.level == "high" && from->spec.level != "high")) from = &a;
    }
    if (from == nullptr) return NotApplied(call, "no_risk_area");
    signal.kind = from->spec.level == "high" ? healthcode::SignalKind::kStayHighRiskArea
                                             : healthcode::SignalKind::kStayMediumRiskArea;
    signal.ref = "risk_area:" + from->id;
  }
  const std::string actor = signal.source;
  const std::string message_id = call.message_id;
  healthcode::HealthCodeService& colours = colours_;
  return exchange::ApplyFn([=, &colours](store::Tx& tx) -> Result<exchange::LocalAnswer> {
    OW_RETURN_IF_ERROR(colours.ApplySignalInTx(tx, signal, actor));
    // Neither the colour nor anything else about the person: the sender knows whom it meant.
    json::object answer{{"message_id", message_id},
                        {"applied", true},
                        {"signal", healthcode::SignalKindName(signal.kind)}};
    return exchange::LocalAnswer{201, json::serialize(answer)};
  });
}

Result<exchange::ApplyFn> ColourLookupService::Prepare(const exchange::LocalCall& call) {
  if (call.method != "GET") return Status::NotFound("the colour is read with GET");
  if (!call.path.empty()) return Status::NotFound("no such resource under colour");
  if (!call.id_number) return Status::Invalid("X-Road-UserId names the person");
  OW_ASSIGN_OR_RETURN(std::string person, identity_.FindByIdNumber(*call.id_number));
  OW_ASSIGN_OR_RETURN(healthcode::ColourState state, colours_.Current(person));
  json::object answer{{"colour", codes::ColourName(state.colour)},
                      {"since", FormatRfc3339(state.changed_at_ms)},
                      {"as_of", FormatRfc3339(call.at_ms)}};
  std::string text = json::serialize(answer);
  return exchange::ApplyFn([text](store::Tx&) -> Result<exchange::LocalAnswer> {
    return exchange::LocalAnswer{200, text};
  });
}

}  // namespace ow::app
