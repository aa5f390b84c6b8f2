// Kits and multiboxes, internal custody, monitoring and photos.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "fixture.hpp"
#include "prokat/db/migrations.hpp"
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
    for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
      Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
    return id;
  }
};

TEST_F(Care, HandingOverAKitHandsOverItsContentsAndReturningItChecksEach) {
  KitId box = Box("Мультибокс №1", "МБ1");
  auto kit = Must(catalog_.GetKit(staff_, box));
  AgreementId id = DraftKit(box);
  auto act = Must(agreements_.Activate(staff_, id));
  ASSERT_EQ(act.lines.size(), 2u);
  for (const auto& line : act.lines) {
    EXPECT_EQ(line.kit, box);
    EXPECT_EQ(Must(catalog_.GetItem(staff_, line.item)).status, ItemStatus::kOnLoan);
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
  door.signature_ref = DoorSignature(id, driver_);
  door.scans = {{KitLabel(box), T("2026-03-02T09:00:00Z"), std::nullopt}};
  auto done = Must(deliveries.Confirm(driver_, trip.id, door));
  EXPECT_EQ(done.scans.size(), 2u);
  for (auto item : Must(catalog_.GetKit(staff_, box)).items)
    EXPECT_EQ(Must(catalog_.GetItem(staff_, item)).status, ItemStatus::kOnLoan);
}

TEST_F(Care, AnItemIsInAtMostOneKit) {
  KitId box = Box("Мультибокс №1", "МБ1");
  auto r = catalog_.CreateKit(
      staff_,
      {"Другой", KitKind::kKit, point_, {Must(catalog_.GetKit(staff_, box)).items[0]}, {}, ""});
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
  EXPECT_EQ(Must(agreements_.Get(staff_, id)).state, AgreementState::kClosed);
  EXPECT_EQ(Must(agreements_.Get(staff_, act.agreement)).state, AgreementState::kActive);
  for (auto item : Must(catalog_.GetKit(staff_, first)).items)
    EXPECT_EQ(Must(catalog_.GetItem(staff_, item)).status, ItemStatus::kInspection);
  // A swap into a box that is out fails as a whole: nothing of it is stored.
  KitId third = Box("Мультибокс №3", "МБ3");
  ASSERT_OK(agreements_.Activate(staff_, DraftKit(third)));
  auto bad = agreements_.SwapMultibox(staff_, act.agreement, second, third, D("2026-05-01"), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "item_not_available");
  EXPECT_EQ(Must(agreements_.Get(staff_, act.agreement)).state, AgreementState::kActive);
}

TEST_F(Care, CustodyIsTrackedAndDueLikeALoan) {
  CustodyService custody(*db_, clock_, settings_);
  ItemId walker = AddItem("ХД-001", walker_type_);
  auto k = Must(
      custody.SignOut(staff_, staff_.user, {walker}, "выездной курс, с. Лебяжье", std::nullopt));
  EXPECT_EQ(k.due_date, D("2026-03-12"));
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kInCustody);
  auto lend = agreements_.Activate(staff_, Draft({walker}));
  ASSERT_FALSE(lend.ok());
  EXPECT_EQ(lend.error().reason, "item_not_available");
  auto write_off = catalog_.WriteOff(admin_, walker, "x");
  ASSERT_FALSE(write_off.ok());
  EXPECT_EQ(write_off.error().reason, "item_on_loan");
  clock_.Advance(std::chrono::days(12));
  EXPECT_EQ(Must(custody.ListOpen(staff_)).at(0).days_overdue, 2);
  auto back = Must(custody.Return(staff_, k.id, {walker}));
  EXPECT_EQ(back.closed_at, T("2026-03-14T07:00:00Z"));
  EXPECT_EQ(Must(catalog_.GetItem(staff_, walker)).status, ItemStatus::kInspection);
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
  EXPECT_EQ(done.done_at, T("2026-03-02T07:00:00Z"));
  EXPECT_EQ(monitoring.RecordCheck(staff_, check.id, "ещё").error().reason, "check_already_done");
  ASSERT_OK(monitoring.RecordConsultation(staff_, family_, id, D("2026-03-02"),
                                          "обучение пользованию ходунками", ContactForm::kVideo));
  EXPECT_EQ(Must(monitoring.ListConsultations(staff_, family_)).size(), 1u);
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
  EXPECT_EQ(Must(photos.List(staff_, walker, std::nullopt)).size(), 1u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(photos.directory()),
                          std::filesystem::directory_iterator()),
            1);
}

