// Scanned codes through HTTP on the real server over the demo database: GET /api/v1/lookup for
// our labels, bare inventory numbers, GTINs and garbage; POST /api/v1/scan/decode with photos
// made here with the scanner's label renderer; the item labels as PNG and SVG, read back.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <set>

#include "api_client.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/scanner/decode.hpp"
#include "prokat/scanner/label.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

class ApiScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ApiServer(true);
    admin_ = server_->SignedIn("admin").release();
    staff_ = server_->SignedIn("ivanova").release();
    driver_ = server_->SignedIn("petrov").release();
    // One item of our own, with a manufacturer's GTIN.
    auto rules = admin_->Post("/api/v1/rules",
                              json::object{{"title", "Правила сканирования"}, {"text", "1."}});
    auto type = admin_->Post("/api/v1/item-types",
                             json::object{{"name", "Коляска прогулочная (тест)"},
                                          {"category", "baby"},
                                          {"rules_document_id", rules.body.at("document_id")}});
    auto item = staff_->Post("/api/v1/items", json::object{{"inventory_number", "СКН-0001"},
                                                           {"name", "Коляска «Ромашка» <синяя>"},
                                                           {"gtin", "4006381333931"},
                                                           {"type_id", type.body.at("id")}});
    if (item.status != 201) throw std::runtime_error("creating the test item failed: " + item.raw);
    item_ = new json::object(item.body.as_object());
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete staff_;
    delete driver_;
    delete item_;
    EXPECT_EQ(server_->process().Stop(SIGTERM), 0) << server_->process().Stderr();
    delete server_;
  }

  static std::string Lookup(ApiClient& c, const std::string& escaped_code,
                            json::object* out = nullptr) {
    auto r = c.Get("/api/v1/lookup?code=" + escaped_code);
    EXPECT_EQ(r.status, 200) << escaped_code << " -> " << r.raw;
    if (r.status != 200) return {};
    if (out) *out = r.body.as_object();
    return std::string(r.body.at("kind").as_string());
  }
  static ApiResponse Upload(const std::string& bytes, const std::string& type) {
    return staff_->Send(verb::post, "/api/v1/scan/decode", bytes, {{"Content-Type", type}});
  }
  static std::string Label() { return std::string(item_->at("label").as_string()); }
  static std::int64_t ItemId() { return item_->at("id").as_int64(); }

  static ApiServer* server_;
  static ApiClient *admin_, *staff_, *driver_;
  static json::object* item_;
};
ApiServer* ApiScan::server_ = nullptr;
ApiClient *ApiScan::admin_, *ApiScan::staff_, *ApiScan::driver_;
json::object* ApiScan::item_ = nullptr;

