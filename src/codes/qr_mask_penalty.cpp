#include "codes/qr_mask_penalty.h"

#include <cstdlib>

namespace ow::codes {
namespace {

constexpr int kN1 = 3;
constexpr int kN2 = 3;
constexpr int kN3 = 40;
constexpr int kN4 = 10;

// Rules N1 (runs of 5+) and N3 (finder-like 1:1:3:1:1 with 4 light modules on one side,
// outside the symbol counting as light) along the rows of a row-major grid.
int LinePenalty(const uint8_t* grid, int size) {
  int penalty = 0;
  for (int r = 0; r < size; ++r) {
    const uint8_t* row = grid + static_cast<size_t>(r) * size;
    int run = 1;
    for (int c = 1; c < size; ++c) {
      if (row[c] == row[c - 1]) {
        ++run;
      } else {
        if (run >= 5) penalty += kN1 + run - 5;
        run = 1;
      }
    }
    if (run >= 5) penalty += kN1 + run - 5;
    unsigned window = 0;
    for (int c = 0; c < size + 4; ++c) {
      window = ((window << 1) | (c < size ? row[c] : 0u)) & 0x7ff;
      if (window == 0x5d0 || window == 0x05d) penalty += kN3;
    }
  }
  return penalty;
}

}  // namespace

bool QrMaskFlips(int mask, int i, int j) {
  switch (mask) {
    case 0:
      return (i + j) % 2 == 0;
    case 1:
      return i % 2 == 0;
    case 2:
      return j % 3 == 0;
    case 3:
      return (i + j) % 3 == 0;
    case 4:
      return (i / 2 + j / 3) % 2 == 0;
    case 5:
      return (i * j) % 2 + (i * j) % 3 == 0;
    case 6:
      return ((i * j) % 2 + (i * j) % 3) % 2 == 0;
    case 7:
      return ((i + j) % 2 + (i * j) % 3) % 2 == 0;
  }
  return false;
}

int QrPenalty(const std::vector<uint8_t>& grid, int size) {
  std::vector<uint8_t> transposed(grid.size());
  int dark = 0;
  for (int r = 0; r < size; ++r) {
    for (int c = 0; c < size; ++c) {
      const uint8_t v = grid[static_cast<size_t>(r) * size + c];
      transposed[static_cast<size_t>(c) * size + r] = v;
      dark += v;
    }
  }
  int penalty = LinePenalty(grid.data(), size) + LinePenalty(transposed.data(), size);
  for (int r = 0; r + 1 < size; ++r) {
    const uint8_t* a = grid.data() + static_cast<size_t>(r) * size;
    const uint8_t* b = a + size;
    for (int c = 0; c + 1 < size; ++c) {
      const int sum = a[c] + a[c + 1] + b[c] + b[c + 1];
      if (sum == 0 || sum == 4) penalty += kN2;
    }
  }
  const int total = size * size;
  const int percent = total > 0 ? dark * 100 / total : 50;
  penalty += kN4 * (std::abs(percent - 50) / 5);
  return penalty;
}

}  // namespace ow::codes
