// The keyword terms of postings and queries.
#include "jobs/search_terms.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ow::jobs {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& t) {
  return std::find(v.begin(), v.end(), t) != v.end();
}

TEST(SearchTerms, ChineseTextGivesCharactersAndBigrams) {
  auto t = IndexTerms("软件工程师（Java）");
  EXPECT_TRUE(Has(t, "软"));
  EXPECT_TRUE(Has(t, "软件"));
  EXPECT_TRUE(Has(t, "工程"));
  EXPECT_TRUE(Has(t, "程师"));
  EXPECT_TRUE(Has(t, "java"));
  EXPECT_FALSE(Has(t, "师（"));  // full-width punctuation separates
}

TEST(SearchTerms, QueryUsesBigramsForLongRunsAndCharactersForOne) {
  EXPECT_EQ(QueryTerms("工程师"), (std::vector<std::string>{"工程", "程师"}));
  EXPECT_EQ(QueryTerms("厨"), (std::vector<std::string>{"厨"}));
  EXPECT_EQ(QueryTerms("  C++ Developer "), (std::vector<std::string>{"c", "developer"}));
}

TEST(SearchTerms, TermsAreDistinctAndBounded) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "word" + std::to_string(i) + " ";
  auto t = IndexTerms(text + text, 600);
  EXPECT_EQ(t.size(), 600u);
  EXPECT_EQ(IndexTerms("go go go").size(), 1u);
}

}  // namespace
}  // namespace ow::jobs