// Each act shows one signature per signer: the newest drawn at the desk for that act, or the
// family's given at the door when the delivery or pickup was confirmed.
TEST_F(Care, SignaturesBelongToOneActAndOneSigner) {
  PhotoStore photos(*db_, clock_, settings_);
  DeliveryService deliveries(*db_, clock_, settings_);
  const std::vector<std::byte> png = {std::byte{0x89}, std::byte{'P'},  std::byte{'N'},
                                      std::byte{'G'},  std::byte{0x0D}, std::byte{0x0A},
                                      std::byte{0x1A}, std::byte{0x0A}, std::byte{0}};
  auto file = [](const Photo& p) { return p.path; };
  AgreementId id = Draft({AddItem("ХД-1", walker_type_), AddItem("ХД-2", walker_type_)});
  auto first_try =
      Must(photos.AttachSignature(staff_, id, PhotoOccasion::kHandover, Signer::kFamily, png));
  auto family =
      Must(photos.AttachSignature(staff_, id, PhotoOccasion::kHandover, Signer::kFamily, png));
  auto staff =
      Must(photos.AttachSignature(staff_, id, PhotoOccasion::kHandover, Signer::kStaff, png));
  EXPECT_EQ(photos.AttachSignature(staff_, id, PhotoOccasion::kReturn, Signer::kFamily, png)
                .error()
                .reason,
            "agreement_not_active");
  EXPECT_EQ(
      photos.AttachSignature(staff_, id, PhotoOccasion::kDoor, Signer::kFamily, png).error().field,
      "occasion");
  ASSERT_OK(agreements_.Activate(staff_, id));
  EXPECT_EQ(photos.AttachSignature(staff_, id, PhotoOccasion::kHandover, Signer::kFamily, png)
                .error()
                .reason,
            "act_already_signed");
  auto returned =
      Must(photos.AttachSignature(staff_, id, PhotoOccasion::kReturn, Signer::kFamily, png));
  const auto lines = Must(agreements_.Get(staff_, id)).lines;
  auto ret = Must(agreements_.Return(staff_, id, {.items = {{lines[0].item}}}));
  // A signature for the next return is not this act's.
  auto next = Must(photos.AttachSignature(staff_, id, PhotoOccasion::kReturn, Signer::kStaff, png));
  auto sigs = Must(photos.ActSignatures(staff_, id));
  ASSERT_EQ(sigs.size(), 3u);
  EXPECT_EQ(sigs[0].return_act, std::nullopt);
  EXPECT_EQ(sigs[0].signer, Signer::kFamily);
  EXPECT_EQ(sigs[0].path, file(family));
  EXPECT_NE(sigs[0].path, file(first_try));
  EXPECT_EQ(sigs[1].signer, Signer::kStaff);
  EXPECT_EQ(sigs[1].path, file(staff));
  EXPECT_EQ(sigs[2].return_act, ret.id);
  EXPECT_EQ(sigs[2].signer, Signer::kFamily);
  EXPECT_EQ(sigs[2].path, file(returned));
  auto listed = Must(photos.List(staff_, std::nullopt, id));
  EXPECT_EQ(listed.back().id, next.id);
  EXPECT_EQ(listed.back().signer, Signer::kStaff);
  EXPECT_EQ(listed.back().return_act, std::nullopt);

  // Delivered: the recipient's signature at the door is the family's on the handover act.
  AgreementId delivered = Draft({AddItem("ХД-3", walker_type_)}, DeliveryMode::kDelivery);
  ASSERT_OK(agreements_.Activate(staff_, delivered));
  auto trip = Must(deliveries.Plan(
      staff_, {delivered, DeliveryKind::kDelivery, D("2026-03-02"), driver_.user, "", ""}));
  auto door = Must(photos.Attach(driver_, std::nullopt, delivered, PhotoOccasion::kDoor, png));
  DeliveryConfirmation c;
  c.received_by = "Смирнова О.И.";
  c.signature_ref = door.file_name;
  c.scans = {{"ХД-3", T("2026-03-02T09:00:00Z"), std::nullopt}};
  ASSERT_OK(deliveries.Confirm(driver_, trip.id, c));
  auto at_door = Must(photos.ActSignatures(staff_, delivered));
  ASSERT_EQ(at_door.size(), 1u);
  EXPECT_EQ(at_door[0].return_act, std::nullopt);
  EXPECT_EQ(at_door[0].signer, Signer::kFamily);
  EXPECT_EQ(at_door[0].path, door.path);
}

