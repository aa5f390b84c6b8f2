// The agreement's documents rendered from a real database and read back with poppler-utils:
// Russian text and every inventory number present, long acts break pages under a repeated
// header, "стр. N из M" on every page, the QR decodes to the agreement's code, and a reprint
// after the item was edited is identical in text.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "documents_test_support.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/scanner/decode.hpp"

namespace prokat::documents::testing {
namespace {

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST_F(DocumentsTest, HandoverActHasTheFamilyItemsComponentsAndRules) {
  AgreementId id = Lend(3);
  ItemUpdate serial;
  serial.serial_number = "SN-778899";
  auto pdf = HandoverActPdf(sources_, staff_, id);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = Text(*pdf);
  EXPECT_NE(text.find("Акт приема-передачи"), std::string::npos) << text;
  EXPECT_NE(text.find("оборудования, комплектующих и технической документации"), std::string::npos);
  EXPECT_NE(text.find("Смирнова Ольга Ивановна"), std::string::npos);
  EXPECT_NE(text.find("Смирнов Артём"), std::string::npos);
  for (const char* n : {"ВР-0001", "ВР-0002", "ВР-0003"})
    EXPECT_NE(text.find(n), std::string::npos) << n;
  EXPECT_NE(text.find("Колёса"), std::string::npos);
  EXPECT_NE(text.find("Паспорт изделия"), std::string::npos);
  EXPECT_NE(text.find("Правила пользования ТСР"), std::string::npos);
  EXPECT_NE(text.find("стр. 1 из 1"), std::string::npos);
  EXPECT_EQ(Pages(*pdf), 1);
}

TEST_F(DocumentsTest, SixtyItemActBreaksPagesWithTheHeaderRepeated) {
  AgreementId id = Lend(60);
  auto pdf = HandoverActPdf(sources_, staff_, id);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const int pages = Pages(*pdf);
  EXPECT_GE(pages, 3);
  const std::string all = Text(*pdf);
  for (int i = 1; i <= 60; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "ВР-%04d", i);
    EXPECT_EQ(Count(all, number), 2) << number;  // the number column and the name
  }
  for (int p = 1; p <= pages; ++p) {
    const std::string page = PageText(*pdf, p);
    EXPECT_NE(page.find("Инв. номер"), std::string::npos) << "page " << p;
    EXPECT_NE(page.find("стр. " + std::to_string(p) + " из " + std::to_string(pages)),
              std::string::npos)
        << page;
  }
  // The signatures come after the last row.
  EXPECT_GT(all.find("Принял"), all.find("ВР-0060"));
}

TEST_F(DocumentsTest, QrCodeOnTheActDecodesToTheAgreement) {
  AgreementId id = Lend(2);
  auto pdf = HandoverActPdf(sources_, staff_, id);
  ASSERT_TRUE(pdf.ok());
  const std::string path = dir_.File("qr.pdf");
  WriteFile(path, *pdf);
  Shell("pdftoppm -r 150 -png -f 1 -l 1 '" + path + "' '" + dir_.File("qr") + "'");
  cv::Mat page = cv::imread(dir_.File("qr-1.png"), cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(page.empty());
  auto codes = scanner::Decode(page);
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes[0].format, scanner::CodeFormat::kQrCode);
  EXPECT_EQ(codes[0].text, AgreementCode(id));
  auto parsed = ParseLabel(codes[0].text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->id, id.value);
}

TEST_F(DocumentsTest, ReprintAfterTheItemWasEditedIsIdenticalInText) {
  AgreementId id = Lend(2);
  const std::string before = Text(*HandoverActPdf(sources_, staff_, id), "before");
  auto act = Must(agreements_.GetHandoverAct(staff_, id));
  ItemUpdate edit;
  edit.name = "Совсем другое название";
  edit.components = std::vector<Component>{{"Новая деталь", 5}};
  Must(catalog_.UpdateItem(staff_, act.lines[0].item, edit));
  clock_.Advance(std::chrono::hours(24 * 365));
  const std::string after = Text(*HandoverActPdf(sources_, staff_, id), "after");
  EXPECT_EQ(before, after);
  EXPECT_EQ(after.find("Совсем другое"), std::string::npos);
}

TEST_F(DocumentsTest, ReprintAfterTheFamilyWasEditedShowsThePartiesAsSigned) {
  AgreementId id = Lend(2);
  const std::string act_before = Text(*HandoverActPdf(sources_, staff_, id), "act-before");
  const std::string agreement_before = Text(*AgreementPdf(sources_, staff_, id), "agr-before");
  ASSERT_NE(act_before.find("Смирнова Ольга Ивановна"), std::string::npos) << act_before;
  auto act = Must(agreements_.GetHandoverAct(staff_, id));
  ItemUpdate item;
  item.name = "Переименованный вертикализатор";
  Must(catalog_.UpdateItem(staff_, act.lines[0].item, item));
  FamilyUpdate edit;
  edit.representative = "Петрова Ольга Ивановна";
  edit.address = "г. Бийск, ул. Новая, 1";
  edit.phone = "+7 913 000-00-00";
  Must(families_.UpdateFamily(staff_, family_, edit));
  clock_.Advance(std::chrono::hours(24 * 30));

  const std::string act_after = Text(*HandoverActPdf(sources_, staff_, id), "act-after");
  EXPECT_EQ(act_after, act_before);
  EXPECT_EQ(act_after.find("Петрова"), std::string::npos);
  EXPECT_EQ(act_after.find("Переименованный"), std::string::npos);
  EXPECT_EQ(Text(*AgreementPdf(sources_, staff_, id), "agr-after"), agreement_before);
  const std::string rules = Text(*AgreementRulesPdf(sources_, staff_, id), "rules");
  EXPECT_NE(rules.find("Смирнова Ольга"), std::string::npos) << rules;
  EXPECT_EQ(rules.find("Петрова"), std::string::npos) << rules;

  // A return made after the edit is signed by the family as it is now, and stays so.
  ReturnRequest r;
  r.items = {{act.lines[0].item}};
  auto ret = Must(agreements_.Return(staff_, id, r));
  const std::string returned = Text(*ReturnActPdf(sources_, staff_, id, ret.id), "ret");
  EXPECT_NE(returned.find("Петрова Ольга Ивановна"), std::string::npos) << returned;
  EXPECT_NE(returned.find("г. Бийск, ул. Новая, 1"), std::string::npos);
  // The act's lines are the handover snapshot's (the item's old name).
  EXPECT_EQ(returned.find("Переименованный"), std::string::npos);
  edit.representative = "Сидорова Ольга Ивановна";
  Must(families_.UpdateFamily(staff_, family_, edit));
  EXPECT_EQ(Text(*ReturnActPdf(sources_, staff_, id, ret.id), "ret-again"), returned);
}

TEST_F(DocumentsTest, SerialNumberIsTakenIntoTheSnapshot) {
  NewItem in;
  in.inventory_number = "ВР-СН-1";
  in.serial_number = "SN-778899";
  in.name = "Вертикализатор Ардос";
  in.type = walker_type_;
  in.point = point_;
  AgreementId id = Draft({Must(catalog_.CreateItem(staff_, in)).id});
  Must(agreements_.Activate(staff_, id));
  EXPECT_NE(Text(*HandoverActPdf(sources_, staff_, id)).find("SN-778899"), std::string::npos);
  EXPECT_NE(Text(*AgreementPdf(sources_, staff_, id)).find("SN-778899"), std::string::npos);
}

TEST_F(DocumentsTest, ReturnActShowsMissingComponentsDamageAndWhatIsOutstanding) {
  AgreementId id = Lend(3);
  auto act = Must(agreements_.GetHandoverAct(staff_, id));
  ReturnRequest r;
  r.items = {{act.lines[0].item, ItemCondition::kFair, {"Колёса"}, "царапина на раме", false}};
  r.note = "Вернули в пункт";
  auto ret = Must(agreements_.Return(staff_, id, r));
  auto pdf = ReturnActPdf(sources_, staff_, id, ret.id);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string text = Text(*pdf);
  EXPECT_NE(text.find("Акт возврата"), std::string::npos) << text;
  EXPECT_NE(text.find("отсутствует"), std::string::npos);
  EXPECT_NE(text.find("наличии"), std::string::npos);
  EXPECT_NE(text.find("царапина на раме"), std::string::npos);
  EXPECT_NE(text.find("удовлетворительное"), std::string::npos);
  EXPECT_NE(text.find("Остаётся в пользовании"), std::string::npos);
  EXPECT_NE(text.find("ВР-0002"), std::string::npos);
  EXPECT_NE(text.find("ВР-0003"), std::string::npos);

  ReturnRequest rest;
  rest.items = {{act.lines[1].item}, {act.lines[2].item}};
  auto last = Must(agreements_.Return(staff_, id, rest));
  const std::string closing = Text(*ReturnActPdf(sources_, staff_, id, last.id));
  EXPECT_NE(closing.find("Всё оборудование по договору возвращено"), std::string::npos);
  // The first act still says what was outstanding then.
  EXPECT_EQ(Text(*ReturnActPdf(sources_, staff_, id, ret.id)), text);
  EXPECT_FALSE(ReturnActPdf(sources_, staff_, id, ReturnActId(9999)).ok());
}

TEST_F(DocumentsTest, AgreementUsesTheTemplateInForceAtActivation) {
  ASSERT_TRUE(inventory_.organization
                  .Save(admin_, {"КГБУСО «Комплексный центр Барнаула»",
                                 "656052, г. Барнаул, ул. Телефонная, 50а", "Жмылева Н. Ю.",
                                 "Директор", "г. Барнаул", "8(3852) 55-05-24"})
                  .ok());
  AgreementId old_one = Lend(1, "СТ-");
  const std::string v0 = Text(*AgreementPdf(sources_, staff_, old_one), "v0");
  EXPECT_NE(v0.find("безвозмездного временного пользования"), std::string::npos) << v0;
  EXPECT_NE(v0.find("КГБУСО «Комплексный центр Барнаула»"), std::string::npos);
  EXPECT_NE(v0.find("Жмылева Н. Ю."), std::string::npos);
  EXPECT_NE(v0.find("СТ-0001"), std::string::npos);
  EXPECT_NE(v0.find("02.06.2026"), std::string::npos);  // due date

  clock_.Advance(std::chrono::hours(1));
  auto published = inventory_.templates.Publish(
      admin_, TemplateKind::kAgreement,
      "## 1. Новый раздел\n\nНовый текст для {{family.representative}}.\n\n{{items}}");
  ASSERT_TRUE(published.ok()) << published.error().message;
  EXPECT_EQ(published->version, 1);
  EXPECT_FALSE(inventory_.templates.Publish(staff_, TemplateKind::kAgreement, "x").ok());
  clock_.Advance(std::chrono::hours(1));
  AgreementId new_one = Lend(1, "НВ-");
  const std::string v1 = Text(*AgreementPdf(sources_, staff_, new_one), "v1");
  EXPECT_NE(v1.find("Новый текст для Смирнова Ольга Ивановна"), std::string::npos) << v1;
  EXPECT_NE(v1.find("НВ-0001"), std::string::npos);
  EXPECT_EQ(Text(*AgreementPdf(sources_, staff_, old_one), "v0again"), v0);
}

TEST_F(DocumentsTest, RulesOfTheAgreementAreTheAcknowledgedVersion) {
  AgreementId id = Lend(1);
  Must(catalog_.PublishRules(admin_, "Правила пользования ТСР", "Текст правил, версия 2"));
  const std::string text = Text(*AgreementRulesPdf(sources_, staff_, id));
  EXPECT_NE(text.find("Текст правил, версия 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("версия 2"), std::string::npos);
  const std::string current = Text(*ItemTypeRulesPdf(sources_, walker_type_), "current");
  EXPECT_NE(current.find("Текст правил, версия 2"), std::string::npos) << current;
}

TEST_F(DocumentsTest, ActsOfADraftAreRefused) {
  AgreementId id = Draft({AddItem("ЧР-1", walker_type_)});
  auto act = HandoverActPdf(sources_, staff_, id);
  ASSERT_FALSE(act.ok());
  EXPECT_EQ(act.error().reason, "agreement_not_active");
  auto draft = AgreementPdf(sources_, staff_, id);
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_NE(Text(*draft).find("(проект)"), std::string::npos);
  EXPECT_EQ(HandoverActPdf(sources_, staff_, AgreementId(999)).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace prokat::documents::testing
