// Direction: which way a pass goes through a gate. A pass record's direction, and the
// contact index's (src/trace), which reads pass records; header-only so that the index
// library need not link the checkpoint module.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ow::checkpoint {

enum class Direction : uint8_t { kIn, kOut };

// "in" or "out": the stored and JSON form.
constexpr const char* DirectionName(Direction d) { return d == Direction::kOut ? "out" : "in"; }

constexpr std::optional<Direction> ParseDirection(std::string_view name) {
  if (name == "in") return Direction::kIn;
  if (name == "out") return Direction::kOut;
  return std::nullopt;
}

}  // namespace ow::checkpoint
