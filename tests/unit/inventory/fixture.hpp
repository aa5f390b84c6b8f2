// A real SQLite file in a temp dir with one point, an admin, a staff member and a driver, one
// rules document, two item types and a family; the clock stands at 2026-03-02 10:00 local
// (07:00Z, point offset +03:00) until a test moves it.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>

#include "prokat/db/database.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/families.hpp"
#include "prokat/inventory/photos.hpp"
#include "prokat/inventory/users.hpp"
#include "temp_dir.hpp"

namespace prokat::inventory::testing {

inline Date D(const char* s) { return *ParseDate(s); }
inline Timestamp T(const char* s) { return *ParseTimestamp(s); }

#define ASSERT_OK(expr)                                                             \
  do {                                                                              \
    const auto& r_ = (expr);                                                        \
    ASSERT_TRUE(r_.ok()) << r_.error().message << " [" << r_.error().reason << "]"; \
  } while (0)

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << "unexpected error: " << r.error().message << " [" << r.error().reason << "]";
    throw std::runtime_error(r.error().message);
  }
  return std::move(r).value();
}

class InventoryTest : public ::testing::Test {
 protected:
  InventoryTest()
      : db_(std::make_unique<db::Database>(db::DatabaseOptions{dir_.File("prokat.db")})),
        clock_(T("2026-03-02T07:00:00Z")),
        users_(*db_, clock_),
        catalog_(*db_, clock_, settings_),
        families_(*db_, clock_, settings_),
        agreements_(*db_, clock_, settings_) {
    point_ = Must(users_.CreatePoint("СМФЦ Барнаул", "ул. Ленина, 1", "BRN1")).id;
    admin_ = {
        Must(users_.CreateUser(std::nullopt,
                               {"admin", "Администратор", Role::kAdmin, {point_, {}, true}, ""}))
            .id,
        Role::kAdmin};
    staff_ = {
        Must(users_.CreateUser(admin_, {"ivanova", "Иванова А.П.", Role::kStaff, {point_}, ""})).id,
        Role::kStaff};
    driver_ = {
        Must(users_.CreateUser(admin_, {"petrov", "Петров В.С.", Role::kDriver, {point_}, ""})).id,
        Role::kDriver};
    rules_ =
        Must(catalog_.PublishRules(staff_, "Правила пользования ТСР", "Текст правил, версия 1"));
    walker_type_ = Must(catalog_.CreateItemType(staff_, "Ходунки", ItemCategory::kRehabilitation,
                                                90, rules_.document))
                       .id;
    blanket_type_ =
        Must(catalog_.CreateItemType(staff_, "Утяжеленное одеяло", ItemCategory::kRehabilitation,
                                     60, rules_.document))
            .id;
    family_ = Must(families_.CreateFamily(staff_, NewFamilyFor("Смирнова Ольга Ивановна"))).id;
  }

  NewFamily NewFamilyFor(const std::string& name) {
    NewFamily f;
    f.point = point_;
    f.representative = name;
    f.phone = "+7 (913) 555-12-34";
    f.address = "с. Власиха, ул. Мира, 5";
    f.district = "Индустриальный";
    f.consent_on = D("2026-03-01");
    f.target_groups = {TargetGroup::kDisabledChild};
    f.children = {{"Смирнов Артём", D("2019-05-14"), ChildCategory::kDisabled}};
    return f;
  }

  ItemId AddItem(const std::string& number, ItemTypeId type) {
    NewItem in;
    in.inventory_number = number;
    in.name = "Ходунки Ortonica XS " + number;
    in.type = type;
    in.point = point_;
    in.components = {{"Колёса", 2}, {"Подлокотник", 1}};
    in.documents = {"Паспорт изделия"};
    return Must(catalog_.CreateItem(staff_, in)).id;
  }

  // Draft with the rules acknowledged, ready to activate.
  AgreementId Draft(std::vector<ItemId> items, DeliveryMode mode = DeliveryMode::kAtPoint,
                    std::optional<FamilyId> family = std::nullopt) {
    NewAgreement a;
    a.family = family.value_or(family_);
    a.items = std::move(items);
    a.due_date = D("2026-06-02");
    a.delivery_mode = mode;
    AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
    for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
      Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
    return id;
  }

  // The recipient's signature uploaded at the door for `agreement`'s trip, as the driver's
  // phone does before confirming: the file name a confirmation's signature_ref gives.
  std::string DoorSignature(AgreementId agreement, const Actor& by) {
    const std::vector<std::byte> png = {std::byte{0x89}, std::byte{'P'},  std::byte{'N'},
                                        std::byte{'G'},  std::byte{0x0D}, std::byte{0x0A},
                                        std::byte{0x1A}, std::byte{0x0A}, std::byte{0}};
    PhotoStore photos(*db_, clock_, settings_);
    return Must(photos.Attach(by, std::nullopt, agreement, PhotoOccasion::kDoor, png)).file_name;
  }

  int CountRows(const std::string& sql) {
    return db_->Read([&](db::Connection& c) {
      auto s = c.Prepare(sql);
      s.Step();
      return s.Get<int>(0);
    });
  }

  prokat::testing::TempDir dir_;
  InventorySettings settings_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_;
  UserService users_;
  CatalogService catalog_;
  FamilyService families_;
  AgreementService agreements_;
  PointId point_;
  Actor admin_, staff_, driver_;
  RulesVersion rules_;
  ItemTypeId walker_type_, blanket_type_;
  FamilyId family_;
};

}  // namespace prokat::inventory::testing
