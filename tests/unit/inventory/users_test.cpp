// Users and their sign-in sessions: logins are stored and looked up lower-cased, a password
// change or a deactivation ends the user's sessions in the same transaction, and an admin
// cannot deactivate his own account.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/accounts.hpp"

namespace prokat::inventory::testing {
namespace {

class Users : public InventoryTest {
 protected:
  Users() : accounts_(*db_, clock_) {}

  Session SignIn(Actor who, const std::string& token_hash) {
    return Must(accounts_.OpenSession(who.user, token_hash, "csrf-" + token_hash));
  }
  bool Live(const std::string& token_hash) {
    return accounts_.ResumeSession(token_hash, SessionLimits{}).ok();
  }

  AccountService accounts_;
};

TEST_F(Users, ALoginIsStoredLowerCasedAndFoundWhateverTheCase) {
  auto created =
      Must(users_.CreateUser(admin_, {"Sidorova.K", "Сидорова К.", Role::kStaff, {point_}, ""}));
  EXPECT_EQ(created.login, "sidorova.k");
  EXPECT_EQ(Must(users_.GetUser(created.id)).login, "sidorova.k");
  EXPECT_EQ(Must(users_.FindUserByLogin("SIDOROVA.K")).id, created.id);
  EXPECT_EQ(NormalizeLogin("Petrov-2"), "petrov-2");
}

TEST_F(Users, ANewPasswordEndsEverySessionOfThatUserOnly) {
  SignIn(staff_, "staff-phone");
  SignIn(staff_, "staff-desk");
  SignIn(driver_, "driver-phone");
  ASSERT_OK(users_.SetPasswordHash(admin_, staff_.user, "$argon2id$new"));
  EXPECT_FALSE(Live("staff-phone"));
  EXPECT_FALSE(Live("staff-desk"));
  EXPECT_TRUE(Live("driver-phone"));
}

TEST_F(Users, ARefusedPasswordChangeKeepsTheSessions) {
  SignIn(staff_, "staff-phone");
  auto refused = users_.SetPasswordHash(staff_, staff_.user, "$argon2id$mine");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "not_admin");
  EXPECT_TRUE(Live("staff-phone"));
}

TEST_F(Users, DeactivatingAUserEndsHisSessionsAndReactivatingKeepsOthers) {
  SignIn(staff_, "staff-phone");
  SignIn(admin_, "admin-desk");
  auto off = Must(users_.SetActive(admin_, staff_.user, false));
  EXPECT_FALSE(off.active);
  EXPECT_FALSE(Live("staff-phone"));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit WHERE action = 'user.deactivate'"), 1);
  auto on = Must(users_.SetActive(admin_, staff_.user, true));
  EXPECT_TRUE(on.active);
  EXPECT_TRUE(Live("admin-desk"));
}

TEST_F(Users, AnAdminCannotDeactivateHisOwnAccount) {
  SignIn(admin_, "admin-desk");
  auto self = users_.SetActive(admin_, admin_.user, false);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, ErrorCode::kRuleViolation);
  EXPECT_EQ(self.error().reason, "cannot_deactivate_self");
  EXPECT_EQ(self.error().field, "active");
  EXPECT_TRUE(Must(users_.GetUser(admin_.user)).active);
  EXPECT_TRUE(Live("admin-desk"));
  ASSERT_OK(users_.SetActive(admin_, admin_.user, true));  // a no-op, not a self-deactivation
}

}  // namespace
}  // namespace prokat::inventory::testing
