// QR mask selection (ISO/IEC 18004 section 7.8): the eight data-mask patterns and the
// penalty score an encoder minimises. Ours runs on a byte grid and is several times faster
// than libqrencode's built-in evaluation, which dominated the cost of rendering a code.
#pragma once

#include <cstdint>
#include <vector>

namespace ow::codes {

// Whether mask pattern `mask` (0..7) flips the module at (row, col).
bool QrMaskFlips(int mask, int row, int col);

// Penalty score (rules N1..N4) of a size*size grid of 0/1 modules.
int QrPenalty(const std::vector<uint8_t>& grid, int size);

}  // namespace ow::codes
