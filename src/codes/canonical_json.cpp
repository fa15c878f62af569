#include "codes/canonical_json.h"

#include <algorithm>
#include <vector>

namespace ow::codes {
namespace {

void Write(const boost::json::value& v, std::string& out) {
  if (const auto* obj = v.if_object()) {
    std::vector<const boost::json::key_value_pair*> members;
    members.reserve(obj->size());
    for (const auto& kv : *obj) members.push_back(&kv);
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out.push_back('{');
    for (size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += boost::json::serialize(boost::json::string(members[i]->key()));
      out.push_back(':');
      Write(members[i]->value(), out);
    }
    out.push_back('}');
  } else if (const auto* arr = v.if_array()) {
    out.push_back('[');
    for (size_t i = 0; i < arr->size(); ++i) {
      if (i > 0) out.push_back(',');
      Write((*arr)[i], out);
    }
    out.push_back(']');
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string CanonicalJson(const boost::json::value& v) {
  std::string out;
  Write(v, out);
  return out;
}

}  // namespace ow::codes
