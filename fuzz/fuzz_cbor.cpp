// Fuzzes the strict CBOR decoder, the COSE_Sign1 parser and CBOR->JSON conversion; the
// canonical encoding of anything decoded must be a fixed point, and a CborView of the same
// bytes must find what the tree holds.
#include <algorithm>
#include <cstdlib>

#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"
#include "codes/cbor_json.h"
#include "codes/cbor_view.h"
#include "codes/cose_sign1.h"

namespace {

// Every key of a map, looked up in the view, gives the tree's value for it.
void CheckLookups(const ow::codes::CborValue& tree, const ow::codes::CborView& view) {
  if (!tree.is_map()) return;
  for (size_t i = 0; i < tree.size(); ++i) {
    const ow::codes::CborValue& key = tree.key(i);
    std::optional<ow::codes::CborView> found;
    if (key.is_text()) {
      found = view.Find(key.str());
    } else if (key.AsInt64()) {
      found = view.Find(*key.AsInt64());
    } else {
      continue;  // integers beyond int64_t are not looked up
    }
    if (!found || !(ow::codes::ToCborValue(*found) == tree.value(i))) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto value = ow::codes::DecodeCbor({data, size});
  if (!value.ok()) return 0;
  const ow::codes::Bytes canonical = ow::codes::EncodeCbor(*value);
  auto again = ow::codes::DecodeCbor(canonical);
  if (!again.ok() || ow::codes::EncodeCbor(*again) != canonical) std::abort();
  auto view = ow::codes::CborView::Parse({data, size});
  if (!view.ok()) std::abort();
  CheckLookups(*value, *view);
  auto from_view = ow::codes::ParseCoseSign1(*view);
  auto from_tree = ow::codes::ParseCoseSign1(*value);
  if (from_view.ok() && from_tree.ok() &&
      (from_view->alg != from_tree->alg ||
       !std::equal(from_view->payload.begin(), from_view->payload.end(), from_tree->payload.begin(),
                   from_tree->payload.end())))
    std::abort();
  (void)boost::json::serialize(ow::codes::CborToJson(*value));
  return 0;
}
