#include "checkpoint/scan_service.h"

#include <map>

namespace ow::checkpoint {

namespace {
// A failure to read (the database is down) is an outage, not a verdict: 503.
Status AsOutage(const Status& s) {
  if (s.code() == Code::kInternal || s.code() == Code::kAborted)
    return Status::Unavailable("cannot decide now: " + std::string(CodeName(s.code())));
  return s;
}

std::string_view MapVerifyReason(std::string_view r) {
  if (r == "expired") return "expired";
  if (r == "not_yet_valid") return "not_yet_valid";
  if (r == "bad_signature" || r == "cert_mismatch") return "forged";
  if (r == "unknown_kid" || r == "key_not_valid" || r == "issuer_mismatch" || r == "cert_expired" ||
      r == "cert_not_yet_valid" || r == "unsupported_alg")
    return "unknown_issuer";
  return "unreadable";
}
}  // namespace

const std::map<std::string, std::pair<std::string, std::string>, std::less<>>& VerdictTexts() {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kTable = {
      {"ok", {"绿码，请通行", "Green code: please pass"}},
      {"yellow_code", {"黄码，请勿通行", "Yellow code: no entry"}},
      {"red_code", {"红码，请勿通行", "Red code: no entry"}},
      {"expired",
       {"二维码已过期（可能是截图），请刷新健康码",
        "Code expired (possibly a screenshot): refresh the health code"}},
      {"not_yet_valid",
       {"二维码尚未生效，请检查手机时间", "Code not valid yet: check the phone's clock"}},
      {"forged", {"二维码签名无效，疑似伪造", "Signature invalid: the code may be forged"}},
      {"unknown_issuer", {"无法识别的发码机构", "Unknown or untrusted code issuer"}},
      {"unreadable", {"无法识别的二维码", "Unreadable code"}},
      {"colour_changed",
       {"健康码颜色已变化，请刷新后重新出示",
        "Colour changed since the code was issued: refresh and show again"}},
      {"unknown_person", {"查无此人，请重新申领健康码", "Unknown person: get a new health code"}},
      {"not_assigned", {"您未被分配到该场所", "You are not assigned to this place"}},
      {"hcert", {"境外健康证书，请人工核查", "Foreign health certificate: check it by hand"}},
      // What the verifier says (a device checking offline shows these).
      {"bad_signature", {"二维码签名无效，疑似伪造", "Signature invalid: the code may be forged"}},
      {"cert_mismatch", {"二维码签名无效，疑似伪造", "Signature invalid: the code may be forged"}},
      {"unknown_kid",
       {"无法识别的发码机构（不在信任列表中）", "Unknown code issuer (not in the trust list)"}},
      {"key_not_valid", {"发码密钥已失效", "The issuing key is no longer valid"}},
      {"issuer_mismatch", {"发码地区与密钥不符", "The issuer does not match its key"}},
      {"cert_expired", {"发码证书已过期", "The issuer's certificate has expired"}},
      {"cert_not_yet_valid", {"发码证书尚未生效", "The issuer's certificate is not valid yet"}},
      {"unsupported_alg", {"不支持的签名算法", "Unsupported signature algorithm"}},
      {"bad_prefix", {"不是健康码", "Not a health code"}},
      {"bad_base45", {"二维码内容损坏", "The code is damaged"}},
      {"bad_zlib", {"二维码内容损坏", "The code is damaged"}},
      {"bad_cbor", {"二维码内容损坏", "The code is damaged"}},
      {"bad_cose", {"二维码内容损坏", "The code is damaged"}},
      {"bad_claims", {"二维码内容不完整", "The code is incomplete"}},
  };
  return kTable;
}

std::pair<std::string, std::string> ReasonText(std::string_view reason) {
  auto it = VerdictTexts().find(reason);
  if (it == VerdictTexts().end()) return {std::string(reason), std::string(reason)};
  return it->second;
}

Status ScanService::CheckAssigned(const Principal& staff, const Place& place) {
  if (staff.Has(Role::kAdmin) || staff.HasForPlace(Role::kCheckpointStaff, place.id, place.region))
    return Status::Ok();
  return Status::Forbidden("you are not assigned to this place");
}

ScanDecision ScanService::Judge(const CodeCheck& check) {
  ScanDecision d;
  d.masked_name = check.masked_name;
  if (!check.genuine) {
    d.reason = MapVerifyReason(check.verify_reason);
  } else {
    std::optional<healthcode::Colour> colour =
        check.live_colour ? check.live_colour : check.code_colour;
    d.colour = colour;
    if (check.colour_changed_since_issue) {
      d.reason = "colour_changed";
    } else if (!colour) {
      d.reason = "unknown_person";
    } else if (*colour == healthcode::Colour::kGreen) {
      d.allowed = true;
      d.reason = "ok";
    } else {
      d.reason = *colour == healthcode::Colour::kRed ? "red_code" : "yellow_code";
    }
  }
  auto [zh, en] = ReasonText(d.reason);
  d.reason_zh = zh;
  d.reason_en = en;
  // Quarantine reasons from the colour engine make the refusal concrete.
  if ((d.reason == "yellow_code" || d.reason == "red_code") && !check.live_reasons.empty()) {
    d.reason_zh += "：" + check.live_reasons.front().zh;
    d.reason_en += ": " + check.live_reasons.front().en;
  }
  d.record.person_id = check.person_id;
  d.record.subject = check.subject;
  d.record.issuer = check.issuer;
  d.record.allowed = d.allowed;
  d.record.colour = d.colour;
  d.record.reason = d.reason;
  return d;
}

Result<ScanDecision> ScanService::Decide(const Principal& staff, const ScanInput& in) {
  OW_ASSIGN_OR_RETURN(Place place, places_.Get(in.place_id));
  OW_RETURN_IF_ERROR(CheckAssigned(staff, place));
  int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(CodeCheck check, checker_.Check(in.payload, now));
  ScanDecision d = Judge(check);
  d.record.client_id = in.client_id;
  d.record.place_id = place.id;
  d.record.at_ms = now;
  d.record.direction = in.direction;
  d.record.staff_id = staff.person_id;
  d.record.device = in.device;
  d.record.source = PassSource::kScan;
  return d;
}

Result<ScanDecision> ScanService::Visit(const Principal& citizen, const std::string& place_code,
                                        Direction direction) {
  OW_ASSIGN_OR_RETURN(std::string place_id, places_.VerifyPlaceCode(place_code));
  OW_ASSIGN_OR_RETURN(Place place, places_.Get(place_id));
  auto current = colours_.Current(citizen.person_id);
  if (!current.ok()) return AsOutage(current.status());
  healthcode::ColourState state = std::move(current).value();
  OW_ASSIGN_OR_RETURN(identity::PersonSummary who, identity_.GetSummary(citizen.person_id));
  CodeCheck check;
  check.genuine = true;
  check.verify_reason = "ok";
  check.person_id = citizen.person_id;
  check.masked_name = who.masked_name;
  check.live_colour = state.colour;
  check.live_reasons = state.reasons;
  ScanDecision d = Judge(check);
  d.record.place_id = place.id;
  d.record.at_ms = clock_.NowMillis();
  d.record.direction = direction;
  d.record.staff_id = "";
  d.record.source = PassSource::kVisit;
  return d;
}

Result<std::vector<PassRecord>> ScanService::Offline(const Principal& staff,
                                                     const std::string& place_id,
                                                     const std::vector<OfflineRecord>& records) {
  OW_ASSIGN_OR_RETURN(Place place, places_.Get(place_id));
  OW_RETURN_IF_ERROR(CheckAssigned(staff, place));
  std::vector<PassRecord> out;
  out.reserve(records.size());
  for (const auto& r : records) {
    // Judge each code as the gate did: at the time of the scan, signature and expiry only.
    // An outage fails the whole batch (503): the gate keeps its records and uploads again.
    OW_ASSIGN_OR_RETURN(CodeCheck check, checker_.Check(r.payload, r.at_ms, /*check_live=*/false));
    ScanDecision d = Judge(check);
    d.record.client_id = r.client_id;
    d.record.place_id = place.id;
    d.record.at_ms = r.at_ms;
    d.record.direction = r.direction;
    d.record.staff_id = staff.person_id;
    d.record.device = r.device;
    d.record.source = PassSource::kOffline;
    out.push_back(std::move(d.record));
  }
  return out;
}

}  // namespace ow::checkpoint
