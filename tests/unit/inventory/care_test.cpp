// Kits and multiboxes, internal custody, monitoring and photos.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "fixture.hpp"
#include "prokat/inventory/inventory.hpp"

namespace prokat::inventory::testing {
namespace {

class Care : public InventoryTest {
 protected:
  KitId Box(const std::string& name, const std::string& prefix) {
    std::vector<ItemId> items = {AddItem(prefix + "-1", blanket_type_),
                                 AddItem(prefix + "-2", blanket_type_)};
    return Must(catalog_.CreateKit(
                    staff_, {name, KitKind::kMultibox, point_, items, {{"Контейнер", 1}}, ""}))
        .id;
  }
  AgreementId DraftKit(KitId kit) {
    NewAgreement a;
    a.family = family_;
    a.kits = {kit};
    a.due_date = D("2026-05-02");
    AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
    for (const auto& r : Must(agreements_.RulesToAcknowledge(id)))
      Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
    return id;
  }
};

TEST_F(Care, HandingOverAKitHandsOverItsContentsAndReturningItChecksEach) {
  KitId box = Box("Мультибокс №1", "МБ1");
  auto kit = Must(catalog_.GetKit(box));
  AgreementId id = DraftKit(box);
  auto act = Must(agreements_.Activate(staff_, id));
  ASSERT_EQ(act.lines.size(), 2u);
  for (const auto& line : act.lines) {
    EXPECT_EQ(line.kit, box);
    EXPECT_EQ(Must(catalog_.GetItem(line.item)).status, ItemStatus::kOnLoan);
  }
  ReturnRequest back;
  back.kits = {box};
  back.items = {{kit.items[1], ItemCondition::kPoor, {"Колёса"}, "сломано колесо"}};
  auto ret = Must(agreements_.Return(staff_, id, back));
  ASSERT_EQ(ret.lines.size(), 2u);
  EXPECT_EQ(ret.lines[0].condition, ItemCondition::kGood);  // as handed over
  EXPECT_EQ(ret.lines[1].condition, ItemCondition::kPoor);
  EXPECT_EQ(ret.lines[1].missing_components, std::vector<std::string>{"Колёса"});
  EXPECT_EQ(ret.agreement_state, AgreementState::kClosed);
}

TEST_F(Care, AMultiboxIsDeliveredByScanningItsLabel) {
  DeliveryService deliveries(*db_, clock_, settings_);
  KitId box = Box("Мультибокс №1", "МБ1");
  NewAgreement a;
  a.family = family_;
  a.kits = {box};
  a.due_date = D("2026-05-02");
  a.delivery_mode = DeliveryMode::kDelivery;
  AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
  ASSERT_OK(agreements_.AcknowledgeRules(staff_, id, rules_.id));
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto trip = Must(deliveries.Plan(
      staff_, {id, DeliveryKind::kDelivery, D("2026-03-02"), driver_.user, "", ""}));
  DeliveryConfirmation door;
  door.received_by = "Смирнова О.И.";
  door.signature_ref = "sig.png";
  door.scans = {{KitLabel(box), T("2026-03-02T09:00:00Z"), std::nullopt}};
  auto done = Must(deliveries.Confirm(driver_, trip.id, door));
  EXPECT_EQ(done.scans.size(), 2u);
  for (auto item : Must(catalog_.GetKit(box)).items)
    EXPECT_EQ(Must(catalog_.GetItem(item)).status, ItemStatus::kOnLoan);
}

TEST_F(Care, AnItemIsInAtMostOneKit) {
  KitId box = Box("Мультибокс №1", "МБ1");
  auto r = catalog_.CreateKit(
      staff_, {"Другой", KitKind::kKit, point_, {Must(catalog_.GetKit(box)).items[0]}, {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "item_in_other_kit");
}

TEST_F(Care, AMultiboxIsSwappedForAnotherInOneVisit) {
  KitId first = Box("Мультибокс №1", "МБ1");
  KitId second = Box("Мультибокс №2", "МБ2");
  AgreementId id = DraftKit(first);
  ASSERT_OK(agreements_.Activate(staff_, id));
  clock_.Advance(std::chrono::days(30));
  auto act = Must(agreements_.SwapMultibox(staff_, id, first, second, D("2026-05-01"), {}));
  EXPECT_EQ(act.lines.size(), 2u);
  EXPECT_EQ(act.lines[0].kit, second);
  EXPECT_EQ(Must(agreements_.Get(id)).state, AgreementState::kClosed);
  EXPECT_EQ(Must(agreements_.Get(act.agreement)).state, AgreementState::kActive);
  for (auto item : Must(catalog_.GetKit(first)).items)
    EXPECT_EQ(Must(catalog_.GetItem(item)).status, ItemStatus::kInspection);
  // A swap into a box that is out fails as a whole: nothing of it is stored.
  KitId third = Box("Мультибокс №3", "МБ3");
  ASSERT_OK(agreements_.Activate(staff_, DraftKit(third)));
  auto bad = agreements_.SwapMultibox(staff_, act.agreement, second, third, D("2026-05-01"), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "item_not_available");
  EXPECT_EQ(Must(agreements_.Get(act.agreement)).state, AgreementState::kActive);
}

TEST_F(Care, CustodyIsTrackedAndDueLikeALoan) {
  CustodyService custody(*db_, clock_, settings_);
  ItemId walker = AddItem("ХД-001", walker_type_);
  auto k = Must(
      custody.SignOut(staff_, staff_.user, {walker}, "выездной курс, с. Лебяжье", std::nullopt));
  EXPECT_EQ(k.due_date, D("2026-03-12"));
  EXPECT_EQ(Must(catalog_.GetItem(walker)).status, ItemStatus::kInCustody);
  auto lend = agreements_.Activate(staff_, Draft({walker}));
  ASSERT_FALSE(lend.ok());
  EXPECT_EQ(lend.error().reason, "item_not_available");
  auto write_off = catalog_.WriteOff(staff_, walker, "x");
  ASSERT_FALSE(write_off.ok());
  EXPECT_EQ(write_off.error().reason, "item_on_loan");
  clock_.Advance(std::chrono::days(12));
  EXPECT_EQ(Must(custody.ListOpen()).at(0).days_overdue, 2);
  auto back = Must(custody.Return(staff_, k.id, {walker}));
  EXPECT_FALSE(back.closed_at.empty());
  EXPECT_EQ(Must(catalog_.GetItem(walker)).status, ItemStatus::kInspection);
}

TEST_F(Care, ConditionChecksAndConsultationsAreRecorded) {
  MonitoringService monitoring(*db_, clock_, settings_);
  ItemId walker = AddItem("ХД-001", walker_type_);
  AgreementId id = Draft({walker});
  auto early = monitoring.ScheduleCheck(staff_, id, D("2026-03-20"), CheckForm::kCall);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().reason, "agreement_not_active");
  ASSERT_OK(agreements_.Activate(staff_, id));
  auto check = Must(monitoring.ScheduleCheck(staff_, id, D("2026-03-20"), CheckForm::kVisit));
  auto done =
      Must(monitoring.RecordCheck(staff_, check.id, "используется по назначению, исправен"));
  EXPECT_FALSE(done.done_at.empty());
  EXPECT_EQ(monitoring.RecordCheck(staff_, check.id, "ещё").error().reason, "check_already_done");
  ASSERT_OK(monitoring.RecordConsultation(staff_, family_, id, D("2026-03-02"),
                                          "обучение пользованию ходунками", ContactForm::kVideo));
  EXPECT_EQ(Must(monitoring.ListConsultations(family_)).size(), 1u);
}

TEST_F(Care, PhotosAreFilesBesideTheDatabase) {
  PhotoStore photos(*db_, clock_, settings_);
  ItemId walker = AddItem("ХД-001", walker_type_);
  std::vector<std::byte> jpeg = {std::byte{0xFF}, std::byte{0xD8}, std::byte{0xFF},
                                 std::byte{0xE0}, std::byte{1},    std::byte{2}};
  auto p = Must(photos.Attach(staff_, walker, std::nullopt, PhotoOccasion::kReturn, jpeg));
  EXPECT_EQ(p.path, dir_.File("prokat.db.photos/photo-1.jpg"));
  EXPECT_EQ(std::filesystem::file_size(p.path), jpeg.size());
  std::vector<std::byte> text = {std::byte{'h'}, std::byte{'i'}};
  auto bad = photos.Attach(staff_, walker, std::nullopt, PhotoOccasion::kReturn, text);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "image");
  auto missing = photos.Attach(staff_, ItemId(999), std::nullopt, PhotoOccasion::kReturn, jpeg);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Must(photos.List(walker, std::nullopt)).size(), 1u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(photos.directory()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(Care, AConditionPhotoBelongsToAnItemOfItsAgreementAndReadsBackAsStored) {
  PhotoStore photos(*db_, clock_, settings_);
  ItemId walker = AddItem("ХД-001", walker_type_);
  ItemId other = AddItem("ХД-002", walker_type_);
  AgreementId id = Draft({walker});
  std::vector<std::byte> jpeg = {std::byte{0xFF}, std::byte{0xD8}, std::byte{0xFF},
                                 std::byte{0xE0}, std::byte{7},    std::byte{9}};
  auto p = Must(photos.Attach(staff_, walker, id, PhotoOccasion::kHandover, jpeg));
  auto stranger = photos.Attach(staff_, other, id, PhotoOccasion::kHandover, jpeg);
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(stranger.error().field, "item");
  EXPECT_EQ(Must(photos.List(std::nullopt, id)).size(), 1u);
  auto got = Must(photos.Get(p.id));
  EXPECT_EQ(got.item, walker);
  EXPECT_EQ(got.agreement, id);
  EXPECT_EQ(got.occasion, PhotoOccasion::kHandover);
  std::string bytes = Must(photos.Read(got));
  ASSERT_EQ(bytes.size(), jpeg.size());
  EXPECT_EQ(std::memcmp(bytes.data(), jpeg.data(), jpeg.size()), 0);
  EXPECT_EQ(photos.Get(PhotoId(999)).error().code, ErrorCode::kNotFound);
  std::filesystem::remove(got.path);
  EXPECT_EQ(photos.Read(got).error().code, ErrorCode::kStorage);
}

}  // namespace
}  // namespace prokat::inventory::testing
