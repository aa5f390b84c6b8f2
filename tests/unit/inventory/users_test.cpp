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

TEST_F(Users, ChangingOnesOwnPasswordNeedsTheCurrentOne) {
  ASSERT_OK(users_.SetPasswordHash(admin_, driver_.user, "$argon2id$old"));
  SignIn(driver_, "driver-phone");
  std::string checked;
  auto wrong = users_.ChangeOwnPassword(
      driver_,
      [&](const std::string& stored) {
        checked = stored;
        return false;
      },
      "$argon2id$new");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason, "wrong_current_password");
  EXPECT_EQ(wrong.error().field, "current_password");
  EXPECT_EQ(checked, "$argon2id$old") << "the check is given the stored hash";
  EXPECT_EQ(Must(users_.GetUser(driver_.user)).password_hash, "$argon2id$old");
  EXPECT_TRUE(Live("driver-phone"));

  ASSERT_OK(users_.ChangeOwnPassword(
      driver_, [](const std::string& stored) { return stored == "$argon2id$old"; },
      "$argon2id$new"));
  EXPECT_EQ(Must(users_.GetUser(driver_.user)).password_hash, "$argon2id$new");
  EXPECT_FALSE(Live("driver-phone"));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit WHERE action = 'user.change_own_password'"), 1);
}

TEST_F(Users, AnAccountWithoutAPasswordCannotSetOneItself) {
  ASSERT_OK(users_.SetPasswordHash(admin_, staff_.user, ""));
  auto r = users_.ChangeOwnPassword(
      staff_, [](const std::string&) { return true; }, "$argon2id$mine");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "wrong_current_password");
}

TEST_F(Users, OnlyAnAdminRenamesAPointAndItsCodeStays) {
  auto refused = users_.UpdatePoint(staff_, point_, "Другое имя", "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "not_admin");
  auto before = Must(users_.GetPoint(point_));
  auto renamed = Must(users_.UpdatePoint(admin_, point_, "Пункт на Малахова", "ул. Малахова, 1"));
  EXPECT_EQ(renamed.name, "Пункт на Малахова");
  EXPECT_EQ(renamed.code, before.code);
  EXPECT_EQ(Must(users_.GetPoint(point_)).address, "ул. Малахова, 1");
  auto empty = users_.UpdatePoint(admin_, point_, "", "x");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "name");
  EXPECT_EQ(users_.UpdatePoint(admin_, PointId(999), "x", "").error().code, ErrorCode::kNotFound);
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
