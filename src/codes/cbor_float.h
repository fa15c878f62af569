// Conversions between IEEE 754 half precision (used by CBOR major type 7, ai 25) and
// double, for the CBOR encoder and decoder.
#pragma once

#include <cstdint>
#include <optional>

namespace ow::codes {

double HalfToDouble(uint16_t half);
// The half-precision bits of d when d is exactly representable as a half (NaN maps to the
// canonical quiet NaN 0x7e00); nullopt otherwise.
std::optional<uint16_t> DoubleToHalfExact(double d);

}  // namespace ow::codes
