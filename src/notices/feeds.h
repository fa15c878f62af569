// The public feeds of a region's notices: Atom (RFC 4287), JSON Feed 1.1, and an OASIS CAP 1.2
// alert for an urgent notice, so other platforms, notice boards and alerting systems can follow
// them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "notices/notices.h"

namespace ow::notices {

// `region` is the feed's region code, `self` the feed's own URL path.
std::string NoticeAtom(const std::string& region, const std::vector<Notice>& notices,
                       const std::string& self);
std::string NoticeJsonFeed(const std::string& region, const std::vector<Notice>& notices,
                           const std::string& self);

// The CAP 1.2 alert of an urgent notice's current state: Alert for version 1, Update (with
// references to the earlier versions) after a correction, Cancel once withdrawn.
// `versions` are the notice's versions, oldest first.
std::string NoticeCap(const Notice& n, const std::vector<NoticeVersion>& versions);

// "2026-02-10T09:00:00+08:00": CAP's dateTime form (no fractions, explicit offset), in Shanghai.
std::string CapTime(int64_t unix_ms);

}  // namespace ow::notices
