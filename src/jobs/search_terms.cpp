// SearchTerms (see search_terms.h).
#include "jobs/search_terms.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace ow::jobs {

namespace {

// Splits UTF-8 text into runs: a word (ASCII letters/digits, lower-cased) or a run of
// non-ASCII characters (each kept as its UTF-8 bytes). Anything else separates runs.
struct Run {
  bool cjk = false;
  std::vector<std::string> chars;  // cjk: one entry per character
  std::string word;                // !cjk
};

std::vector<Run> Runs(std::string_view s) {
  std::vector<Run> out;
  Run cur;
  auto flush = [&] {
    if (!cur.chars.empty() || !cur.word.empty()) out.push_back(std::move(cur));
    cur = Run{};
  };
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        if (cur.cjk) flush();
        cur.word.push_back(static_cast<char>(std::tolower(c)));
      } else {
        flush();
      }
      ++i;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + n > s.size()) n = s.size() - i;
    std::string ch(s.substr(i, n));
    i += n;
    // Full-width punctuation and spaces (U+3000..U+303F, U+FF00..U+FF0F ...) separate runs.
    const bool punct = ch == "\xE3\x80\x80" || ch.starts_with("\xE3\x80") ||
                       (ch.starts_with("\xEF\xBC") && static_cast<unsigned char>(ch[2]) < 0x90);
    if (punct || n < 2) {
      flush();
      continue;
    }
    if (!cur.cjk) {
      flush();
      cur.cjk = true;
    }
    cur.chars.push_back(std::move(ch));
  }
  flush();
  return out;
}

}  // namespace

std::vector<std::string> IndexTerms(std::string_view text, size_t max_terms) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](std::string t) {
    if (out.size() >= max_terms || t.empty() || t.size() > 60) return;
    if (seen.insert(t).second) out.push_back(std::move(t));
  };
  for (Run& r : Runs(text)) {
    if (!r.cjk) {
      add(r.word);
      continue;
    }
    for (size_t k = 0; k < r.chars.size(); ++k) {
      add(r.chars[k]);
      if (k + 1 < r.chars.size()) add(r.chars[k] + r.chars[k + 1]);
    }
  }
  return out;
}

std::vector<std::string> QueryTerms(std::string_view query) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](std::string t) {
    if (out.size() >= 8 || t.empty() || t.size() > 60) return;
    if (seen.insert(t).second) out.push_back(std::move(t));
  };
  for (Run& r : Runs(query)) {
    if (!r.cjk) {
      add(r.word);
    } else if (r.chars.size() == 1) {
      add(r.chars[0]);
    } else {
      for (size_t k = 0; k + 1 < r.chars.size(); ++k) add(r.chars[k] + r.chars[k + 1]);
    }
  }
  return out;
}

}  // namespace ow::jobs