// Signatures stored before migration 0006 had no signer and no act: the desk sent a
// handover's family pad, then the staff pad (again both on a retry); a return's family pad just
// before the return was recorded.
TEST(PhotoMigration, OldSignaturesGetTheirSignerAndAct) {
  prokat::testing::TempDir dir;
  const std::string path = dir.File("old.db");
  const auto all = db::EmbeddedMigrations();
  {
    db::Connection c(path);
    ASSERT_EQ(db::Migrate(c, all.first(4)), 4);
    c.Exec(
        "INSERT INTO point(id, name, code) VALUES(1, 'П', 'P');"
        "INSERT INTO user(id, login, display_name, role, point_id, created_at) "
        "  VALUES(1, 'u', 'U', 'staff', 1, '2026-01-01T00:00:00Z');"
        "INSERT INTO family(id, point_id, representative, phone, address, consent_on, created_at) "
        "  VALUES(1, 1, 'Ф', '1', 'А', '2026-01-01', '2026-01-01T00:00:00Z');"
        "INSERT INTO agreement(id, point_id, year, seq, family_id, state, start_date, due_date, "
        "  delivery_mode, created_at, activated_at, created_by) VALUES(1, 1, 2026, 1, 1, "
        "  'partly_returned', '2026-01-01', '2026-04-01', 'at_point', '2026-01-01T09:00:00Z', "
        "  '2026-01-01T09:05:00Z', 1);"
        "INSERT INTO return_act(id, agreement_id, returned_on, signed_at, staff_id) VALUES"
        "  (1, 1, '2026-02-01', '2026-02-01T10:00:05Z', 1),"
        "  (2, 1, '2026-03-01', '2026-03-01T10:00:00Z', 1);"
        "INSERT INTO photo(id, item_id, agreement_id, occasion, file_name, taken_at, by_user) "
        "VALUES"
        "  (1, NULL, 1, 'handover', 'photo-1.png', '2026-01-01T09:00:10Z', 1),"
        "  (2, NULL, 1, 'handover', 'photo-2.png', '2026-01-01T09:00:11Z', 1),"
        "  (3, NULL, 1, 'handover', 'photo-3.png', '2026-01-01T09:04:10Z', 1),"
        "  (4, NULL, 1, 'handover', 'photo-4.png', '2026-01-01T09:04:11Z', 1),"
        "  (5, NULL, 1, 'return', 'photo-5.png', '2026-02-01T10:00:04Z', 1),"
        "  (6, NULL, 1, 'return', 'photo-6.png', '2026-03-01T10:00:00Z', 1);");
  }
  db::Database db(db::DatabaseOptions{path});
  ManualClock clock(T("2026-03-02T07:00:00Z"));
  InventorySettings settings;
  PhotoStore photos(db, clock, settings);
  auto sigs = Must(photos.ActSignatures(Actor{UserId(1), Role::kStaff}, AgreementId(1)));
  ASSERT_EQ(sigs.size(), 4u);
  auto file = [](const ActSignature& s) { return std::filesystem::path(s.path).filename(); };
  EXPECT_EQ(sigs[0].signer, Signer::kFamily);
  EXPECT_EQ(file(sigs[0]), "photo-3.png");
  EXPECT_EQ(sigs[1].signer, Signer::kStaff);
  EXPECT_EQ(file(sigs[1]), "photo-4.png");
  EXPECT_EQ(sigs[2].return_act, ReturnActId(1));
  EXPECT_EQ(file(sigs[2]), "photo-5.png");
  EXPECT_EQ(sigs[3].return_act, ReturnActId(2));
  EXPECT_EQ(file(sigs[3]), "photo-6.png");
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
  EXPECT_EQ(Must(photos.List(staff_, std::nullopt, id)).size(), 1u);
  auto got = Must(photos.Get(staff_, p.id));
  EXPECT_EQ(got.item, walker);
  EXPECT_EQ(got.agreement, id);
  EXPECT_EQ(got.occasion, PhotoOccasion::kHandover);
  std::string bytes = Must(photos.Read(got));
  ASSERT_EQ(bytes.size(), jpeg.size());
  EXPECT_EQ(std::memcmp(bytes.data(), jpeg.data(), jpeg.size()), 0);
  EXPECT_EQ(photos.Get(staff_, PhotoId(999)).error().code, ErrorCode::kNotFound);
  std::filesystem::remove(got.path);
  EXPECT_EQ(photos.Read(got).error().code, ErrorCode::kStorage);
}

