// SignalApplier: applies a colour signal inside a caller's transaction, for modules whose own
// writes and the colour change they cause must commit together or not at all (tracing: a
// contact's row, evidence, task and message with the contact's colour signal). The event, the
// new state, the timeline and the change hooks are written through the caller's Tx; a lost
// race comes back as kAborted, which the caller's Database::Transact runs again.
#pragma once

#include <string>

#include "healthcode/colour_state.h"
#include "store/database.h"

namespace ow::healthcode {

class SignalApplier {
 public:
  virtual ~SignalApplier() = default;
  // Validates `signal` (Invalid with paths) and applies it inside `tx` on behalf of `actor`
  // (audited as theirs, in the same transaction).
  virtual Status ApplySignalInTx(store::Tx& tx, const Signal& signal, const std::string& actor) = 0;
};

}  // namespace ow::healthcode
