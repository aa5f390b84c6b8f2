// Setting the catalogue up: item types with their term limit, default parts and documents; an
// item's storage place; kits changed and taken apart only while they are at the point.
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace prokat::inventory::testing {
namespace {

class CatalogueSetup : public InventoryTest {
 protected:
  ItemTypeId LimitedType(int max_days) {
    NewItemType t;
    t.name = "Вертикализатор";
    t.default_term_days = 30;
    t.rules = rules_.document;
    t.max_term_days = max_days;
    return Must(catalog_.CreateItemType(staff_, t)).id;
  }

  KitId Multibox(std::vector<ItemId> items) {
    return Must(catalog_.CreateKit(staff_, {"Мультибокс №1 «Сенсорика»",
                                            KitKind::kMultibox,
                                            point_,
                                            std::move(items),
                                            {{"Мешочек", 2}},
                                            ""}))
        .id;
  }
};

TEST_F(CatalogueSetup, AnItemTypeKeepsItsTermLimitDefaultPartsAndDocuments) {
  NewItemType t;
  t.name = "Вертикализатор";
  t.category = ItemCategory::kRehabilitation;
  t.default_term_days = 60;
  t.rules = rules_.document;
  t.max_term_days = 120;
  t.components = {{"Столик", 1}, {"Ремни фиксации", 3}};
  t.documents = {"Паспорт", "Руководство по эксплуатации"};
  ItemTypeId id = Must(catalog_.CreateItemType(staff_, t)).id;
  auto stored = Must(catalog_.GetItemType(id));
  EXPECT_EQ(stored.max_term_days, 120);
  EXPECT_EQ(stored.components, t.components);
  EXPECT_EQ(stored.documents, t.documents);
  EXPECT_EQ(Must(catalog_.GetItemType(walker_type_)).max_term_days, std::nullopt);
}

TEST_F(CatalogueSetup, AnItemTypeIsChangedAndItsLimitLifted) {
  ItemTypeId id = LimitedType(90);
  ItemTypeUpdate u;
  u.name = "Вертикализатор детский";
  u.components = std::vector<Component>{{"Столик", 1}};
  u.max_term_days = std::optional<int>{};
  auto changed = Must(catalog_.UpdateItemType(staff_, id, u));
  EXPECT_EQ(changed.name, "Вертикализатор детский");
  EXPECT_EQ(changed.max_term_days, std::nullopt);
  EXPECT_EQ(changed.default_term_days, 30);
  EXPECT_EQ(changed.components.size(), 1u);

  ItemTypeUpdate taken;
  taken.name = "Ходунки";
  auto r = catalog_.UpdateItemType(staff_, id, taken);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "duplicate_name");
  auto missing = catalog_.UpdateItemType(staff_, ItemTypeId(999), u);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto by_driver = catalog_.UpdateItemType(driver_, id, u);
  ASSERT_FALSE(by_driver.ok());
  EXPECT_EQ(by_driver.error().code, ErrorCode::kForbidden);
}

TEST_F(CatalogueSetup, ATermLimitIsNotShorterThanTheDefaultTerm) {
  ItemTypeUpdate u;
  u.max_term_days = 10;
  auto r = catalog_.UpdateItemType(staff_, walker_type_, u);  // default term 90 days
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "max_term_days");
  EXPECT_EQ(Must(catalog_.GetItemType(walker_type_)).max_term_days, std::nullopt);
}

TEST_F(CatalogueSetup, AnAgreementIsNotLongerThanItsItemTypesTermLimit) {
  ItemId stander = AddItem("ВР-001", LimitedType(60));
  NewAgreement a;
  a.family = family_;
  a.items = {stander};
  a.due_date = D("2026-06-02");  // 92 days from 2026-03-02
  auto r = agreements_.CreateDraft(staff_, a);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRuleViolation);
  EXPECT_EQ(r.error().reason, "term_over_type_limit");
  EXPECT_EQ(r.error().field, "due_date");
  a.due_date = D("2026-05-01");  // 60 days
  ASSERT_OK(agreements_.CreateDraft(staff_, a));
}

TEST_F(CatalogueSetup, AnExtensionIsNotLongerThanTheTermLimit) {
  ItemTypeUpdate u;
  u.max_term_days = 120;
  Must(catalog_.UpdateItemType(staff_, walker_type_, u));
  AgreementId id = Draft({AddItem("ХД-001", walker_type_)});  // due 2026-06-02
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto r = agreements_.Extend(staff_, id, D("2026-07-01"), "лечение продолжается");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "term_over_type_limit");
  EXPECT_EQ(r.error().field, "new_due_date");
  ASSERT_OK(agreements_.Extend(staff_, id, D("2026-06-30"), "ровно 120 дней"));
}

