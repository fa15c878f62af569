// Validation and masking of resident IDs, credit codes, names, mobiles and region codes.
#include "identity/validate.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::identity {
namespace {

constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheckChars = "10X98765432";

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCreditWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};

constexpr size_t kMaxNameCodePoints = 40;
// The twelve CJK Unified Ideographs that sit in the CJK Compatibility Ideographs block.
constexpr std::array<char32_t, 12> kCompatUnified = {
    0xFA0E, 0xFA0F, 0xFA11, 0xFA13, 0xFA14, 0xFA1F, 0xFA21, 0xFA23, 0xFA24, 0xFA27, 0xFA28, 0xFA29};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int DigitsValue(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool ValidProvince(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
         p == 81 || p == 82;
}

// Decodes one UTF-8 sequence at the start of `s` (strict: no overlongs, surrogates or values
// above U+10FFFF). Returns the code point and sets *len, or std::nullopt.
std::optional<char32_t> DecodeUtf8(std::string_view s, size_t* len) {
  if (s.empty()) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(s[0]);
  size_t n;
  char32_t cp;
  char32_t min;
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (s.size() < n) return std::nullopt;
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  *len = n;
  return cp;
}

// Splits text into code points; std::nullopt when it is not valid UTF-8.
std::optional<std::vector<char32_t>> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  while (!s.empty()) {
    size_t len = 0;
    auto cp = DecodeUtf8(s, &len);
    if (!cp) return std::nullopt;
    out.push_back(*cp);
    s.remove_prefix(len);
  }
  return out;
}

// CJK Unified Ideographs: the main block, Extension A, the twelve unified ideographs inside
// the compatibility block, and planes 2 and 3 (Extensions B-I and later; not noncharacters).
bool IsHan(char32_t c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return true;
  if (c >= 0x3400 && c <= 0x4DBF) return true;
  if (c >= 0xFA0E && c <= 0xFA29) {
    for (char32_t u : kCompatUnified) {
      if (c == u) return true;
    }
  }
  return c >= 0x20000 && c <= 0x3FFFF && (c & 0xFFFE) != 0xFFFE;
}

// Latin letters: ASCII, Latin-1 letters (not × ÷), Latin Extended-A/B, Extended Additional.
bool IsLatin(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
  if (c >= 0xC0 && c <= 0xFF) return c != 0xD7 && c != 0xF7;
  return (c >= 0x100 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF);
}

constexpr char32_t kMiddleDot = 0xB7;

// Appends the UTF-8 encoding of one code point.
void AppendUtf8(std::string* out, char32_t c) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Keeps the first `head` and last `tail` characters and stars the rest.
std::string MaskMiddle(std::string_view s, size_t head, size_t tail) {
  if (s.size() <= head + tail) return std::string(s.size(), '*');
  return std::string(s.substr(0, head)) + std::string(s.size() - head - tail, '*') +
         std::string(s.substr(s.size() - tail));
}

}  // namespace

const char* IdErrorMessage(IdError e) {
  switch (e) {
    case IdError::kOk:
      return "valid";
    case IdError::kLength:
      return "a resident ID has 18 characters";
    case IdError::kCharacters:
      return "a resident ID is 17 digits followed by a digit or X";
    case IdError::kRegion:
      return "the region code of the resident ID is not valid";
    case IdError::kBirthDate:
      return "the birth date in the resident ID is not valid";
    case IdError::kChecksum:
      return "the check character of the resident ID does not match";
  }
  return "invalid resident ID";
}

IdError CheckResidentId(std::string_view id, const Date& today) {
  if (id.size() != 18) return IdError::kLength;
  const char last = id[17];
  if (!AllDigits(id.substr(0, 17)) || !(IsDigit(last) || last == 'X' || last == 'x')) {
    return IdError::kCharacters;
  }
  if (!CheckRegionCode(id.substr(0, 6))) return IdError::kRegion;
  auto birth = ResidentIdBirthDate(id);
  if (!birth || birth->year < 1900 || *birth > today) return IdError::kBirthDate;
  const char expected = ResidentIdCheckChar(id.substr(0, 17));
  if ((last == 'x' ? 'X' : last) != expected) return IdError::kChecksum;
  return IdError::kOk;
}

