#include "core/principal.h"

#include <gtest/gtest.h>

namespace ow {
namespace {

TEST(PrincipalTest, RegionPrefixScopes) {
  Principal p;
  p.grants = {{Role::kHealthOfficial, "3301"}, {Role::kCheckpointStaff, "place:abc"}};
  EXPECT_TRUE(p.HasInRegion(Role::kHealthOfficial, "330104"));
  EXPECT_FALSE(p.HasInRegion(Role::kHealthOfficial, "350102"));
  EXPECT_FALSE(p.HasInRegion(Role::kAdmin, "330104"));
  EXPECT_TRUE(p.HasForPlace(Role::kCheckpointStaff, "abc", "330104"));
  EXPECT_FALSE(p.HasForPlace(Role::kCheckpointStaff, "abd", "330104"));
  EXPECT_FALSE(p.HasInRegion(Role::kCheckpointStaff, "330104"));
}

TEST(PrincipalTest, RoleNames) {
  for (Role r : AllRoles()) EXPECT_EQ(*ParseRole(RoleName(r)), r);
  EXPECT_FALSE(ParseRole("root"));
}

}  // namespace
}  // namespace ow
