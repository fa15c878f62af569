// Bulk import of department signals from JSON Lines (one signal per line:
// {"id_number","kind","source","occurred_at","detail"?,"ref"?}), used by
// `onewindow signals import`. Good lines are applied even when others fail.
#pragma once

#include <boost/json/object.hpp>
#include <istream>
#include <string>
#include <vector>

#include "healthcode/colour_state.h"
#include "identity/identity_service.h"

namespace ow::healthcode {

// What happened to one bad line (1-based line number).
struct ImportError {
  int line = 0;
  std::string message;
};

struct ImportReport {
  int lines = 0;     // non-blank lines read
  int imported = 0;  // signals applied
  std::vector<ImportError> errors;
};

// Reads a signal object {"id_number","kind","source","occurred_at","detail"?,"ref"?}: the
// resident ID and the signal (its person left empty). Invalid with JSON paths.
Result<std::pair<std::string, Signal>> ReadSignal(const boost::json::object& o);

// Reads every line of `in` and applies each valid signal through `colours`.
ImportReport ImportSignals(std::istream& in, ColourService& colours,
                           identity::IdentityService& identity);

}  // namespace ow::healthcode
