// Request body limits from the route table, on the real server over the demo database: a phone
// photo of several MiB is stored and read back, a signature past the JSON limit is taken (one of
// 5 MiB too, at the desk and at the door), and bodies past their route's limit get 413 before
// they are read. The images are made here with OpenCV: real JPEG and PNG files, noise so that
// they stay large once compressed.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

constexpr std::size_t kMiB = 1024 * 1024;
constexpr std::size_t kPhotoLimit = 8 * kMiB;  // the documented photo limit

class ApiUploads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ApiServer(true);
    staff_ = server_->SignedIn("ivanova").release();
  }
  static void TearDownTestSuite() {
    delete staff_;
    EXPECT_EQ(server_->process().Stop(SIGTERM), 0) << server_->process().Stderr();
    delete server_;
  }
  void TearDown() override {
    if (HasFailure()) PrintServerLogTail(*server_);
  }

  // An open (overdue) agreement of the demo data and an item on it.
  static std::pair<std::int64_t, std::int64_t> OpenAgreementAndItem() {
    auto overdue = staff_->Get("/api/v1/overdue?limit=1");
    EXPECT_EQ(overdue.status, 200) << overdue.raw;
    const auto id = overdue.body.at("items").at(0).at("agreement_id").as_int64();
    auto agreement = staff_->Get("/api/v1/agreements/" + std::to_string(id));
    EXPECT_EQ(agreement.status, 200) << agreement.raw;
    return {id, agreement.body.at("lines").at(0).at("item_id").as_int64()};
  }

  // A colour JPEG of random noise, sized so that the file is about `bytes` long.
  static std::string NoiseJpeg(std::size_t bytes) {
    auto encode = [](int width, int height) {
      cv::Mat image(height, width, CV_8UC3);
      cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(256));
      std::vector<uchar> out;
      EXPECT_TRUE(cv::imencode(".jpg", image, out, {cv::IMWRITE_JPEG_QUALITY, 90}));
      return std::string(out.begin(), out.end());
    };
    const double per_pixel = static_cast<double>(encode(400, 300).size()) / (400 * 300);
    const double pixels = static_cast<double>(bytes) / per_pixel;
    const int width = static_cast<int>(std::sqrt(pixels * 4 / 3));
    return encode(width, width * 3 / 4);
  }

  // A grayscale PNG of random noise (PNG does not compress noise): about width * height bytes.
  static std::string NoisePng(int width, int height) {
    cv::Mat image(height, width, CV_8UC1);
    cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(256));
    std::vector<uchar> out;
    EXPECT_TRUE(cv::imencode(".png", image, out));
    return std::string(out.begin(), out.end());
  }

  // Sends only `head` (a request line and header fields) and reads the whole answer, which the
  // server gives and then closes the connection.
  static std::string HeaderOnlyExchange(const std::string& head) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    boost::asio::write(socket, boost::asio::buffer(head));
    std::string reply;
    boost::system::error_code ec;
    char buf[4096];
    for (std::size_t n; (n = socket.read_some(boost::asio::buffer(buf), ec)) > 0;)
      reply.append(buf, n);
    return reply;
  }

  static ApiServer* server_;
  static ApiClient* staff_;
};

ApiServer* ApiUploads::server_ = nullptr;
ApiClient* ApiUploads::staff_ = nullptr;

TEST_F(ApiUploads, APhoneSizedPhotoIsStoredAndReadBack) {
  const std::string jpeg = NoiseJpeg(5 * kMiB);
  ASSERT_GT(jpeg.size(), 9 * kMiB / 2);
  ASSERT_LT(jpeg.size(), 6 * kMiB);
  const auto [agreement, item] = OpenAgreementAndItem();
  const std::string photos = "/api/v1/agreements/" + std::to_string(agreement) + "/photos";

  auto stored =
      staff_->Send(verb::post, photos + "?item_id=" + std::to_string(item) + "&occasion=return",
                   jpeg, {{"Content-Type", "image/jpeg"}});
  ASSERT_EQ(stored.status, 201) << stored.raw;
  const auto id = stored.body.at("id").as_int64();
  EXPECT_EQ(stored.body.at("item_id").as_int64(), item);

  auto listed = staff_->Get(photos);
  ASSERT_EQ(listed.status, 200) << listed.raw;
  bool found = false;
  for (const auto& p : listed.body.at("items").as_array()) found |= p.at("id").as_int64() == id;
  EXPECT_TRUE(found) << listed.raw.substr(0, 500);
  auto read = staff_->Get("/api/v1/photos/" + std::to_string(id));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.http[boost::beast::http::field::content_type], "image/jpeg");
  EXPECT_TRUE(read.raw == jpeg) << "the photo read back differs from the one sent";
}

