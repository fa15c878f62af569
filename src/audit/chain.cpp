// Canonical encoding and hashing of audit entries.
#include "audit/chain.h"

#include <string>
#include <string_view>

#include "crypto/crypto.h"

namespace ow::audit::internal {
namespace {

constexpr std::string_view kDomain = "onewindow.audit.v1";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void PutU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void PutField(std::string* out, std::string_view s) {
  PutU64(out, s.size());
  out->append(s);
}

// Length of the valid, non-NUL UTF-8 sequence at the start of `s`, or 0.
size_t ValidSequence(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 == 0) return 0;
  if (b0 < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // not above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  const auto b1 = static_cast<unsigned char>(s[1]);
  if (b1 < lo || b1 > hi) return 0;
  for (size_t i = 2; i < n; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string GenesisHash() { return std::string(kHashBytes, '\0'); }

std::string ChainHash(std::string_view prev_hash, int64_t seq, int64_t at_ms, const Event& e) {
  std::string buf;
  buf.reserve(prev_hash.size() + 128 + e.actor.size() + e.action.size() + e.subject.size() +
              e.fields.size() + e.reason.size() + e.ip.size());
  buf.append(prev_hash);
  PutField(&buf, kDomain);
  PutU64(&buf, static_cast<uint64_t>(seq));
  PutU64(&buf, static_cast<uint64_t>(at_ms));
  for (const std::string* f : {&e.actor, &e.action, &e.subject, &e.fields, &e.reason, &e.ip}) {
    PutField(&buf, *f);
  }
  return crypto::Hash(buf);
}

std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size() < kMaxFieldBytes ? s.size() : kMaxFieldBytes);
  while (!s.empty()) {
    size_t n = ValidSequence(s);
    std::string_view piece = n > 0 ? s.substr(0, n) : kReplacement;
    if (out.size() + piece.size() > kMaxFieldBytes) break;
    out.append(piece);
    s.remove_prefix(n > 0 ? n : 1);
  }
  return out;
}

Event CleanEvent(const Event& e) {
  return Event{CleanText(e.actor),  CleanText(e.action), CleanText(e.subject),
               CleanText(e.fields), CleanText(e.reason), CleanText(e.ip)};
}

}  // namespace ow::audit::internal
