// Fuzzes the strict CBOR decoder, the COSE_Sign1 parser and CBOR->JSON conversion; the
// canonical encoding of anything decoded must be a fixed point.
#include <cstdlib>

#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"
#include "codes/cbor_json.h"
#include "codes/cose_sign1.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto value = ow::codes::DecodeCbor({data, size});
  if (!value.ok()) return 0;
  const ow::codes::Bytes canonical = ow::codes::EncodeCbor(*value);
  auto again = ow::codes::DecodeCbor(canonical);
  if (!again.ok() || ow::codes::EncodeCbor(*again) != canonical) std::abort();
  (void)ow::codes::ParseCoseSign1(*value);
  (void)boost::json::serialize(ow::codes::CborToJson(*value));
  return 0;
}