TEST_F(ApiUploads, ASignatureLargerThanAJsonBodyIsTaken) {
  const std::string png = NoisePng(1200, 1000);
  ASSERT_GT(png.size(), kMiB);
  ASSERT_LT(png.size(), kPhotoLimit);
  const auto [agreement, item] = OpenAgreementAndItem();
  auto stored = staff_->Send(
      verb::post, "/api/v1/agreements/" + std::to_string(agreement) + "/signatures?occasion=return",
      png, {{"Content-Type", "image/png"}});
  EXPECT_EQ(stored.status, 201) << stored.raw;
  EXPECT_TRUE(stored.body.as_object().contains("signature_ref")) << stored.raw;
}

// A signature pad on a high-density phone screen makes large images: 5 MiB is taken at the desk
// and at the door, and reads back byte for byte.
TEST_F(ApiUploads, AFiveMebibyteSignatureIsStoredAtTheDeskAndAtTheDoor) {
  const std::string png = NoisePng(2300, 2300);
  ASSERT_GT(png.size(), 5 * kMiB);
  ASSERT_LT(png.size(), 6 * kMiB);
  const auto [agreement, item] = OpenAgreementAndItem();
  auto trips = staff_->Get("/api/v1/deliveries?status=out&limit=1");
  ASSERT_EQ(trips.status, 200) << trips.raw;
  ASSERT_FALSE(trips.body.at("items").as_array().empty()) << "the demo data has a trip out";
  const auto trip = trips.body.at("items").at(0).at("id").as_int64();
  for (const std::string& target :
       {"/api/v1/agreements/" + std::to_string(agreement) + "/signatures?occasion=return",
        "/api/v1/deliveries/" + std::to_string(trip) + "/signature"}) {
    auto stored = staff_->Send(verb::post, target, png, {{"Content-Type", "image/png"}});
    ASSERT_EQ(stored.status, 201) << target << ": " << stored.raw;
    auto read =
        staff_->Get("/api/v1/photos/" + std::to_string(stored.body.at("photo_id").as_int64()));
    ASSERT_EQ(read.status, 200) << target;
    EXPECT_EQ(read.http[boost::beast::http::field::content_type], "image/png");
    EXPECT_TRUE(read.raw == png) << target << ": the signature read back differs from the one sent";
  }
}

TEST_F(ApiUploads, APhotoPastTheLimitIsRefusedBeforeItsBodyIsRead) {
  const auto [agreement, item] = OpenAgreementAndItem();
  const std::string target = "/api/v1/agreements/" + std::to_string(agreement) +
                             "/photos?item_id=" + std::to_string(item) + "&occasion=return";
  // The header alone announces one byte too many: the answer comes without any body sent.
  const std::string reply = HeaderOnlyExchange(
      "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + staff_->cookie() +
      "\r\nX-CSRF-Token: " + staff_->csrf_token() +
      "\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(kPhotoLimit + 1) +
      "\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_NE(reply.find("\"body_too_large\""), std::string::npos) << reply;
  EXPECT_NE(reply.find("request body exceeds " + std::to_string(kPhotoLimit) + " bytes"),
            std::string::npos)
      << reply;

  // A client that sends the whole body anyway still reads the 413 (the server drops the rest
  // instead of resetting the connection), and nothing is stored.
  const std::string photos = "/api/v1/agreements/" + std::to_string(agreement) + "/photos";
  const auto before = staff_->Get(photos).body.at("items").as_array().size();
  auto refused =
      staff_->Send(verb::post, target, NoiseJpeg(9 * kMiB), {{"Content-Type", "image/jpeg"}});
  EXPECT_EQ(refused.status, 413) << refused.raw;
  EXPECT_EQ(refused.ErrorCode(), "body_too_large");
  EXPECT_EQ(staff_->Get(photos).body.at("items").as_array().size(), before);
  EXPECT_EQ(staff_->Get("/healthz").status, 200);
}

TEST_F(ApiUploads, AJsonRouteRefusesTwoMebibytes) {
  const std::string body = json::serialize(json::object{
      {"inventory_number", "БОЛ-1"}, {"name", std::string(2 * kMiB, 'x')}, {"type_id", 1}});
  auto refused =
      staff_->Send(verb::post, "/api/v1/items", body, {{"Content-Type", "application/json"}});
  EXPECT_EQ(refused.status, 413) << refused.raw;
  EXPECT_EQ(refused.ErrorCode(), "body_too_large");
  EXPECT_NE(refused.raw.find("exceeds 1048576 bytes"), std::string::npos) << refused.raw;
}

}  // namespace
}  // namespace prokat::testing