// The messages of these errors reach the client: they name the photo, not where the server keeps
// its files.
TEST_F(Care, PhotoErrorsNameThePhotoNotTheServersPath) {
  const std::string server_dir = dir_.path().string();
  const std::vector<std::byte> jpeg = {std::byte{0xFF}, std::byte{0xD8}, std::byte{0xFF},
                                       std::byte{0xE0}, std::byte{1},    std::byte{2}};
  ItemId walker = AddItem("ХД-001", walker_type_);
  PhotoStore photos(*db_, clock_, settings_);
  auto stored = Must(photos.Attach(staff_, walker, std::nullopt, PhotoOccasion::kReturn, jpeg));
  std::filesystem::remove(stored.path);
  auto unreadable = photos.Read(stored);
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().code, ErrorCode::kStorage);
  EXPECT_NE(unreadable.error().message.find("photo-1.jpg"), std::string::npos)
      << unreadable.error().message;
  EXPECT_EQ(unreadable.error().message.find(server_dir), std::string::npos)
      << unreadable.error().message;

  // The next photo's file name is taken by a directory: the file cannot be written.
  std::filesystem::create_directory(std::filesystem::path(photos.directory()) / "photo-2.jpg");
  auto unwritable = photos.Attach(staff_, walker, std::nullopt, PhotoOccasion::kReturn, jpeg);
  ASSERT_FALSE(unwritable.ok());
  EXPECT_EQ(unwritable.error().code, ErrorCode::kStorage);
  EXPECT_NE(unwritable.error().message.find("photo-2.jpg"), std::string::npos)
      << unwritable.error().message;
  EXPECT_EQ(unwritable.error().message.find(server_dir), std::string::npos)
      << unwritable.error().message;

  // The photo directory cannot be made: a file stands in its way.
  std::ofstream(dir_.File("in-the-way")) << "x";
  InventorySettings elsewhere = settings_;
  elsewhere.photo_dir = dir_.File("in-the-way") + "/photos";
  PhotoStore blocked(*db_, clock_, elsewhere);
  auto no_dir = blocked.Attach(staff_, walker, std::nullopt, PhotoOccasion::kReturn, jpeg);
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.error().code, ErrorCode::kStorage);
  EXPECT_EQ(no_dir.error().message.find(server_dir), std::string::npos) << no_dir.error().message;
}

}  // namespace
}  // namespace prokat::inventory::testing
