// The installation's settings as changed through SettingsService: each field within its bounds
// (one table, shared with LoadSettings), the loan term bounds nested, nothing stored on error, and
// a stored change in force at once for the services sharing the live settings.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/settings.hpp"

namespace prokat::inventory::testing {
namespace {

class Settings : public InventoryTest {
 protected:
  Settings() : store_(*db_) {}
  SettingsService store_;
};

TEST_F(Settings, AChangeKeepsTheFieldsItDoesNotName) {
  SettingsChange change;
  change.reservation_lapse_days = 5;
  change.custody_default_days = 14;
  auto changed = Must(store_.Change(change));
  EXPECT_EQ(changed.reservation_lapse_days, 5);
  EXPECT_EQ(changed.custody_default_days, 14);
  EXPECT_EQ(changed.max_term_months, InventorySettings{}.max_term_months);
  auto stored = Must(LoadSettings(*db_));
  EXPECT_EQ(stored.reservation_lapse_days, 5);
  EXPECT_EQ(stored.custody_default_days, 14);
  EXPECT_EQ(Must(store_.Load()).custody_default_days, 14);
}

TEST_F(Settings, AStoredChangeIsInForceAtOnceForTheServicesSharingTheLiveSettings) {
  auto live = std::make_shared<LiveSettings>(settings_);
  SettingsService store(*db_, live);
  AgreementService agreements(*db_, clock_, live);
  NewAgreement eight_months;
  eight_months.family = family_;
  eight_months.items = {AddItem("ХД-801", walker_type_)};
  eight_months.due_date = LoanTerm::Months(8);
  EXPECT_EQ(agreements.CreateDraft(staff_, eight_months).error().reason, "term_out_of_bounds");

  SettingsChange refused;
  refused.max_term_months = 13;  // above max_total_term_months: nothing stored, nothing in force
  ASSERT_FALSE(store.Change(refused).ok());
  EXPECT_EQ(live->Get().max_term_months, 6);

  SettingsChange longer;
  longer.max_term_months = 9;
  ASSERT_OK(store.Change(longer));
  EXPECT_EQ(live->Get().max_term_months, 9);
  EXPECT_EQ(live->Get().photo_dir, settings_.photo_dir) << "what a change cannot name stays";
  ASSERT_OK(agreements.CreateDraft(staff_, eight_months));
}

TEST_F(Settings, EachSettingIsRefusedOutsideItsBoundsNamingTheField) {
  struct Case {
    std::optional<std::int64_t> SettingsChange::*field;
    std::int64_t value;
    const char* name;
  };
  for (const Case& c :
       {Case{&SettingsChange::min_term_months, 0, "min_term_months"},
        Case{&SettingsChange::max_term_months, 121, "max_term_months"},
        Case{&SettingsChange::max_total_term_months, 241, "max_total_term_months"},
        Case{&SettingsChange::reservation_lapse_days, 366, "reservation_lapse_days"},
        Case{&SettingsChange::utc_offset_minutes, -721, "utc_offset_minutes"},
        Case{&SettingsChange::utc_offset_minutes, 841, "utc_offset_minutes"},
        Case{&SettingsChange::custody_default_days, 0, "custody_default_days"},
        Case{&SettingsChange::custody_default_days, 1LL << 40, "custody_default_days"}}) {
    SettingsChange change;
    change.*c.field = c.value;
    auto refused = store_.Change(change);
    ASSERT_FALSE(refused.ok()) << c.name << " = " << c.value;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, c.name);
  }
  SettingsChange edge;
  edge.utc_offset_minutes = -720;
  edge.reservation_lapse_days = 365;
  ASSERT_OK(store_.Change(edge));
  EXPECT_EQ(Must(LoadSettings(*db_)).utc_offset_minutes, -720);
}

TEST_F(Settings, TheLoanTermBoundsMustNestAndNothingIsStoredOtherwise) {
  SettingsChange above_max;
  above_max.min_term_months = 7;  // the stored maximum is 6
  above_max.reservation_lapse_days = 9;
  auto refused = store_.Change(above_max);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "min_term_months");
  SettingsChange above_total;
  above_total.max_term_months = 13;  // the stored total is 12
  EXPECT_EQ(store_.Change(above_total).error().field, "max_term_months");
  auto stored = Must(LoadSettings(*db_));
  EXPECT_EQ(stored.min_term_months, 1);
  EXPECT_EQ(stored.max_term_months, 6);
  EXPECT_EQ(stored.reservation_lapse_days, 3);

  SettingsChange together;  // checked against each other, not against what was stored
  together.max_term_months = 18;
  together.max_total_term_months = 24;
  ASSERT_OK(store_.Change(together));
  EXPECT_EQ(Must(LoadSettings(*db_)).max_term_months, 18);
}

TEST_F(Settings, SavingSettingsOutsideTheBoundsIsRefused) {
  InventorySettings s;
  s.custody_default_days = 0;
  auto refused = SaveSettings(*db_, s);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "custody.default_days");
}

}  // namespace
}  // namespace prokat::inventory::testing
