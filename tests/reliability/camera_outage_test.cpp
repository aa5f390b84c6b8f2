// The camera goes away and comes back while the server runs, for real: the server scans an
// MJPEG stream over HTTP (what an IP camera serves; `prokat serve --scan-source URL`) from a
// camera server in this test, which is stopped (its connections closed, its port refusing) and
// started again on the same port, and then goes silent with its connections open. Scans reach
// the desk's WebSocket before each outage and after it; during it the desk is told the scanner
// is lost and retrying, and the rest of the server (reads, writes, health) keeps answering.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>
#include <vector>

#include "api_client.hpp"
#include "event_client.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/scanner/label.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;

// A network camera: serves `multipart/x-mixed-replace` JPEG frames (the current picture,
// about 15 a second) to every client on 127.0.0.1:port until Stop(), which closes the
// listening socket and every connection. Freeze(true) makes it go silent the way a camera that
// lost power does: connections stay open (and new ones are accepted) but no byte is sent.
class MjpegCamera {
 public:
  ~MjpegCamera() { Stop(); }

  void Show(const cv::Mat& picture) {
    std::vector<uchar> jpeg;
    ASSERT_TRUE(cv::imencode(".jpg", picture, jpeg));
    std::lock_guard lock(mu_);
    jpeg_ = std::move(jpeg);
  }

  // Listens on `port` (0: any free port; later starts reuse the first one).
  void Start() {
    // CLOEXEC: the prokat server, started later, must not inherit the camera's sockets.
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener_, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0)
        << "port " << port_;
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    ASSERT_EQ(::listen(listener_, 8), 0);
    stopping_ = false;
    acceptor_ = std::thread([this] { Accept(); });
  }

  void Stop() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : connections_) t.join();
    connections_.clear();
    if (listener_ >= 0) ::close(listener_);
    listener_ = -1;
  }

  void Freeze(bool frozen) { frozen_ = frozen; }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/video.mjpg"; }

 private:
  void Accept() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) connections_.emplace_back([this, client] { Stream(client); });
    }
  }

  void Stream(int client) {
    auto wait_while_frozen = [this] {
      while (frozen_ && !stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    };
    wait_while_frozen();
    char request[4096];
    (void)::recv(client, request, sizeof request, 0);
    auto send = [client](const void* data, std::size_t size) {
      return ::send(client, data, size, MSG_NOSIGNAL) == static_cast<ssize_t>(size);
    };
    const std::string header =
        "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\n\r\n";
    bool ok = send(header.data(), header.size());
    while (ok && !stopping_) {
      std::vector<uchar> jpeg;
      {
        std::lock_guard lock(mu_);
        jpeg = jpeg_;
      }
      const std::string part =
          "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(jpeg.size()) +
          "\r\n\r\n";
      ok = send(part.data(), part.size()) && send(jpeg.data(), jpeg.size()) && send("\r\n", 2);
      std::this_thread::sleep_for(std::chrono::milliseconds(66));
      wait_while_frozen();
    }
    ::close(client);
  }

  unsigned short port_ = 0;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> frozen_{false};
  std::thread acceptor_;
  std::vector<std::thread>
      connections_;  // touched by the acceptor thread and Stop() after it joined
  std::mutex mu_;
  std::vector<uchar> jpeg_;  // guarded by mu_
};

long Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
      .count();
}

// A 640x480 picture of an item's label on white.
cv::Mat LabelPicture(long item) {
  cv::Mat picture(480, 640, CV_8UC3, cv::Scalar(255, 255, 255));
  auto label = scanner::RenderLabelImage({inventory::ItemLabel(inventory::ItemId(item)), "",
                                          "Коляска прогулочная",
                                          scanner::LabelSymbology::kCode128AndDataMatrix});
  EXPECT_TRUE(label.ok());
  if (!label.ok()) return picture;
  cv::Mat bgr;
  cv::cvtColor(*label, bgr, cv::COLOR_GRAY2BGR);
  bgr.copyTo(picture(cv::Rect((640 - bgr.cols) / 2, (480 - bgr.rows) / 2, bgr.cols, bgr.rows)));
  return picture;
}

