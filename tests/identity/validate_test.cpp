#include "identity/validate.h"

#include <gtest/gtest.h>

#include <string>

namespace ow::identity {
namespace {

const Date kToday{2026, 3, 15};

// Builds an ID from its first 17 digits by appending the computed check character.
std::string WithCheck(const std::string& first17) { return first17 + ResidentIdCheckChar(first17); }

TEST(ResidentIdTest, ValidIds) {
  for (const char* id :
       {"11010519491231002X", "350102199003071234", "440304198510180030", "110105200002290013",
        "320106190012310013", "650102201001011116", "810000199912310012"}) {
    EXPECT_EQ(CheckResidentId(id, kToday), IdError::kOk) << id;
  }
  EXPECT_EQ(ResidentIdCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(ResidentIdCheckChar("35010219900307123"), '4');
  EXPECT_EQ(CheckResidentId(WithCheck("71000020010101001"), kToday), IdError::kOk);
  EXPECT_EQ(CheckResidentId(WithCheck("82000020010101001"), kToday), IdError::kOk);
}

TEST(ResidentIdTest, LowercaseXAcceptedAndNormalised) {
  EXPECT_EQ(CheckResidentId("11010519491231002x", kToday), IdError::kOk);
  EXPECT_EQ(NormaliseResidentId("11010519491231002x"), "11010519491231002X");
  EXPECT_EQ(NormaliseResidentId("11010519491231002X"), "11010519491231002X");
  EXPECT_EQ(NormaliseResidentId("350102199003071234"), "350102199003071234");
  EXPECT_EQ(NormaliseResidentId(""), "");
}

TEST(ResidentIdTest, Length) {
  EXPECT_EQ(CheckResidentId("", kToday), IdError::kLength);
  EXPECT_EQ(CheckResidentId("11010519491231002", kToday), IdError::kLength);
  EXPECT_EQ(CheckResidentId("11010519491231002X1", kToday), IdError::kLength);
  EXPECT_EQ(CheckResidentId("110105491231002", kToday), IdError::kLength);  // old 15-digit
}

TEST(ResidentIdTest, Characters) {
  EXPECT_EQ(CheckResidentId("11010519491231002A", kToday), IdError::kCharacters);
  EXPECT_EQ(CheckResidentId("1101051949123100X2", kToday), IdError::kCharacters);
  EXPECT_EQ(CheckResidentId("X10105194912310021", kToday), IdError::kCharacters);
  EXPECT_EQ(CheckResidentId("110105 94912310021", kToday), IdError::kCharacters);
  EXPECT_EQ(CheckResidentId("11010519491231002-", kToday), IdError::kCharacters);
}

TEST(ResidentIdTest, Region) {
  for (const char* first17 :
       {"00010519491231002", "16010519491231002", "24010519491231002", "72010519491231002",
        "83010519491231002", "99010519491231002", "10010519491231002", "47010519491231002"}) {
    EXPECT_EQ(CheckResidentId(WithCheck(first17), kToday), IdError::kRegion) << first17;
  }
}

TEST(ResidentIdTest, BirthDate) {
  EXPECT_EQ(CheckResidentId(WithCheck("11010519491331002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010519490001002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010519490100002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010519490431002"), kToday), IdError::kBirthDate);
  // Before 1900.
  EXPECT_EQ(CheckResidentId(WithCheck("11010518991231002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010519000101002"), kToday), IdError::kOk);
}

TEST(ResidentIdTest, FutureBirthDate) {
  EXPECT_EQ(CheckResidentId(WithCheck("11010520260316002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010520270101002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010520260315002"), kToday), IdError::kOk);  // today
}

TEST(ResidentIdTest, February29) {
  EXPECT_EQ(CheckResidentId(WithCheck("11010520230229002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010519000229002"), kToday), IdError::kBirthDate);
  EXPECT_EQ(CheckResidentId(WithCheck("11010520240229002"), kToday), IdError::kOk);
  EXPECT_EQ(CheckResidentId(WithCheck("11010520000229002"), kToday), IdError::kOk);
}

TEST(ResidentIdTest, Checksum) {
  EXPECT_EQ(CheckResidentId("110105194912310021", kToday), IdError::kChecksum);
  EXPECT_EQ(CheckResidentId("350102199003071235", kToday), IdError::kChecksum);
  EXPECT_EQ(CheckResidentId("35010219900307123X", kToday), IdError::kChecksum);
  EXPECT_EQ(CheckResidentId("35010219900307123x", kToday), IdError::kChecksum);
  // A single changed digit is always caught.
  std::string id = "350102199003071234";
  for (size_t i = 6; i < 17; ++i) {
    std::string bad = id;
    bad[i] = bad[i] == '1' ? '2' : '1';
    IdError e = CheckResidentId(bad, kToday);
    EXPECT_TRUE(e == IdError::kChecksum || e == IdError::kBirthDate) << bad;
  }
}

TEST(ResidentIdTest, CheckCharOfBadInput) {
  EXPECT_EQ(ResidentIdCheckChar("1101051949123100"), '\0');
  EXPECT_EQ(ResidentIdCheckChar("1101051949123100A"), '\0');
}

TEST(ResidentIdTest, BirthDateAndSex) {
  auto d = ResidentIdBirthDate("11010519491231002X");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, (Date{1949, 12, 31}));
  EXPECT_FALSE(ResidentIdBirthDate("110105194913310021").has_value());
  EXPECT_FALSE(ResidentIdBirthDate("1101051949").has_value());
  EXPECT_EQ(ResidentIdSex("11010519491231002X"), 'F');
  EXPECT_EQ(ResidentIdSex("350102199003071234"), 'M');
  EXPECT_EQ(ResidentIdSex("123"), '\0');
}

TEST(ResidentIdTest, ErrorMessages) {
  for (IdError e : {IdError::kOk, IdError::kLength, IdError::kCharacters, IdError::kRegion,
                    IdError::kBirthDate, IdError::kChecksum}) {
    EXPECT_GT(std::string(IdErrorMessage(e)).size(), 3u);
  }
}

TEST(CreditCodeTest, Valid) {
  EXPECT_TRUE(CheckCreditCode("91350100M000100Y43"));
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_TRUE(CheckCreditCode("91110000802100433B"));
  EXPECT_TRUE(CheckCreditCode("12100000400000624D"));
  EXPECT_TRUE(CheckCreditCode("91440300MA5DABCDEU"));
  // 31 - sum % 31 == 31 maps to '0'.
  EXPECT_EQ(CreditCodeCheckChar("9111010806367741X"), '0');
  EXPECT_TRUE(CheckCreditCode("9111010806367741X0"));
}

TEST(CreditCodeTest, Invalid) {
  EXPECT_FALSE(CheckCreditCode("91350100M000100Y44"));   // wrong check char
  EXPECT_FALSE(CheckCreditCode("91350100M000100Y4"));    // too short
  EXPECT_FALSE(CheckCreditCode("91350100M000100Y433"));  // too long
  EXPECT_FALSE(CheckCreditCode(""));
  EXPECT_FALSE(CheckCreditCode("91350100m000100Y43"));  // lowercase
  EXPECT_FALSE(CheckCreditCode("9135010AM000100Y4U"));  // region not digits
  for (char c : {'I', 'O', 'S', 'V', 'Z'}) {
    std::string first17 = "91350100M000100Y4";
    first17[9] = c;
    EXPECT_EQ(CreditCodeCheckChar(first17), '\0') << c;
    for (char check : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
      EXPECT_FALSE(CheckCreditCode(first17 + check));
    }
  }
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y"), '\0');
}

TEST(NameTest, Valid) {
  for (const char* name :
       {"张三", "欧阳小明", "阿依古丽·买买提", "John Smith", "李", "a", "José María",
        "Nguyễn Văn An", "王\xF0\xA0\x80\x80",  // U+20000, Extension B
        "\xE3\x90\x80明",                       // U+3400, Extension A
        "Mary Jane Watson", "爱新觉罗·溥仪", "Lü",
        "山\xEF\xA8\x91",       // U+FA11, a unified ideograph in the compatibility block
        "\xF0\xB0\x80\x80"}) {  // U+30000, Extension G
    EXPECT_TRUE(CheckName(name)) << name;
  }
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "张";
  EXPECT_TRUE(CheckName(forty));
}

TEST(NameTest, Invalid) {
  std::string forty_one;
  for (int i = 0; i < 41; ++i) forty_one += "张";
  for (const std::string& name : {std::string("张3"),
                                  std::string(""),
                                  forty_one,
                                  std::string("a  b"),
                                  std::string(" John"),
                                  std::string("John "),
                                  std::string(" "),
                                  std::string("张 三"),
                                  std::string("John 张"),
                                  std::string("·张"),
                                  std::string("张·"),
                                  std::string("张··三"),
                                  std::string("张· 三"),
                                  std::string("·"),
                                  std::string("John.Smith"),
                                  std::string("张-三"),
                                  std::string("O'Brien"),
                                  std::string("John\tSmith"),
                                  std::string("张\xE3\x80\x80三"),    // ideographic space
                                  std::string("阿依古丽・买买提"),    // U+30FB katakana middle dot
                                  std::string("阿依古丽•买买提"),     // U+2022 bullet
                                  std::string("张\xF0\x9F\x98\x80"),  // emoji
                                  std::string("张１"),                // full-width digit
                                  std::string("\xE5\xBC"),            // truncated sequence
                                  std::string("\xE5\xBC\xA0\xFF"),    // stray byte
                                  std::string("\xC0\xAF"),            // overlong '/'
                                  std::string("\xE0\x80\xAF"),        // overlong
                                  std::string("\xED\xA0\x80"),        // surrogate
                                  std::string("\xF4\x90\x80\x80"),    // above U+10FFFF
                                  std::string("张\0三", 5),
                                  std::string("\xF0\xAF\xBF\xBF"),     // U+2FFFF nonchar
                                  std::string("\xEF\xA8\x80"),         // U+FA00 compatibility
                                  std::string("\xF3\xA0\x80\x81")}) {  // U+E0001 tag
    EXPECT_FALSE(CheckName(name)) << name;
  }
}

TEST(MobileTest, Valid) {
  for (const char* p : {"13812345678", "+8613812345678", "19912345678", "15000000000"}) {
    EXPECT_TRUE(CheckMobile(p)) << p;
  }
}

TEST(MobileTest, Invalid) {
  for (const char* p :
       {"", "+86", "12812345678", "10812345678", "1381234567", "138123456789", "+86 13812345678",
        "8613812345678", "+8513812345678", "1381234567a", "23812345678", "138-1234-5678"}) {
    EXPECT_FALSE(CheckMobile(p)) << p;
  }
}

TEST(RegionCodeTest, Codes) {
  for (const char* c : {"110105", "350102", "650102", "710000", "810000", "820000", "530000"}) {
    EXPECT_TRUE(CheckRegionCode(c)) << c;
  }
  for (const char* c : {"", "000000", "160000", "240000", "550000", "700000", "830000", "11010",
                        "1101050", "11010a", "+11010"}) {
    EXPECT_FALSE(CheckRegionCode(c)) << c;
  }
}

TEST(MaskTest, Names) {
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("张小三"), "张*三");
  EXPECT_EQ(MaskName("欧阳小明"), "欧**明");
  EXPECT_EQ(MaskName("John Smith"), "J********h");
  EXPECT_EQ(MaskName("阿依古丽·买买提"), "阿******提");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName("J"), "*");
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName("王\xF0\xA0\x80\x80"), "王*");
  EXPECT_EQ(MaskName("\xF0\xA0\x80\x80王明"), "\xF0\xA0\x80\x80*明");
  // Invalid bytes never leak: they count as one character shown as U+FFFD.
  EXPECT_EQ(MaskName("\xFF\xFE"), "\xEF\xBF\xBD*");
}

TEST(MaskTest, ResidentIds) {
  EXPECT_EQ(MaskResidentId("350102199003071234"), "3501**********1234");
  EXPECT_EQ(MaskResidentId("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(MaskResidentId("12345678"), "********");
  EXPECT_EQ(MaskResidentId(""), "");
}

TEST(MaskTest, Mobiles) {
  EXPECT_EQ(MaskMobile("13812345678"), "138****5678");
  EXPECT_EQ(MaskMobile("+8613812345678"), "+86138****5678");
  EXPECT_EQ(MaskMobile("123"), "***");
  EXPECT_EQ(MaskMobile(""), "");
}

}  // namespace
}  // namespace ow::identity
