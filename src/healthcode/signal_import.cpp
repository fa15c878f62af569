#include "healthcode/signal_import.h"

#include <boost/json.hpp>

#include "http/json.h"

namespace ow::healthcode {

namespace json = boost::json;

namespace {

std::string Describe(const Status& s) {
  std::string out = s.message();
  for (const auto& f : s.fields()) out += "; " + f.path + ": " + f.message;
  return out;
}

// Parses one line into a signal (without the person).
Result<std::pair<std::string, Signal>> ParseLine(const std::string& line) {
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec) return Status::BadRequest("not JSON: " + ec.message());
  if (!v.is_object()) return Status::BadRequest("not a JSON object");
  return ReadSignal(v.get_object());
}

}  // namespace

Result<std::pair<std::string, Signal>> ReadSignal(const json::object& o) {
  http::FieldReader f(o);
  f.RejectUnknown({"id_number", "kind", "source", "occurred_at", "detail", "ref"});
  auto id_number = f.String("id_number", true, 40);
  auto kind = f.String("kind", true, 60);
  auto source = f.String("source", true, 200);
  auto occurred = f.Timestamp("occurred_at", true);
  auto detail = f.String("detail", false, 2000, http::TextKind::kLines);
  auto ref = f.String("ref", false, 200);
  Signal s;
  if (kind) {
    auto k = ParseSignalKind(*kind);
    if (!k)
      f.Error("$.kind", "is not a known signal kind");
    else
      s.kind = *k;
  }
  if (source && source->empty()) f.Error("$.source", "must name the source");
  OW_RETURN_IF_ERROR(f.status("signal is invalid"));
  s.source = *source;
  s.occurred_at_ms = *occurred;
  s.detail = detail.value_or("");
  s.ref = ref.value_or("");
  return std::make_pair(*id_number, s);
}

ImportReport ImportSignals(std::istream& in, ColourService& colours,
                           identity::IdentityService& identity) {
  ImportReport report;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++report.lines;
    auto parsed = ParseLine(line);
    if (!parsed.ok()) {
      report.errors.push_back({number, Describe(parsed.status())});
      continue;
    }
    auto& [id_number, signal] = *parsed;
    auto person = identity.FindByIdNumber(id_number);
    if (!person.ok()) {
      report.errors.push_back({number, Describe(person.status())});
      continue;
    }
    signal.person_id = *person;
    auto applied = colours.ApplySignal(signal);
    if (!applied.ok()) {
      report.errors.push_back({number, Describe(applied.status())});
      continue;
    }
    ++report.imported;
  }
  return report;
}

}  // namespace ow::healthcode
