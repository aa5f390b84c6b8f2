// Dates and times read back from the database: a well-formed row reads back as the text it was
// stored as; a row damaged outside prokat makes the service call fail with kStorage naming the
// column and the text, instead of showing a default date (1970-01-01) or time.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/queries.hpp"

namespace prokat::inventory::testing {
namespace {

class StoredValues : public InventoryTest {
 protected:
  // Changes the file behind the services' back, as a damaged disk or a hand edit would.
  void Corrupt(const std::string& sql) {
    db_->Write([&](db::Connection& c) { c.Exec(sql); });
  }

  std::string StoredText(const std::string& sql) {
    return db_->Read([&](db::Connection& c) {
      auto s = c.Prepare(sql);
      s.Step();
      return s.Get<std::string>(0);
    });
  }

  template <typename T>
  void ExpectCorrupt(const Result<T>& r, const std::string& column, const std::string& text) {
    ASSERT_FALSE(r.ok()) << "a damaged " << column << " was read as a value";
    EXPECT_EQ(r.error().code, ErrorCode::kStorage);
    EXPECT_NE(r.error().message.find(column), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("'" + text + "'"), std::string::npos) << r.error().message;
  }

  AgreementId ActiveAgreement() {
    AgreementId id = Draft({AddItem("ХД-001", walker_type_)});
    Must(agreements_.Activate(staff_, id));
    return id;
  }
};

TEST_F(StoredValues, TimestampsReadBackAsTheStoredText) {
  AgreementId id = ActiveAgreement();
  auto a = Must(agreements_.Get(staff_, id));
  ASSERT_TRUE(a.activated_at.has_value());
  EXPECT_EQ(a.created_at, T("2026-03-02T07:00:00Z"));
  EXPECT_EQ(
      FormatTimestamp(*a.activated_at),
      StoredText("SELECT activated_at FROM agreement WHERE id = " + std::to_string(id.value)));
  EXPECT_FALSE(a.closed_at.has_value());
  EXPECT_EQ(FormatTimestamp(Must(agreements_.GetHandoverAct(staff_, id)).signed_at),
            "2026-03-02T07:00:00Z");
}

TEST_F(StoredValues, AnUnparsableDueDateIsAStorageErrorNotADefaultDate) {
  AgreementId id = ActiveAgreement();
  const std::string where = " WHERE id = " + std::to_string(id.value);
  Corrupt("UPDATE agreement SET due_date = 'garbage'" + where);

  ExpectCorrupt(agreements_.Get(staff_, id), "agreement.due_date", "garbage");
  QueryService queries(*db_, clock_, settings_);
  ExpectCorrupt(agreements_.List(staff_, {}, {}), "agreement.due_date", "garbage");
  ExpectCorrupt(queries.FamilyHistory(staff_, family_), "agreement.due_date", "garbage");

  // A change that reads the row fails too, and changes nothing.
  ExpectCorrupt(agreements_.Extend(staff_, id, D("2026-07-01"), "лечение продолжается"),
                "agreement.due_date", "garbage");
  EXPECT_EQ(StoredText("SELECT due_date FROM agreement" + where), "garbage");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM extension"), 0);
}

TEST_F(StoredValues, AnUnparsableTimestampIsAStorageError) {
  AgreementId id = ActiveAgreement();
  // Almost right: the form without 'T' and 'Z' that SQLite's own datetime() writes.
  Corrupt("UPDATE agreement SET activated_at = '2026-03-02 07:00:00' WHERE id = " +
          std::to_string(id.value));
  ExpectCorrupt(agreements_.Get(staff_, id), "agreement.activated_at", "2026-03-02 07:00:00");
}

TEST_F(StoredValues, AnEmptyOptionalTimestampIsAStorageErrorNotNotYet) {
  AgreementId id = ActiveAgreement();
  Corrupt("UPDATE agreement SET closed_at = '' WHERE id = " + std::to_string(id.value));
  ExpectCorrupt(agreements_.Get(staff_, id), "agreement.closed_at", "");
}

TEST_F(StoredValues, AnUnparsableDateOfAFamilyIsAStorageError) {
  Corrupt("UPDATE child SET birth_date = '14.05.2019'");
  ExpectCorrupt(families_.GetFamily(staff_, family_), "child.birth_date", "14.05.2019");
}

TEST_F(StoredValues, ALongDamagedValueIsShortenedInTheMessage) {
  Corrupt("UPDATE family SET consent_on = '" + std::string(500, 'x') + "'");
  auto r = families_.GetFamily(staff_, family_);
  ExpectCorrupt(r, "family.consent_on", std::string(64, 'x') + "...");
  EXPECT_LT(r.error().message.size(), 200u);
}

}  // namespace
}  // namespace prokat::inventory::testing