TEST_F(CatalogueSetup, AnItemKeepsItsStoragePlaceAndIsFoundByIt) {
  NewItem in;
  in.inventory_number = "ХД-010";
  in.name = "Ходунки";
  in.type = walker_type_;
  in.point = point_;
  in.storage_place = "Стеллаж 2, полка 3";
  ItemId id = Must(catalog_.CreateItem(staff_, in)).id;
  AddItem("ХД-011", walker_type_);
  ItemFilter f;
  f.storage_place = "полка 3";
  auto found = Must(catalog_.ListItems(staff_, f, {}));
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].id, id);
  ItemUpdate u;
  u.storage_place = "Склад";
  u.cost_kopecks = std::optional<std::int64_t>{1250000};
  auto changed = Must(catalog_.UpdateItem(staff_, id, u));
  EXPECT_EQ(changed.storage_place, "Склад");
  EXPECT_EQ(changed.cost_kopecks, 1250000);
  EXPECT_TRUE(Must(catalog_.ListItems(staff_, f, {})).items.empty());
}

TEST_F(CatalogueSetup, AKitIsComposedOfFreeItemsOnly) {
  ItemId lent = AddItem("ХД-001", walker_type_);
  ASSERT_OK(agreements_.Activate(staff_, Draft({lent})));
  auto r = catalog_.CreateKit(staff_, {"Набор", KitKind::kKit, point_, {lent}, {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_not_free");
  EXPECT_EQ(r.error().field, "items");
}

TEST_F(CatalogueSetup, AKitAtThePointIsRecomposed) {
  ItemId a = AddItem("ХД-001", walker_type_);
  ItemId b = AddItem("ХД-002", walker_type_);
  ItemId c = AddItem("ХД-003", walker_type_);
  KitId kit = Multibox({a, b});
  KitUpdate u;
  u.name = "Мультибокс №2";
  u.items = std::vector<ItemId>{b, c};
  u.loose_components = std::vector<Component>{};
  auto changed = Must(catalog_.UpdateKit(staff_, kit, u));
  EXPECT_EQ(changed.name, "Мультибокс №2");
  EXPECT_EQ(changed.items, (std::vector<ItemId>{b, c}));
  EXPECT_TRUE(changed.loose_components.empty());
  EXPECT_EQ(Must(catalog_.GetItem(staff_, a)).kit, std::nullopt);

  KitId other = Multibox({a});
  KitUpdate steal;
  steal.items = std::vector<ItemId>{a, b};
  auto r = catalog_.UpdateKit(staff_, other, steal);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_in_other_kit");
}

TEST_F(CatalogueSetup, AKitIsNotChangedWhileItIsLent) {
  ItemId a = AddItem("ХД-001", walker_type_);
  ItemId b = AddItem("ХД-002", walker_type_);
  KitId kit = Multibox({a});
  NewAgreement lend;
  lend.family = family_;
  lend.kits = {kit};
  lend.due_date = D("2026-06-02");
  AgreementId id = Must(agreements_.CreateDraft(staff_, lend)).id;
  for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
    Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
  ASSERT_OK(agreements_.Activate(staff_, id));
  KitUpdate u;
  u.items = std::vector<ItemId>{a, b};
  auto changed = catalog_.UpdateKit(staff_, kit, u);
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().reason, "kit_not_at_point");
  auto apart = catalog_.TakeKitApart(staff_, kit);
  ASSERT_FALSE(apart.ok());
  EXPECT_EQ(apart.error().reason, "kit_not_at_point");
  EXPECT_EQ(Must(catalog_.GetKit(staff_, kit)).items, (std::vector<ItemId>{a}));
}

TEST_F(CatalogueSetup, AKitTakenApartFreesItsItemsAndIsNoLongerLent) {
  ItemId a = AddItem("ХД-001", walker_type_);
  KitId kit = Multibox({a});
  auto apart = Must(catalog_.TakeKitApart(staff_, kit));
  EXPECT_TRUE(apart.items.empty());
  EXPECT_TRUE(apart.taken_apart_at.has_value());
  EXPECT_EQ(Must(catalog_.GetItem(staff_, a)).kit, std::nullopt);
  EXPECT_TRUE(Must(catalog_.ListKits(staff_, std::nullopt, std::nullopt)).empty());
  auto again = catalog_.TakeKitApart(staff_, kit);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, "kit_taken_apart");
  NewAgreement lend;
  lend.family = family_;
  lend.kits = {kit};
  lend.due_date = D("2026-06-02");
  auto r = agreements_.CreateDraft(staff_, lend);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "kit_taken_apart");
  Multibox({a});  // the freed item composes a new kit
}

}  // namespace
}  // namespace prokat::inventory::testing
