#include "store/postgres/placeholders.h"

#include <cctype>

namespace ow::store {
namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Returns the index just past a quoted run that starts at `i` with `quote`. In E'' strings
// (`backslash`) a backslash escapes the next character; a doubled quote is an escaped quote
// and is handled by the caller reopening the literal.
size_t SkipQuoted(std::string_view s, size_t i, char quote, bool backslash) {
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (backslash && s[j] == '\\') {
      ++j;
    } else if (s[j] == quote) {
      return j + 1;
    }
  }
  return s.size();
}

// If a dollar quote ($tag$ or $$) starts at `i`, returns the index past its end; else 0.
size_t SkipDollarQuoted(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) != 0)) return 0;
  while (j < s.size() && IsIdentChar(s[j])) ++j;
  if (j >= s.size() || s[j] != '$') return 0;
  std::string_view tag = s.substr(i, j - i + 1);
  size_t end = s.find(tag, j + 1);
  return end == std::string_view::npos ? s.size() : end + tag.size();
}

size_t SkipBlockComment(std::string_view s, size_t i) {
  int depth = 0;
  for (size_t j = i; j + 1 < s.size(); ++j) {
    if (s[j] == '/' && s[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (s[j] == '*' && s[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return s.size();
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const bool after_ident = i > 0 && IsIdentChar(sql[i - 1]);
    size_t next = i + 1;
    if (c == '\'') {
      const bool e_string =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && !(i > 1 && IsIdentChar(sql[i - 2]));
      next = SkipQuoted(sql, i, '\'', e_string);
    } else if (c == '"') {
      next = SkipQuoted(sql, i, '"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t nl = sql.find('\n', i);
      next = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      next = SkipBlockComment(sql, i);
    } else if (c == '$' && !after_ident) {
      if (size_t end = SkipDollarQuoted(sql, i); end != 0) next = end;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      ++i;
      continue;
    }
    out.append(sql.substr(i, next - i));
    i = next;
  }
  if (count != nullptr) *count = n;
  return out;
}

}  // namespace ow::store
