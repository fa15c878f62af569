#include "codes/cbor_json.h"

#include <cmath>
#include <string>

namespace ow::codes {

boost::json::value CborToJson(const CborValue& v) {
  using T = CborValue::Type;
  switch (v.type()) {
    case T::kUnsigned:
      return boost::json::value(v.raw());
    case T::kNegative: {
      if (auto i = v.AsInt64()) return boost::json::value(*i);
      return boost::json::value(-1.0 - static_cast<double>(v.raw()));
    }
    case T::kBytes:
      return boost::json::value(ToBase64(v.bytes()));
    case T::kText:
      return boost::json::value(v.str());
    case T::kArray: {
      boost::json::array a;
      a.reserve(v.size());
      for (size_t i = 0; i < v.size(); ++i) a.push_back(CborToJson(v.at(i)));
      return a;
    }
    case T::kMap: {
      boost::json::object o;
      for (size_t i = 0; i < v.size(); ++i) {
        const CborValue& k = v.key(i);
        std::string name;
        if (k.is_text()) {
          name.assign(k.str());
        } else if (auto i = k.AsInt64()) {
          name = std::to_string(*i);
        } else {  // beyond int64: spell the CBOR value out
          name =
              k.type() == T::kUnsigned ? std::to_string(k.raw()) : "-1-" + std::to_string(k.raw());
        }
        o[name] = CborToJson(v.value(i));
      }
      return o;
    }
    case T::kTag:
      return CborToJson(v.content());
    case T::kBool:
      return boost::json::value(v.AsBool());
    case T::kFloat:
      if (!std::isfinite(v.AsDouble())) return nullptr;
      return boost::json::value(v.AsDouble());
    case T::kNull:
    case T::kUndefined:
      break;
  }
  return nullptr;
}

}  // namespace ow::codes
