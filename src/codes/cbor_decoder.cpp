#include "codes/cbor_decoder.h"

namespace ow::codes {

Result<CborValue> DecodeCbor(ByteView data, const CborDecodeOptions& options) {
  OW_ASSIGN_OR_RETURN(CborView view, CborView::Parse(data, options));
  return ToCborValue(view);
}

}  // namespace ow::codes
