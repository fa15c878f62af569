#include "community/colour_notices.h"

namespace ow::community {

namespace {

std::string Join(const std::vector<healthcode::Reason>& reasons, bool zh) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : (zh ? "；" : "; ")) + (zh ? r.zh : r.en);
  return out;
}

}  // namespace

healthcode::ColourChangeHook MakeColourChangeHook(Inbox& inbox, TaskService& tasks,
                                                  identity::IdentityService& identity) {
  return [&inbox, &tasks, &identity](store::Tx& tx, const healthcode::ColourChange& c) -> Status {
    const bool green = c.new_colour == codes::Colour::kGreen;
    NewMessage m;
    m.kind = "colour_change";
    m.link = "/code";
    m.title_zh = green ? std::string("您的健康码已恢复为绿码")
                       : std::string("您的健康码已变为") + codes::ColourNameZh(c.new_colour);
    m.title_en = std::string("Your health code is now ") + codes::ColourName(c.new_colour);
    m.body_zh = green ? "原因已解除：" + Join(c.reasons, true)
                      : "原因：" + Join(c.reasons, true) + "。" + c.hint.zh + "。";
    m.body_en = green ? "No longer applies: " + Join(c.reasons, false)
                      : "Why: " + Join(c.reasons, false) + ". " + c.hint.en + ".";
    OW_RETURN_IF_ERROR(inbox.Post(tx, c.person_id, m));
    if (green) return Status::Ok();
    OW_ASSIGN_OR_RETURN(bool open, tasks.HasOpen(tx, c.person_id));
    if (open) return Status::Ok();
    std::string region = c.region;
    if (region.empty()) {
      auto who = identity.GetSummary(tx, c.person_id);
      if (who.ok()) region = who->region;
    }
    NewTask t;
    t.person_id = c.person_id;
    t.region = region;
    t.kind = "contact";
    t.reason_zh = std::string("健康码变为") + codes::ColourNameZh(c.new_colour) + "：" +
                  Join(c.reasons, true) + "。请联系居民，落实健康监测。";
    t.reason_en = std::string("Health code turned ") + codes::ColourName(c.new_colour) + ": " +
                  Join(c.reasons, false) + ". Contact the resident and arrange health monitoring.";
    t.source = std::string("colour:") + codes::ColourName(c.new_colour);
    return tasks.Create(tx, t).status();
  };
}

}  // namespace ow::community
