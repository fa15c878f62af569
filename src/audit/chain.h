// Internal to the audit module: the canonical encoding and hash of a chained audit entry,
// and the cleaning of event text before it is stored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/audit.h"

namespace ow::audit::internal {

inline constexpr size_t kHashBytes = 32;
// Each event field is cut to this many bytes (on a UTF-8 boundary) before it is stored.
inline constexpr size_t kMaxFieldBytes = 8192;

// The prev_hash of entry 1.
std::string GenesisHash();

// BLAKE2b-256(prev_hash || canonical encoding of seq, at_ms and the six event fields, each
// field length-prefixed), so no two different entries share an encoding.
std::string ChainHash(std::string_view prev_hash, int64_t seq, int64_t at_ms, const Event& e);

// Makes text storable in every backend: invalid UTF-8 and NUL bytes become U+FFFD, and the
// result is cut to kMaxFieldBytes.
std::string CleanText(std::string_view s);
Event CleanEvent(const Event& e);

}  // namespace ow::audit::internal
