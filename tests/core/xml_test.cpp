// XmlEscaped: whatever the text, the result is well-formed XML character data (checked with
// libxml2), and ordinary text passes through unchanged apart from the entities.
#include "core/xml.h"

#include <gtest/gtest.h>

#include <string>

#include "support/well_formed_xml.h"

namespace ow {
namespace {

std::string InElementAndAttribute(std::string_view text) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a title=\"" + XmlEscaped(text) + "\">" +
         XmlEscaped(text) + "</a>";
}

TEST(XmlEscapedTest, OrdinaryTextIsKeptWithEntities) {
  EXPECT_EQ(XmlEscaped("西湖区 <b> & \"q\" 'a' 😀\t\n\r"),
            "西湖区 &lt;b&gt; &amp; &quot;q&quot; 'a' 😀\t\n\r");
  EXPECT_EQ(XmlEscaped("\xc2\x85"), "\xc2\x85");  // C1 controls are XML 1.0 characters
}

TEST(XmlEscapedTest, CharactersXmlDoesNotAllowBecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_EQ(XmlEscaped(std::string("a\0b", 3)), "a" + r + "b");
  EXPECT_EQ(XmlEscaped("a\x01\x0b\x0c\x1f"
                       "b"),
            "a" + r + r + r + r + "b");
  EXPECT_EQ(XmlEscaped("\xEF\xBF\xBE\xEF\xBF\xBF"), r + r);  // U+FFFE, U+FFFF
  EXPECT_EQ(XmlEscaped("\xED\xA0\x80"), r + r + r);          // a UTF-8-encoded surrogate
  EXPECT_EQ(XmlEscaped("\xff\xfe"), r + r);                  // not UTF-8 at all
  EXPECT_EQ(XmlEscaped("\xC0\xAF"), r + r);                  // overlong '/'
  EXPECT_EQ(XmlEscaped("\xE8\xA5"), r + r);                  // truncated 西
  EXPECT_EQ(XmlEscaped("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
}

TEST(XmlEscapedTest, EveryByteValueYieldsAWellFormedDocument) {
  for (int b = 0; b < 256; ++b) {
    const std::string text = "x" + std::string(1, static_cast<char>(b)) + "y";
    EXPECT_EQ(testing::XmlWellFormednessError(InElementAndAttribute(text)), "") << "byte " << b;
  }
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_EQ(testing::XmlWellFormednessError(InElementAndAttribute(all + all)), "");
  // Without escaping, the same text is not a document (the check can fail).
  EXPECT_NE(testing::XmlWellFormednessError("<a>x\x01y</a>"), "");
}

}  // namespace
}  // namespace ow
