// Every input is validated with a clear error naming the field; users and paging.
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace prokat::inventory::testing {
namespace {

class Validation : public InventoryTest {};

TEST_F(Validation, FamiliesNeedConsentAPhoneAndPlausibleChildren) {
  NewFamily f = NewFamilyFor("Орлова Анна");
  f.consent_on.reset();
  EXPECT_EQ(families_.CreateFamily(staff_, f).error().field, "consent_on");
  f = NewFamilyFor("Орлова Анна");
  f.phone = "позвонить соседке";
  EXPECT_EQ(families_.CreateFamily(staff_, f).error().field, "phone");
  f = NewFamilyFor("");
  EXPECT_EQ(families_.CreateFamily(staff_, f).error().field, "representative");
  f = NewFamilyFor("Орлова Анна");
  f.children[0].birth_date = D("2027-01-01");
  auto r = families_.CreateFamily(staff_, f);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "children.birth_date");
  f = NewFamilyFor("Орлова Анна");
  f.target_groups = {TargetGroup::kServicemanFamily, TargetGroup::kDifficultSituation};
  auto fam = Must(families_.CreateFamily(staff_, f));
  EXPECT_EQ(fam.target_groups.size(), 2u);
  EXPECT_EQ(fam.children.size(), 1u);
}

TEST_F(Validation, ItemsHaveUniqueInventoryNumbersAndValidGtins) {
  AddItem("ХД-001", walker_type_);
  NewItem in;
  in.inventory_number = "ХД-001";
  in.name = "Ходунки";
  in.type = walker_type_;
  in.point = point_;
  auto dup = catalog_.CreateItem(staff_, in);
  EXPECT_EQ(dup.error().reason, "duplicate_inventory_number");
  in.inventory_number = "ХД-002";
  in.gtin = "4006381333932";
  EXPECT_EQ(catalog_.CreateItem(staff_, in).error().field, "gtin");
  in.gtin = "";
  in.type = ItemTypeId(999);
  EXPECT_EQ(catalog_.CreateItem(staff_, in).error().code, ErrorCode::kNotFound);
  in.type = walker_type_;
  in.components = {{"Колёса", 0}};
  EXPECT_EQ(catalog_.CreateItem(staff_, in).error().field, "components");
}

TEST_F(Validation, ItemListsPageByCursorAndFilter) {
  for (int i = 0; i < 7; ++i) AddItem("ХД-" + std::to_string(i), walker_type_);
  AddItem("ОД-1", blanket_type_);
  ItemFilter walkers;
  walkers.type = walker_type_;
  std::vector<ItemId> seen;
  PageRequest page{"", 3};
  do {
    auto p = Must(catalog_.ListItems(staff_, walkers, page));
    for (const auto& item : p.items) seen.push_back(item.id);
    page.after = p.next_cursor;
  } while (!page.after.empty());
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(catalog_.ListItems(staff_, {}, {"не курсор", 3}).error().field, "after");
  ItemFilter text;
  text.text = "ОД-";
  EXPECT_EQ(Must(catalog_.ListItems(staff_, text, {})).items.size(), 1u);
}

TEST_F(Validation, UsersHaveValidUniqueLoginsAndOnlyAdminsManageThem) {
  EXPECT_EQ(users_.CreateUser(admin_, {"a", "Коротко", Role::kStaff, {point_}, ""}).error().field,
            "login");
  EXPECT_EQ(
      users_.CreateUser(admin_, {"IVANOVA", "Дубль", Role::kStaff, {point_}, ""}).error().reason,
      "duplicate_login");
  EXPECT_EQ(
      users_.CreateUser(staff_, {"new.user", "Новый", Role::kStaff, {point_}, ""}).error().code,
      ErrorCode::kForbidden);
  EXPECT_EQ(
      users_.CreateUser(std::nullopt, {"root2", "Второй", Role::kAdmin, {point_, {}, true}, ""})
          .error()
          .code,
      ErrorCode::kForbidden);  // bootstrap only while there is no admin
  EXPECT_EQ(Must(users_.FindUserByLogin("Ivanova")).id, staff_.user);
  ASSERT_OK(users_.SetPasswordHash(admin_, driver_.user, "$argon2id$v=19$m=65536,t=2,p=1$x$y"));
  EXPECT_EQ(Must(users_.GetUser(driver_.user)).password_hash.substr(0, 9), "$argon2id");
  UserFilter drivers;
  drivers.role = Role::kDriver;
  auto list = Must(users_.ListUsers(drivers, {}));
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_EQ(list.items[0].login, "petrov");
}

TEST_F(Validation, AFamilysLossGoesOnTheReturnAct) {
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  ASSERT_OK(agreements_.Activate(staff_, id));
  EXPECT_EQ(catalog_.MarkLost(admin_, walker, "потеряли").error().reason, "item_on_loan");
  ReturnLine lost{walker, ItemCondition::kBroken, {}, "утеряно при переезде"};
  lost.lost = true;
  auto act = Must(agreements_.Return(staff_, id, {{lost}}));
  EXPECT_TRUE(act.lines[0].lost);
  EXPECT_EQ(act.agreement_state, AgreementState::kClosed);
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kLost);
  ASSERT_OK(catalog_.WriteOff(admin_, walker, "утеряно семьёй, акт возврата"));
}

TEST_F(Validation, SettingsRoundTripAndRejectInconsistentBounds) {
  InventorySettings s;
  s.max_term_months = 4;
  s.reservation_lapse_days = 5;
  s.utc_offset_minutes = 420;
  ASSERT_OK(SaveSettings(*db_, s));
  auto back = Must(LoadSettings(*db_));
  EXPECT_EQ(back.max_term_months, 4);
  EXPECT_EQ(back.reservation_lapse_days, 5);
  EXPECT_EQ(back.utc_offset_minutes, 420);
  s.min_term_months = 5;
  EXPECT_FALSE(SaveSettings(*db_, s).ok());
  db_->Write([](db::Connection& c) {
    c.Exec("UPDATE setting SET value = 'много' WHERE key = 'loan.max_term_months'");
  });
  EXPECT_EQ(LoadSettings(*db_).error().field, "loan.max_term_months");
}

}  // namespace
}  // namespace prokat::inventory::testing