TEST(CameraOutage, ScansResumeAfterTheCameraComesBackAndNothingElseStops) {
  MjpegCamera camera;
  // Blank until the desk listens: a label held in view is reported once, when first seen.
  camera.Show(cv::Mat(480, 640, CV_8UC3, cv::Scalar(255, 255, 255)));
  camera.Start();
  ApiServer server(true, {"--scan-source", camera.Url()});
  auto desk = server.SignedIn("ivanova");
  EventClient events(server.port(), desk->cookie());
  struct LogOnFailure {
    ApiServer& server;
    ~LogOnFailure() {
      if (::testing::Test::HasFailure()) PrintServerLogTail(server);
    }
  } log_on_failure{server};
  camera.Show(LabelPicture(42));

  auto before = events.Next("scan", std::chrono::seconds(40));
  ASSERT_FALSE(before.is_null()) << "no scan before the outage";
  EXPECT_EQ(before.at("code"), inventory::ItemLabel(inventory::ItemId(42)).c_str());

  camera.Stop();
  const auto stopped = std::chrono::steady_clock::now();
  auto lost = events.Next("scanner", std::chrono::seconds(20), {"lost"});
  ASSERT_FALSE(lost.is_null()) << "the desk was not told the camera is gone";
  std::cout << "stopped camera: reported lost " << Since(stopped) << " ms after it stopped\n";
  EXPECT_FALSE(lost.at("message").as_string().empty()) << json::serialize(lost);
  // Reopening fails while the camera is away: each failure is reported, and retried.
  auto retrying = events.Next("scanner", std::chrono::seconds(20), {"retrying"});
  ASSERT_FALSE(retrying.is_null());
  auto failed_again = events.Next("scanner", std::chrono::seconds(20), {"lost"});
  ASSERT_FALSE(failed_again.is_null()) << "no second open attempt while the camera is away";

  // The rest of the server serves meanwhile; monitoring sees the camera is away.
  auto health = desk->Get("/healthz");
  EXPECT_EQ(health.status, 200);
  const std::string away(health.body.at("scanner").as_string());
  EXPECT_TRUE(away == "lost" || away == "retrying") << health.raw;
  EXPECT_EQ(desk->Get("/api/v1/items?limit=5").status, 200);
  auto family =
      desk->Post("/api/v1/families", json::object{{"representative", "Кузнецова Анна"},
                                                  {"phone", "+7 900 000-00-02"},
                                                  {"address", "г. Барнаул, ул. Ленина, 2"},
                                                  {"consent_on", "2026-11-01"}});
  EXPECT_EQ(family.status, 201) << family.raw;

  camera.Show(LabelPicture(43));
  camera.Start();
  const auto restarted = std::chrono::steady_clock::now();
  auto opened = events.Next("scanner", std::chrono::seconds(30), {"opened"});
  ASSERT_FALSE(opened.is_null()) << "the scanner did not reopen the camera";
  auto after = events.Next("scan", std::chrono::seconds(40));
  ASSERT_FALSE(after.is_null()) << "no scan after the camera came back";
  std::cout << "stopped camera: scans again " << Since(restarted) << " ms after it came back\n";
  EXPECT_EQ(after.at("code"), inventory::ItemLabel(inventory::ItemId(43)).c_str());
  EXPECT_EQ(desk->Get("/healthz").body.at("scanner"), "opened");

  // The camera goes silent without closing the connection: the read times out (5 s) and the
  // scanner reopens; the reopening times out too until the camera speaks again.
  camera.Freeze(true);
  const auto went_silent = std::chrono::steady_clock::now();
  auto silent = events.Next("scanner", std::chrono::seconds(30), {"lost"});
  ASSERT_FALSE(silent.is_null()) << "a silent camera was not noticed";
  std::cout << "silent camera: reported lost " << Since(went_silent)
            << " ms after it went silent\n";
  EXPECT_EQ(desk->Get("/api/v1/items?limit=5").status, 200);
  camera.Show(LabelPicture(44));
  camera.Freeze(false);
  const auto spoke = std::chrono::steady_clock::now();
  ASSERT_FALSE(events.Next("scanner", std::chrono::seconds(30), {"opened"}).is_null())
      << "the scanner did not reopen the camera after it went silent";
  auto resumed = events.Next("scan", std::chrono::seconds(40));
  ASSERT_FALSE(resumed.is_null()) << "no scan after the camera spoke again";
  std::cout << "silent camera: scans again " << Since(spoke) << " ms after it spoke again\n";
  EXPECT_EQ(resumed.at("code"), inventory::ItemLabel(inventory::ItemId(44)).c_str());
  EXPECT_EQ(desk->Get("/api/v1/items?limit=5").status, 200);
}

}  // namespace
}  // namespace prokat::testing
