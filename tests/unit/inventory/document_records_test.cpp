// What the printed documents read besides the agreements: the template versions
// (TemplateStore), the organisation's details (OrganizationDetails), rules versions by id
// (RulesVersions) and the rules acknowledgment journal (AcknowledgmentJournal).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fixture.hpp"
#include "prokat/inventory/acknowledgment_journal.hpp"
#include "prokat/inventory/organization_details.hpp"
#include "prokat/inventory/rules_versions.hpp"
#include "prokat/inventory/template_store.hpp"

namespace prokat::inventory::testing {
namespace {

class DocumentRecords : public InventoryTest {
 protected:
  DocumentRecords()
      : templates_(*db_, clock_),
        organization_(*db_, clock_),
        rules_versions_(*db_),
        journal_(*db_, settings_) {}

  TemplateStore templates_;
  OrganizationDetails organization_;
  RulesVersions rules_versions_;
  AcknowledgmentJournal journal_;
};

TEST_F(DocumentRecords, TemplateInForceAtATimeIsTheNewestPublishedByThen) {
  const Timestamp before = T("2026-03-02T06:59:00Z");
  auto v1 = Must(templates_.Publish(admin_, TemplateKind::kConsent, "Первая редакция"));
  clock_.Advance(std::chrono::hours(1));
  auto v2 = Must(templates_.Publish(admin_, TemplateKind::kConsent, "Вторая редакция"));
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v2.version, 2);

  auto at_v1 = Must(templates_.At(TemplateKind::kConsent, *v1.published_at));
  EXPECT_EQ(at_v1.version, 1);
  EXPECT_EQ(at_v1.text, "Первая редакция");
  auto builtin = Must(templates_.At(TemplateKind::kConsent, before));
  EXPECT_EQ(builtin.version, 0);
  EXPECT_EQ(builtin.text, DefaultTemplateText(TemplateKind::kConsent));
  EXPECT_EQ(Must(templates_.Current(TemplateKind::kConsent)).text, "Вторая редакция");
  // Other kinds are untouched.
  EXPECT_EQ(Must(templates_.Current(TemplateKind::kAgreement)).version, 0);

  auto versions = Must(templates_.Versions(TemplateKind::kConsent));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 2);
  EXPECT_EQ(versions[1].text, "Первая редакция");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit WHERE action = 'template.publish'"), 2);
}

TEST_F(DocumentRecords, OnlyAnAdminPublishesATemplateAndItMustNotBeBlankOrHuge) {
  auto by_staff = templates_.Publish(staff_, TemplateKind::kAgreement, "Текст");
  ASSERT_FALSE(by_staff.ok());
  EXPECT_EQ(by_staff.error().code, ErrorCode::kForbidden);
  auto blank = templates_.Publish(admin_, TemplateKind::kAgreement, " \n\t");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().field, "text");
  EXPECT_FALSE(
      templates_.Publish(admin_, TemplateKind::kAgreement, std::string(100'001, 'x')).ok());
  EXPECT_TRUE(Must(templates_.Versions(TemplateKind::kAgreement)).empty());
}

TEST_F(DocumentRecords, OrganizationDetailsLoadAsSaved) {
  EXPECT_EQ(Must(organization_.Load()).name, "");
  const Organization org{"КГБУСО «КЦСОН»", "656052, г. Барнаул", "Жмылева Н. Ю.",
                         "Директор",       "г. Барнаул",         "8(3852) 55-05-24"};
  ASSERT_OK(organization_.Save(admin_, org));
  auto loaded = Must(organization_.Load());
  EXPECT_EQ(loaded.name, org.name);
  EXPECT_EQ(loaded.address, org.address);
  EXPECT_EQ(loaded.director, org.director);
  EXPECT_EQ(loaded.director_title, org.director_title);
  EXPECT_EQ(loaded.city, org.city);
  EXPECT_EQ(loaded.phone, org.phone);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit WHERE action = 'organization.update'"), 1);
}

TEST_F(DocumentRecords, OnlyAnAdminChangesTheOrganizationAndValuesAreAtMost500Bytes) {
  Organization org;
  org.name = "Центр";
  auto by_staff = organization_.Save(staff_, org);
  ASSERT_FALSE(by_staff.ok());
  EXPECT_EQ(by_staff.error().code, ErrorCode::kForbidden);
  org.phone = std::string(501, '1');
  auto too_long = organization_.Save(admin_, org);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "org.phone");
  EXPECT_EQ(Must(organization_.Load()).name, "");
}

TEST_F(DocumentRecords, AnOlderRulesVersionStaysReadableById) {
  Must(catalog_.PublishRules(staff_, "Правила пользования ТСР", "Текст правил, версия 2"));
  auto old = Must(rules_versions_.Get(rules_.id));
  EXPECT_EQ(old.version, 1);
  EXPECT_EQ(old.text, "Текст правил, версия 1");
  EXPECT_EQ(old.title, "Правила пользования ТСР");
  auto unknown = rules_versions_.Get(RulesVersionId(9999));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(DocumentRecords, JournalListsAcknowledgmentsByThePointsCalendarDay) {
  // 2026-03-01 22:30 local is 19:30Z: the same UTC date, the previous local day.
  clock_.Set(T("2026-03-01T19:30:00Z"));
  AgreementId id = Draft({AddItem("ВР-0001", walker_type_)});
  auto day = Must(journal_.Entries(staff_, D("2026-03-01"), D("2026-03-01"), std::nullopt));
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0].agreement, id);
  EXPECT_EQ(day[0].agreement_number, "");  // still a draft
  EXPECT_EQ(day[0].representative, "Смирнова Ольга Ивановна");
  EXPECT_EQ(day[0].rules_version, 1);
  EXPECT_EQ(day[0].explained_by, "Иванова А.П.");
  EXPECT_TRUE(
      Must(journal_.Entries(staff_, D("2026-03-02"), D("2026-03-02"), std::nullopt)).empty());
  EXPECT_TRUE(
      Must(journal_.Entries(admin_, D("2026-03-01"), D("2026-03-01"), PointId(9999))).empty());
  auto reversed = journal_.Entries(staff_, D("2026-03-02"), D("2026-03-01"), std::nullopt);
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().field, "to");
}

}  // namespace
}  // namespace prokat::inventory::testing