TEST_F(ApiScan, LookupResolvesOurCodesAndSaysNotOursOtherwise) {
  json::object found;
  EXPECT_EQ(Lookup(*staff_, Label(), &found), "item");
  EXPECT_EQ(found.at("item_id"), ItemId());
  EXPECT_EQ(found.at("inventory_number"), "СКН-0001");
  EXPECT_EQ(found.at("name"), "Коляска «Ромашка» <синяя>");
  EXPECT_EQ(found.at("status"), "available");
  // Scanners may add lower case and a trailing newline.
  std::string lower = Label();
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(Lookup(*driver_, lower + "%0A", &found), "item");
  EXPECT_EQ(found.at("item_id"), ItemId());
  // A bare inventory number (percent-encoded Cyrillic).
  EXPECT_EQ(Lookup(*staff_, "%D0%A1%D0%9A%D0%9D-0001", &found), "item");
  EXPECT_EQ(found.at("item_id"), ItemId());
  // The manufacturer's GTIN: the model, with our item of it.
  EXPECT_EQ(Lookup(*staff_, "4006381333931", &found), "model");
  EXPECT_EQ(found.at("gtin"), "04006381333931");
  ASSERT_EQ(found.at("items").as_array().size(), 1u);
  EXPECT_EQ(found.at("items").at(0).at("item_id"), ItemId());
  EXPECT_EQ(Lookup(*staff_, "%2801%2904006381333931", &found),
            "model");  // "(01)..." element string
  // A valid GTIN of a model we do not hold: the model, no items.
  EXPECT_EQ(Lookup(*staff_, "5901234123457", &found), "model");
  EXPECT_TRUE(found.at("items").as_array().empty());
  // Not ours: garbage, a label with a wrong check character, a well-formed label of no item.
  for (std::string code :
       {std::string("hello%20world"), std::string("4006381333932"),
        Label().substr(0, Label().size() - 1) + (Label().back() == '0' ? "1" : "0"),
        inventory::ItemLabel(inventory::ItemId(987654321)), std::string("%3Cscript%3E")}) {
    EXPECT_EQ(Lookup(*staff_, code, &found), "not_ours") << code;
    EXPECT_FALSE(found.at("reason").as_string().empty()) << code;
    EXPECT_EQ(found.size(), 2u) << json::serialize(found);
  }
  // A kit and an agreement of the demo database (ids 1).
  EXPECT_EQ(Lookup(*staff_, inventory::KitLabel(inventory::KitId(1)), &found), "kit");
  EXPECT_EQ(found.at("kit_id"), 1);
  EXPECT_EQ(Lookup(*staff_, inventory::AgreementCode(inventory::AgreementId(1)), &found),
            "agreement");
  EXPECT_EQ(found.at("agreement_id"), 1);
  EXPECT_TRUE(found.contains("state"));
  // A driver learns which agreement it is, nothing more.
  EXPECT_EQ(Lookup(*driver_, inventory::AgreementCode(inventory::AgreementId(1)), &found),
            "agreement");
  EXPECT_EQ(found.size(), 3u) << json::serialize(found);
  EXPECT_FALSE(found.contains("state"));

  for (const char* target : {"/api/v1/lookup", "/api/v1/lookup?code=", "/api/v1/lookup?code=%20%20",
                             "/api/v1/lookup?code=%01abc"}) {
    auto r = staff_->Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body.at("error").at("field"), "code") << target;
  }
  EXPECT_EQ(staff_->Get("/api/v1/lookup?code=" + std::string(501, 'A')).status, 400);
}

