// An item's care after its return through HTTP on the real server: a return with a missing
// headrest keeps the item from being lent, "cleaned" does not make it available, a
// supervisor's decision lets it go out incomplete and the next handover act says so; the
// write-off act as a PDF; role refusals and bad input on the new routes.
#include <gtest/gtest.h>

#include <fstream>

#include "agreements_fixture.hpp"
#include "shell.hpp"
#include "temp_dir.hpp"

namespace prokat::testing {
namespace {

class ApiCare : public ApiAgreements {
 protected:
  static void SetUpTestSuite() {
    ApiAgreements::SetUpTestSuite();
    supervisor_ = server_->SignedIn("supervisor").release();
  }
  static void TearDownTestSuite() {
    delete supervisor_;
    ApiAgreements::TearDownTestSuite();
  }
  static std::string ItemPath(std::int64_t item, const std::string& tail = "") {
    return "/api/v1/items/" + std::to_string(item) + tail;
  }
  // Lends `item` to a new family and takes it back without its headrest, the cover torn.
  static std::int64_t LendAndReturnWithoutHeadrest(const std::string& who, std::int64_t item) {
    auto id = Active(who, json::array{item});
    auto back = staff_->Post(
        Path(id, "/returns"),
        json::object{
            {"items", json::array{json::object{{"item_id", item},
                                               {"condition", "fair"},
                                               {"missing_components", json::array{"Подголовник"}},
                                               {"damage_note", "порван чехол"}}}}});
    EXPECT_EQ(back.status, 201) << back.raw;
    return id;
  }
  static std::string PdfText(const std::string& pdf, const std::string& name) {
    TempDir dir;
    const std::string path = dir.File(name + ".pdf");
    std::ofstream(path, std::ios::binary) << pdf;
    if (const char* keep = std::getenv("PROKAT_DOCS_OUT"))
      std::ofstream(std::string(keep) + "/" + name + ".pdf", std::ios::binary) << pdf;
    return Shell("pdftotext -layout '" + path + "' -");
  }

  static inline ApiClient* supervisor_ = nullptr;
};

TEST_F(ApiCare, AnIncompleteReturnIsNotLentUntilASupervisorDecidesAndTheNextActSaysSo) {
  const auto item = CreateItem(type_, "ВР-У-01");
  const auto first = LendAndReturnWithoutHeadrest("Орлова Мария", item);
  auto card = staff_->Get(ItemPath(item));
  ASSERT_EQ(card.status, 200) << card.raw;
  auto defects = card.body.at("defects").as_array();
  ASSERT_EQ(defects.size(), 2u);
  EXPECT_EQ(defects[0].at("kind"), "missing");
  EXPECT_EQ(defects[0].at("component"), "Подголовник");
  EXPECT_EQ(defects[0].at("agreement_id").as_int64(), first);
  EXPECT_TRUE(defects[0].at("open").as_bool());
  EXPECT_EQ(defects[1].at("note"), "порван чехол");

  auto cleaned = staff_->Post(ItemPath(item, "/inspection"),
                              json::object{{"outcome", "cleaned_and_inspected"}});
  ASSERT_EQ(cleaned.status, 422) << cleaned.raw;
  EXPECT_EQ(cleaned.body.at("error").at("code"), "item_has_defects");
  EXPECT_EQ(ItemStatus(item), "inspection");

  auto family = CreateFamily("Белова Ирина");
  auto refused = staff_->Post(
      "/api/v1/agreements",
      json::object{{"family_id", family.family}, {"items", json::array{item}}, {"term_months", 3}});
  ASSERT_EQ(refused.status, 422) << refused.raw;
  EXPECT_EQ(refused.body.at("error").at("code"), "item_has_defects");

  // The decision is a supervisor's.
  const json::object decision{{"decision", "lend_incomplete"}, {"reason", "подголовник заказан"}};
  EXPECT_EQ(staff_->Post(ItemPath(item, "/care/decision"), decision).status, 403);
  auto decided = supervisor_->Post(ItemPath(item, "/care/decision"), decision);
  ASSERT_EQ(decided.status, 200) << decided.raw;
  EXPECT_EQ(decided.body.at("status"), "available");

  auto next = Draft(family, json::array{item});
  Acknowledge(next);
  auto act = staff_->Post(Path(next, "/activate"));
  ASSERT_EQ(act.status, 201) << act.raw;
  EXPECT_EQ(act.body.at("lines").as_array()[0].at("missing_at_issue"), json::array{"Подголовник"});
  auto pdf = staff_->Get(Path(next, "/handover-act.pdf"));
  ASSERT_EQ(pdf.status, 200);
  const std::string text = PdfText(pdf.raw, "handover-incomplete");
  EXPECT_NE(text.find("отсутствует при выдаче"), std::string::npos) << text;
  EXPECT_NE(text.find("Не передано"), std::string::npos) << text;

  auto care = staff_->Get(ItemPath(item, "/care"));
  ASSERT_EQ(care.status, 200) << care.raw;
  std::vector<std::string> kinds;
  for (const auto& s : care.body.at("journal").as_array())
    kinds.emplace_back(s.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"defects_found", "decision_lend_incomplete"}));
}

