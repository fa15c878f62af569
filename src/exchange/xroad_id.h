// X-Road identifiers (PR-REST 1.0, sections 4.1-4.3 and 4.8): a client subsystem is
// INSTANCE/CLASS/MEMBER/SUBSYSTEM (the X-Road-Client header), a service adds its code
// (INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE), and a REST call addresses it as
// /r1/{service}[/path][?query]. On the wire each part is percent-encoded UTF-8 on its own, so
// "/" only ever separates parts. OneWindow always names the subsystem (X-Road makes it
// optional, which makes a path ambiguous), e.g. CN-ZJ/GOV/330000-TAX/etax.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ow::exchange {

// A member's subsystem: the caller of a service, or the provider of one.
struct SubsystemId {
  std::string instance;      // e.g. CN-ZJ
  std::string member_class;  // e.g. GOV
  std::string member_code;   // e.g. 330000-TAX
  std::string subsystem;     // e.g. etax

  // The wire form, each part percent-encoded where needed.
  std::string ToString() const;
  bool operator==(const SubsystemId&) const = default;
};

// A service of a provider subsystem.
struct ServiceId {
  SubsystemId provider;
  std::string service_code;  // e.g. business-registry

  std::string ToString() const;
  bool operator==(const ServiceId&) const = default;
};

// A REST call's target split into the service, the provider's own path and the query.
struct RestTarget {
  ServiceId service;
  std::string path;   // "/v1/enterprises/91330100..." or "" (still percent-encoded)
  std::string query;  // without "?" (still percent-encoded)
};

// The X-Road-Client header. Errors are InvalidArgument naming the bad part.
Result<SubsystemId> ParseSubsystemId(std::string_view text);
// A service id "INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE".
Result<ServiceId> ParseServiceId(std::string_view text);
// A request target "/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/path][?query]".
Result<RestTarget> ParseRestTarget(std::string_view target);

// Whether `part` (decoded) may be one part of an identifier: 1-64 bytes of valid UTF-8 without
// control characters or the characters X-Road reserves (: ; % / \ and, for safety, space).
bool ValidIdPart(std::string_view part);

}  // namespace ow::exchange