TEST_F(ApiScan, DecodesAPhotoOfTheLabelAndLooksUpEachCode) {
  auto png = scanner::RenderLabelPng(
      {Label(), "СКН-0001", "Коляска", scanner::LabelSymbology::kCode128AndQrCode});
  ASSERT_TRUE(png.ok()) << png.error().message;
  auto r = Upload(*png, "image/png");
  ASSERT_EQ(r.status, 200) << r.raw;
  const auto& codes = r.body.at("codes").as_array();
  ASSERT_FALSE(codes.empty()) << r.raw;
  std::set<std::string> formats;
  for (const auto& code : codes) {
    EXPECT_EQ(code.at("text"), json::value(Label()));
    EXPECT_GT(code.at("quality").as_double(), 0.0);
    EXPECT_EQ(code.at("lookup").at("kind"), "item");
    EXPECT_EQ(code.at("lookup").at("item_id"), ItemId());
    formats.insert(std::string(code.at("format").as_string()));
  }
  EXPECT_TRUE(formats.count("Code128") || formats.count("QRCode")) << r.raw;

  // The same as a JPEG photo, from a driver's phone.
  auto image =
      scanner::RenderLabelImage({Label(), "СКН-0001", "Коляска", scanner::LabelSymbology::kQrCode});
  ASSERT_TRUE(image.ok());
  std::vector<unsigned char> jpeg;
  ASSERT_TRUE(cv::imencode(".jpg", *image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  auto from_phone =
      driver_->Send(verb::post, "/api/v1/scan/decode", std::string(jpeg.begin(), jpeg.end()),
                    {{"Content-Type", "image/jpeg"}});
  ASSERT_EQ(from_phone.status, 200) << from_phone.raw;
  ASSERT_EQ(from_phone.body.at("codes").as_array().size(), 1u) << from_phone.raw;
  EXPECT_EQ(from_phone.body.at("codes").at(0).at("format"), "QRCode");
  EXPECT_EQ(from_phone.body.at("codes").at(0).at("lookup").at("item_id"), ItemId());

  // A code that is not ours is answered, not refused.
  auto foreign =
      scanner::RenderLabelPng({"HELLO-WORLD", "", "", scanner::LabelSymbology::kCode128});
  ASSERT_TRUE(foreign.ok());
  auto other = Upload(*foreign, "image/png");
  ASSERT_EQ(other.status, 200) << other.raw;
  ASSERT_EQ(other.body.at("codes").as_array().size(), 1u) << other.raw;
  EXPECT_EQ(other.body.at("codes").at(0).at("lookup").at("kind"), "not_ours");

  // A photo with nothing on it: no codes.
  cv::Mat blank(200, 300, CV_8UC1, cv::Scalar(255));
  std::vector<unsigned char> blank_png;
  ASSERT_TRUE(cv::imencode(".png", blank, blank_png));
  auto nothing = Upload(std::string(blank_png.begin(), blank_png.end()), "image/png");
  ASSERT_EQ(nothing.status, 200) << nothing.raw;
  EXPECT_TRUE(nothing.body.at("codes").as_array().empty());
}

TEST_F(ApiScan, RefusesCorruptWrongAndOversizedPhotos) {
  auto png = scanner::RenderLabelPng({Label(), "", "", scanner::LabelSymbology::kQrCode});
  ASSERT_TRUE(png.ok());
  auto expect_unreadable = [](const ApiResponse& r, const std::string& what) {
    EXPECT_EQ(r.status, 400) << what << ": " << r.raw;
    EXPECT_EQ(r.ErrorCode(), "unreadable_image") << what;
  };
  std::string corrupt = *png;
  for (std::size_t i = 40; i < corrupt.size(); i += 7)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
  expect_unreadable(Upload(corrupt, "image/png"), "corrupt PNG");
  expect_unreadable(Upload(png->substr(0, 60), "image/png"), "truncated PNG");
  expect_unreadable(Upload(*png, "image/jpeg"), "PNG declared as JPEG");
  expect_unreadable(Upload("\xff\xd8\xff\xe0garbage", "image/jpeg"), "JPEG header only");
  expect_unreadable(Upload("", "image/png"), "empty body");
  expect_unreadable(Upload("{\"not\": \"an image\"}", "image/png"), "JSON as PNG");
  // A PNG header declaring 100000 x 100000 pixels is refused before decoding.
  std::string bomb = png->substr(0, 33);
  for (int i = 0; i < 2; ++i) {
    for (int b = 0; b < 4; ++b) bomb[16 + 4 * i + b] = "\x00\x01\x86\xa0"[b];
  }
  expect_unreadable(Upload(bomb + png->substr(33), "image/png"), "huge dimensions");

  auto wrong = Upload(*png, "application/json");
  EXPECT_EQ(wrong.status, 415) << wrong.raw;
  EXPECT_EQ(Upload(*png, "image/gif").status, 415);
  // Past the route's limit (8 MiB, the photo limit): the server refuses it before reading it.
  auto big = Upload(*png + std::string(8 * 1024 * 1024, '\0'), "image/png");
  EXPECT_EQ(big.status, 413) << big.raw;
  EXPECT_EQ(big.ErrorCode(), "body_too_large");
  // Anonymous and CSRF-less uploads are refused.
  EXPECT_EQ(server_->Anonymous()
                ->Send(verb::post, "/api/v1/scan/decode", *png, {{"Content-Type", "image/png"}})
                .status,
            401);
  ApiClient no_csrf(server_->port());
  no_csrf.set_cookie(staff_->cookie());
  EXPECT_EQ(
      no_csrf.Send(verb::post, "/api/v1/scan/decode", *png, {{"Content-Type", "image/png"}}).status,
      403);
}

// Real images made here: a 100-megapixel PNG (small on disk, 100 MB once decoded), a JPEG cut
// short, and text sent as an image, to the photo decoder and to the signature upload.
TEST_F(ApiScan, HugeTruncatedAndFakeImagesAreRefusedOrDecodedWithinLimits) {
  std::vector<uchar> huge;
  ASSERT_TRUE(cv::imencode(".png", cv::Mat(10000, 10000, CV_8UC1, cv::Scalar(255)), huge));
  const std::string huge_png(huge.begin(), huge.end());
  auto refused = Upload(huge_png, "image/png");
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_NE(refused.raw.find("megapixels"), std::string::npos) << refused.raw;

  auto label = scanner::RenderLabelImage({Label(), "", "", scanner::LabelSymbology::kQrCode});
  ASSERT_TRUE(label.ok());
  cv::Mat photo(1080, 1920, CV_8UC1, cv::Scalar(255));
  label->copyTo(photo(cv::Rect(100, 100, label->cols, label->rows)));
  std::vector<uchar> jpeg;
  ASSERT_TRUE(cv::imencode(".jpg", photo, jpeg));
  const std::string whole(jpeg.begin(), jpeg.end());
  auto decoded = Upload(whole, "image/jpeg");
  ASSERT_EQ(decoded.status, 200) << decoded.raw;
  ASSERT_EQ(decoded.body.at("codes").as_array().size(), 1u) << decoded.raw;
  // Cut in the middle: either refused, or decoded as far as the data goes; never a failure.
  auto truncated = Upload(whole.substr(0, whole.size() / 2), "image/jpeg");
  EXPECT_TRUE(truncated.status == 200 || truncated.ErrorCode() == "unreadable_image")
      << truncated.raw;

  // An open agreement (overdue), so that a return signature may be given.
  const auto agreements = staff_->Get("/api/v1/overdue?limit=1").body.at("items").as_array();
  ASSERT_FALSE(agreements.empty());
  const std::string signatures = "/api/v1/agreements/" +
                                 std::to_string(agreements[0].at("agreement_id").as_int64()) +
                                 "/signatures?occasion=return";
  auto photos = [&] {
    const std::string out = server_->dir().File("photos.txt");
    EXPECT_EQ(
        std::system(
            ("sqlite3 " + server_->db_path() + " 'SELECT count(*) FROM photo' > " + out).c_str()),
        0);
    std::ifstream in(out);
    int n = -1;
    in >> n;
    return n;
  };
  const int before = photos();
  std::vector<uchar> png;
  ASSERT_TRUE(cv::imencode(".png", photo(cv::Rect(0, 0, 600, 200)), png));
  const std::string signature(png.begin(), png.end());
  for (const auto& [bytes, what] :
       {std::pair{std::string("<svg>not a picture</svg>"), "text"},
        std::pair{huge_png, "100 megapixels"},
        std::pair{signature.substr(0, signature.size() - 40), "truncated PNG"}}) {
    auto r = staff_->Send(verb::post, signatures, bytes, {{"Content-Type", "image/png"}});
    EXPECT_EQ(r.status, 400) << what << ": " << r.raw;
    EXPECT_EQ(r.ErrorCode(), "unreadable_image") << what;
  }
  EXPECT_EQ(photos(), before);
  auto stored = staff_->Send(verb::post, signatures, signature, {{"Content-Type", "image/png"}});
  EXPECT_EQ(stored.status, 201) << stored.raw;
  EXPECT_EQ(photos(), before + 1);
  EXPECT_EQ(staff_->Get("/healthz").status, 200);
}

TEST_F(ApiScan, ItemLabelsDecodeBackToTheItem) {
  const std::string path = "/api/v1/items/" + std::to_string(ItemId());
  for (const char* code :
       {"", "?code=qr", "?code=code128&dpi=300", "?code=datamatrix&width_mm=40&height_mm=30"}) {
    auto r = staff_->Get(path + "/label.png" + code);
    ASSERT_EQ(r.status, 200) << code << ": " << r.raw;
    EXPECT_EQ(r.http[boost::beast::http::field::content_type], "image/png");
    const std::vector<unsigned char> bytes(r.raw.begin(), r.raw.end());
    cv::Mat image = cv::imdecode(bytes, cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(image.empty()) << code;
    scanner::DecodeOptions options;
    options.retry_budget = std::nullopt;
    auto decoded = scanner::Decode(image, options);
    ASSERT_FALSE(decoded.empty()) << code;
    for (const auto& d : decoded) EXPECT_EQ(d.text, Label()) << code;
  }
  auto svg = staff_->Get(path + "/label.svg");
  ASSERT_EQ(svg.status, 200) << svg.raw;
  EXPECT_EQ(svg.http[boost::beast::http::field::content_type], "image/svg+xml");
  EXPECT_NE(svg.raw.find("<svg"), std::string::npos);

  EXPECT_EQ(staff_->Get("/api/v1/items/99999999/label.png").status, 404);
  EXPECT_EQ(staff_->Get("/api/v1/items/x/label.svg").status, 404);
  for (const char* q : {"?code=pdf417", "?dpi=5000", "?width_mm=1", "?height_mm=abc"}) {
    auto r = staff_->Get(path + "/label.png" + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.raw;
  }
}

}  // namespace
}  // namespace prokat::testing
