// The simulator's seeded data set (docs/exchange.md, "dept-sim"): enterprises with valid
// GB 32100 unified social credit codes and their tax standing, licence and insured employees,
// and persons with valid GB 11643 resident ids and their fever-clinic visits, fever-drug
// purchases and rail trips. The same seed always gives the same data (the instants of a
// person's records are offsets back from "now").
#pragma once

#include <boost/json/array.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace ow::deptsim {

struct Enterprise {
  std::string uscc;  // 18 chars, valid check character
  std::string name;
  std::string legal_representative_masked;  // "张*三"
  std::string status;                       // "active" | "deregistered"
  Date established;
  std::string standing;  // "good" | "arrears"
  int64_t arrears_yuan = 0;
  int insured_employees = 0;
};

struct Person {
  std::string id_number;  // 18 chars, valid
};

class Dataset {
 public:
  // `size` enterprises and `size` persons (at least 1 each).
  Dataset(std::string_view seed, int size);

  const std::vector<Enterprise>& enterprises() const { return enterprises_; }
  const std::vector<Person>& persons() const { return persons_; }
  // nullptr when the code is not in the data set.
  const Enterprise* FindEnterprise(std::string_view uscc) const;

  // A person's records at `now_ms`, newest first (an unknown person has none): arrays of
  // {"at","clinic","temperature_c"}, {"at","pharmacy","drug","quantity"},
  // {"train","from_station","to_station","departure"}.
  boost::json::array FeverClinicVisits(std::string_view id_number, int64_t now_ms) const;
  boost::json::array FeverDrugPurchases(std::string_view id_number, int64_t now_ms) const;
  boost::json::array RailTrips(std::string_view id_number, int64_t now_ms) const;

  // A deterministic pseudo-random 64-bit value of (seed, label): the source of every choice.
  uint64_t Draw(std::string_view label) const;

 private:
  bool Known(std::string_view id_number) const;

  std::string seed_;
  std::vector<Enterprise> enterprises_;
  std::map<std::string, size_t, std::less<>> by_uscc_;
  std::vector<Person> persons_;
  std::map<std::string, size_t, std::less<>> by_id_;
};

}  // namespace ow::deptsim
