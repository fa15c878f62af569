// The rail routes of the simulated railway: train, stations, and the GB/T 2260 region of the
// departure station (which OneWindow checks against risk areas when a trip is pushed).
#pragma once

#include <array>

namespace ow::deptsim {

struct RailRoute {
  const char* train;
  const char* from;
  const char* to;
  const char* from_region;
};

inline constexpr std::array<RailRoute, 5> kRailRoutes = {{{"G7502", "杭州东", "上海虹桥", "330102"},
                                                          {"G1372", "杭州东", "南京南", "330102"},
                                                          {"D3125", "宁波", "温州南", "330203"},
                                                          {"G56", "杭州东", "北京南", "330102"},
                                                          {"G7373", "上海虹桥", "宁波", "310112"}}};

}  // namespace ow::deptsim