TEST_F(ApiCare, StaffRecordStepsAndMakePartsGood) {
  const auto item = CreateItem(type_, "ВР-У-02");
  LendAndReturnWithoutHeadrest("Соколова Нина", item);
  auto step = staff_->Post(ItemPath(item, "/care/steps"),
                           json::object{{"kind", "cleaning"}, {"note", "обработано"}});
  ASSERT_EQ(step.status, 200) << step.raw;
  EXPECT_EQ(step.body.at("journal").as_array().back().at("kind"), "cleaning");
  EXPECT_EQ(step.body.at("journal").as_array().back().at("user_name"), "Тест staff");
  auto bad_kind = staff_->Post(ItemPath(item, "/care/steps"), json::object{{"kind", "painting"}});
  EXPECT_EQ(bad_kind.status, 400) << bad_kind.raw;
  EXPECT_EQ(bad_kind.body.at("error").at("field"), "kind");

  auto card = staff_->Get(ItemPath(item));
  const auto headrest = card.body.at("defects").as_array()[0].at("id").as_int64();
  auto part = staff_->Post(ItemPath(item, "/care/restore"),
                           json::object{{"defect_ids", json::array{headrest}}});
  ASSERT_EQ(part.status, 200) << part.raw;
  EXPECT_EQ(part.body.at("defects").as_array().size(), 1u);
  auto again = staff_->Post(ItemPath(item, "/care/restore"),
                            json::object{{"defect_ids", json::array{headrest}}});
  EXPECT_EQ(again.status, 400) << again.raw;
  EXPECT_EQ(again.body.at("error").at("field"), "defect_ids");
  EXPECT_EQ(supervisor_->Post(ItemPath(item, "/care/restore"), json::object{}).status, 403);
  auto all = staff_->Post(ItemPath(item, "/care/restore"), json::object{{"note", "зашит"}});
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_TRUE(all.body.at("defects").as_array().empty());
  auto cleaned = staff_->Post(ItemPath(item, "/inspection"),
                              json::object{{"outcome", "cleaned_and_inspected"}});
  ASSERT_EQ(cleaned.status, 200) << cleaned.raw;
  EXPECT_EQ(cleaned.body.at("status"), "available");
}

TEST_F(ApiCare, AWriteOffGivesItsActAsAPdf) {
  auto created = staff_->Post("/api/v1/items", json::object{{"inventory_number", "ВР-У-03"},
                                                            {"name", "Вертикализатор Иришка"},
                                                            {"type_id", type_},
                                                            {"funding_source", "Грант ФПГ 2025"},
                                                            {"cost_kopecks", 4550000}});
  ASSERT_EQ(created.status, 201) << created.raw;
  const auto item = created.body.at("id").as_int64();
  EXPECT_EQ(staff_->Get(ItemPath(item, "/write-off-act.pdf")).status, 404);
  auto bad = supervisor_->Post(ItemPath(item, "/care/decision"),
                               json::object{{"decision", "throw_away"}, {"reason", "x"}});
  EXPECT_EQ(bad.status, 400) << bad.raw;
  auto gone =
      supervisor_->Post(ItemPath(item, "/care/decision"),
                        json::object{{"decision", "write_off"}, {"reason", "трещина рамы"}});
  ASSERT_EQ(gone.status, 200) << gone.raw;
  EXPECT_EQ(gone.body.at("status"), "written_off");
  auto pdf = staff_->Get(ItemPath(item, "/write-off-act.pdf"));
  ASSERT_EQ(pdf.status, 200) << pdf.raw;
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);
  const std::string text = PdfText(pdf.raw, "write-off-act");
  for (const char* want : {"Акт списания", "ВР-У-03", "Вертикализатор Иришка", "45500,00",
                           "Грант ФПГ 2025", "трещина рамы", "02.03.2026"})
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  auto care = staff_->Get(ItemPath(item, "/care"));
  ASSERT_EQ(care.status, 200) << care.raw;
  ASSERT_EQ(care.body.at("acts").as_array().size(), 1u);
  EXPECT_EQ(care.body.at("acts").as_array()[0].at("kind"), "write_off");
  EXPECT_EQ(staff_->Get(ItemPath(item, "/loss-act.pdf")).status, 404);
}

}  // namespace
}  // namespace prokat::testing
