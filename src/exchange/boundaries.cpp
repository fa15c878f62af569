// Names of sharing classes and the exchange's person pseudonym (see boundaries.h).
#include "exchange/boundaries.h"

#include "crypto/crypto.h"

namespace ow::exchange {

std::string_view SharingClassName(SharingClass c) {
  switch (c) {
    case SharingClass::kUnconditional:
      return "unconditional";
    case SharingClass::kConditional:
      return "conditional";
    case SharingClass::kNotShared:
      return "not_shared";
  }
  return "not_shared";
}

Result<SharingClass> ParseSharingClass(std::string_view name) {
  for (SharingClass c :
       {SharingClass::kUnconditional, SharingClass::kConditional, SharingClass::kNotShared}) {
    if (SharingClassName(c) == name) return c;
  }
  return Status::Invalid("sharing class must be unconditional, conditional or not_shared");
}

std::string PersonIndex(std::string_view index_key, std::string_view id_number) {
  std::string message = "exchange.person";
  message.push_back('\0');
  message.append(id_number);
  return crypto::ToHex(crypto::KeyedHash(index_key, message));
}

}  // namespace ow::exchange
