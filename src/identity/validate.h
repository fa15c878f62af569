// Validation and masking of personal identifiers: resident identity numbers (GB 11643),
// unified social credit codes (GB 32100), person names, mainland mobile numbers, region codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace ow::identity {

// Why a resident ID is invalid, or kOk.
enum class IdError { kOk, kLength, kCharacters, kRegion, kBirthDate, kChecksum };
const char* IdErrorMessage(IdError e);  // English, for problem+json details

// Checks an 18-character resident identity number: 6-digit region code (valid province
// prefix per GB/T 2260: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82), a real birth
// date (not in the future relative to `today`, year >= 1900), 3-digit sequence and the
// ISO 7064 MOD 11-2 check character (0-9 or X; lowercase x accepted and normalised).
IdError CheckResidentId(std::string_view id, const Date& today);
// Upper-cases a trailing 'x'.
std::string NormaliseResidentId(std::string_view id);
// The check character for the first 17 digits ('\0' unless given exactly 17 digits).
char ResidentIdCheckChar(std::string_view first17);
// The birth date of an 18-character ID (std::nullopt when not a real date).
std::optional<Date> ResidentIdBirthDate(std::string_view id);
// 'M' or 'F' from the 17th digit (odd = male); '\0' when there is no such digit.
char ResidentIdSex(std::string_view id);

// GB 32100 unified social credit code: 18 chars from "0123456789ABCDEFGHJKLMNPQRTUWXY",
// registration authority + type, 6-digit region, 9-char organisation code, check char
// (weights 3^i mod 31). Returns true when valid.
bool CheckCreditCode(std::string_view code);
char CreditCodeCheckChar(std::string_view first17);  // '\0' if a char is not allowed

// 1–40 characters (Unicode code points) of CJK ideographs, Latin letters, middle dot '·'
// (only U+00B7, between two letters), and single spaces between Latin words. Must be valid
// UTF-8. CJK: U+4E00-9FFF, Extension A, the unified ideographs in U+FA0E-FA29, planes 2-3.
// Latin: ASCII, Latin-1 letters, Latin Extended-A/B and Extended Additional (pinyin tones).
bool CheckName(std::string_view name);
// Mainland mobile: 11 digits starting with 1[3-9], optional "+86" prefix.
bool CheckMobile(std::string_view phone);
// A 6-digit GB/T 2260 region code with a valid province prefix.
bool CheckRegionCode(std::string_view code);

// "张三" -> "张*", "张小三" -> "张*三", "欧阳小明" -> "欧**明", "John Smith" -> "J********h".
// Counts code points; a single character becomes "*".
std::string MaskName(std::string_view name);
// "350102199003071234" -> "3501**********1234" (first and last 4 kept; all stars if <= 8).
std::string MaskResidentId(std::string_view id);
// "13812345678" -> "138****5678"; a "+86" prefix is kept.
std::string MaskMobile(std::string_view phone);

}  // namespace ow::identity
