#include "codes/cbor_float.h"

#include <cmath>

namespace ow::codes {

double HalfToDouble(uint16_t half) {
  const int exp = (half >> 10) & 0x1f;
  const int mant = half & 0x3ff;
  double value;
  if (exp == 0) {
    value = std::ldexp(mant, -24);
  } else if (exp != 31) {
    value = std::ldexp(mant + 1024, exp - 25);
  } else {
    value = mant == 0 ? INFINITY : NAN;
  }
  return (half & 0x8000) ? -value : value;
}

std::optional<uint16_t> DoubleToHalfExact(double d) {
  if (std::isnan(d)) return uint16_t{0x7e00};
  const uint16_t sign = std::signbit(d) ? 0x8000 : 0;
  if (std::isinf(d)) return static_cast<uint16_t>(sign | 0x7c00);
  const double a = std::fabs(d);
  if (a == 0) return sign;
  int exp = 0;
  const double m = std::frexp(a, &exp);  // a = m * 2^exp, m in [0.5, 1)
  const int e = exp - 1;                 // a = (2m) * 2^e, 2m in [1, 2)
  if (e >= -14 && e <= 15) {
    const double frac = (2 * m - 1) * 1024;
    if (frac != std::floor(frac)) return std::nullopt;
    return static_cast<uint16_t>(sign | ((e + 15) << 10) | static_cast<int>(frac));
  }
  if (e < -14 && e >= -24) {
    const double mant = std::ldexp(a, 24);
    if (mant != std::floor(mant)) return std::nullopt;
    return static_cast<uint16_t>(sign | static_cast<int>(mant));
  }
  return std::nullopt;
}

}  // namespace ow::codes
