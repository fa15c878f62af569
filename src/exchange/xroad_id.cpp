// X-Road identifiers: parsing and printing (see xroad_id.h).
#include "exchange/xroad_id.h"

#include <array>
#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <vector>

#include "core/utf8.h"

namespace ow::exchange {

namespace {

constexpr std::string_view kProtocolPrefix = "/r1/";
constexpr size_t kMaxPart = 64;

// Percent-decodes one part exactly once (Boost.URL); false on a broken escape.
bool PercentDecode(std::string_view in, std::string& out) {
  auto pct = boost::urls::make_pct_string_view(boost::urls::string_view(in.data(), in.size()));
  if (!pct) return false;
  out = pct->decode();
  return true;
}

// Percent-encodes one part: everything but RFC 3986's unreserved characters.
std::string Encode(std::string_view part) {
  return boost::urls::encode(boost::urls::string_view(part.data(), part.size()),
                             boost::urls::unreserved_chars);
}

// Splits on "/" and decodes each of exactly `count` parts; `what` names them for errors.
Result<std::vector<std::string>> Parts(std::string_view text, size_t count, std::string_view what) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "instance", "member class", "member code", "subsystem", "service code"};
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    std::string_view raw =
        text.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (parts.size() == count)
      return Status::Invalid(std::string(what) + " has more than " + std::to_string(count) +
                             " parts");
    std::string decoded;
    std::string_view name = kNames[parts.size()];
    if (!PercentDecode(raw, decoded))
      return Status::Invalid(std::string(what) + ": broken percent-encoding in the " +
                             std::string(name));
    if (!ValidIdPart(decoded))
      return Status::Invalid(std::string(what) + ": the " + std::string(name) +
                             " must be 1-64 characters without : ; % / \\, spaces or control "
                             "characters");
    parts.push_back(std::move(decoded));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() != count)
    return Status::Invalid(std::string(what) + " must have " + std::to_string(count) +
                           " parts separated by /");
  return parts;
}

}  // namespace

bool ValidIdPart(std::string_view part) {
  if (part.empty() || part.size() > kMaxPart) return false;
  if (!IsValidUtf8(part)) return false;
  for (size_t i = 0; i < part.size(); ++i) {
    auto c = static_cast<unsigned char>(part[i]);
    if (c < 0x20 || c == 0x7F) return false;  // C0 controls, DEL
    // C1 controls (U+0080..U+009F) are 0xC2 0x80..0x9F in UTF-8.
    if (c == 0xC2 && i + 1 < part.size() && static_cast<unsigned char>(part[i + 1]) <= 0x9F)
      return false;
    if (c == ':' || c == ';' || c == '%' || c == '/' || c == '\\' || c == ' ') return false;
  }
  return true;
}

std::string SubsystemId::ToString() const {
  return Encode(instance) + "/" + Encode(member_class) + "/" + Encode(member_code) + "/" +
         Encode(subsystem);
}

std::string ServiceId::ToString() const { return provider.ToString() + "/" + Encode(service_code); }

Result<SubsystemId> ParseSubsystemId(std::string_view text) {
  OW_ASSIGN_OR_RETURN(auto p, Parts(text, 4, "client id"));
  return SubsystemId{p[0], p[1], p[2], p[3]};
}

Result<ServiceId> ParseServiceId(std::string_view text) {
  OW_ASSIGN_OR_RETURN(auto p, Parts(text, 5, "service id"));
  return ServiceId{{p[0], p[1], p[2], p[3]}, p[4]};
}

Result<RestTarget> ParseRestTarget(std::string_view target) {
  if (!target.starts_with(kProtocolPrefix))
    return Status::Invalid("the request path must start with /r1/ (X-Road REST protocol r1)");
  std::string_view rest = target.substr(kProtocolPrefix.size());
  RestTarget out;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    out.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  // The service id is the first five parts; anything after is the provider's own path.
  size_t end = 0;
  for (int i = 0; i < 5; ++i) {
    end = rest.find('/', end);
    if (end == std::string_view::npos) break;
    if (i < 4) ++end;
  }
  std::string_view id = end == std::string_view::npos ? rest : rest.substr(0, end);
  OW_ASSIGN_OR_RETURN(out.service, ParseServiceId(id));
  if (end != std::string_view::npos) out.path = std::string(rest.substr(end));
  return out;
}

}  // namespace ow::exchange