std::string NormaliseResidentId(std::string_view id) {
  std::string out(id);
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

char ResidentIdCheckChar(std::string_view first17) {
  if (first17.size() != 17 || !AllDigits(first17)) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kIdWeights[i];
  return kIdCheckChars[sum % 11];
}

std::optional<Date> ResidentIdBirthDate(std::string_view id) {
  if (id.size() != 18) return std::nullopt;
  std::string_view digits = id.substr(6, 8);
  if (!AllDigits(digits)) return std::nullopt;
  Date d{DigitsValue(digits.substr(0, 4)), DigitsValue(digits.substr(4, 2)),
         DigitsValue(digits.substr(6, 2))};
  if (!IsValidDate(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

char ResidentIdSex(std::string_view id) {
  if (id.size() < 17 || !IsDigit(id[16])) return '\0';
  return (id[16] - '0') % 2 == 1 ? 'M' : 'F';
}

bool CheckCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  if (!AllDigits(code.substr(2, 6))) return false;  // GB/T 2260 region of the registrar
  const char expected = CreditCodeCheckChar(code.substr(0, 17));
  return expected != '\0' && code[17] == expected;
}

char CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const size_t v = kCreditAlphabet.find(first17[i]);
    if (v == std::string_view::npos) return '\0';
    sum += static_cast<int>(v) * kCreditWeights[i];
  }
  const int check = 31 - sum % 31;
  return kCreditAlphabet[check == 31 ? 0 : check];
}

bool CheckName(std::string_view name) {
  auto cps = CodePoints(name);
  if (!cps || cps->empty() || cps->size() > kMaxNameCodePoints) return false;
  const std::vector<char32_t>& c = *cps;
  auto letter = [](char32_t x) { return IsHan(x) || IsLatin(x); };
  for (size_t i = 0; i < c.size(); ++i) {
    if (letter(c[i])) continue;
    const bool inner = i > 0 && i + 1 < c.size();
    if (c[i] == ' ') {
      // Only a single space between two Latin words ("John Smith").
      if (inner && IsLatin(c[i - 1]) && IsLatin(c[i + 1])) continue;
      return false;
    }
    if (c[i] == kMiddleDot) {
      // Separates name parts ("阿依古丽·买买提"): letters on both sides.
      if (inner && letter(c[i - 1]) && letter(c[i + 1])) continue;
      return false;
    }
    return false;
  }
  return true;
}

bool CheckMobile(std::string_view phone) {
  if (phone.substr(0, 3) == "+86") phone.remove_prefix(3);
  return phone.size() == 11 && AllDigits(phone) && phone[0] == '1' && phone[1] >= '3';
}

bool CheckRegionCode(std::string_view code) {
  return code.size() == 6 && AllDigits(code) && ValidProvince(DigitsValue(code.substr(0, 2)));
}

std::string MaskName(std::string_view name) {
  // Lenient split: an invalid byte counts as one character and is shown as U+FFFD.
  std::vector<char32_t> cps;
  while (!name.empty()) {
    size_t len = 1;
    auto cp = DecodeUtf8(name, &len);
    cps.push_back(cp ? *cp : 0xFFFD);
    name.remove_prefix(cp ? len : 1);
  }
  if (cps.empty()) return "";
  if (cps.size() == 1) return "*";
  std::string out;
  AppendUtf8(&out, cps.front());
  if (cps.size() == 2) return out + "*";
  out.append(cps.size() - 2, '*');
  AppendUtf8(&out, cps.back());
  return out;
}

std::string MaskResidentId(std::string_view id) { return MaskMiddle(id, 4, 4); }

std::string MaskMobile(std::string_view phone) {
  std::string prefix;
  if (phone.substr(0, 3) == "+86") {
    prefix = "+86";
    phone.remove_prefix(3);
  }
  return prefix + MaskMiddle(phone, 3, 4);
}

}  // namespace ow::identity
