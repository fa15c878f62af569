// Deterministic CBOR encoding (RFC 8949 section 4.2.1): definite lengths, shortest integer
// and float forms, map entries sorted by the bytes of their encoded keys.
#pragma once

#include <cstdint>
#include <string_view>

#include "codes/bytes.h"
#include "codes/cbor_value.h"

namespace ow::codes {

// CBOR major types.
inline constexpr uint8_t kCborUnsigned = 0;
inline constexpr uint8_t kCborNegative = 1;
inline constexpr uint8_t kCborBytes = 2;
inline constexpr uint8_t kCborText = 3;
inline constexpr uint8_t kCborArray = 4;
inline constexpr uint8_t kCborMap = 5;
inline constexpr uint8_t kCborTag = 6;
inline constexpr uint8_t kCborSimple = 7;

// Low-level writers, for building structures without a CborValue tree.
void AppendCborHead(Bytes& out, uint8_t major, uint64_t argument);
void AppendCborInt(Bytes& out, int64_t v);
void AppendCborBytes(Bytes& out, ByteView b);
void AppendCborText(Bytes& out, std::string_view s);

// Appends the deterministic encoding of v to out.
void EncodeCbor(const CborValue& v, Bytes& out);
Bytes EncodeCbor(const CborValue& v);

}  // namespace ow::codes
