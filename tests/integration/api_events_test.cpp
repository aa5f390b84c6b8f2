// Live events over the WebSocket /api/v1/events against the real server: a scan pushed from
// the server's scan source (a video file played at its frame rate), a missing camera reported
// and retried, and a change made by another client.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "api_client.hpp"
#include "event_client.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/scanner/label.hpp"

namespace prokat::testing {
namespace {

namespace json = boost::json;

// A 30 fps 1280x720 video: `blank_seconds` of an empty frame, then 2 s of each label in turn.
void WriteLabelVideo(const std::string& path, const std::vector<std::string>& payloads,
                     int blank_seconds) {
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30,
                         cv::Size(1280, 720));
  ASSERT_TRUE(writer.isOpened());
  const cv::Mat blank(720, 1280, CV_8UC3, cv::Scalar(255, 255, 255));
  for (int i = 0; i < blank_seconds * 30; ++i) writer.write(blank);
  for (const auto& payload : payloads) {
    auto label = scanner::RenderLabelImage(
        {payload, "", "Коляска прогулочная", scanner::LabelSymbology::kCode128AndDataMatrix});
    ASSERT_TRUE(label.ok());
    cv::Mat frame = blank.clone(), bgr;
    cv::cvtColor(*label, bgr, cv::COLOR_GRAY2BGR);
    bgr.copyTo(frame(cv::Rect((1280 - bgr.cols) / 2, (720 - bgr.rows) / 2, bgr.cols, bgr.rows)));
    for (int i = 0; i < 60; ++i) writer.write(frame);
  }
}

TEST(Events, ScanFromTheServersVideoSourceReachesTheDesk) {
  TempDir videos;
  const std::string video = videos.File("camera.avi");
  // The labels show after 10 s: time for the server to start and the desk to connect. The
  // first has a wrong check character (a misread): it must never be reported.
  const std::string good = inventory::ItemLabel(inventory::ItemId(42));
  std::string bad = good;
  bad.back() = bad.back() == 'Z' ? 'Y' : 'Z';
  ASSERT_FALSE(inventory::ParseLabel(bad).has_value());
  WriteLabelVideo(video, {bad, good}, 10);
  ApiServer server(true, {"--scan-source", video});
  auto staff = server.SignedIn("ivanova");
  EventClient events(server.port(), staff->cookie());
  auto scan = events.Next("scan", std::chrono::seconds(40));
  ASSERT_FALSE(scan.is_null()) << "no scan event arrived";
  EXPECT_EQ(std::string(scan.at("code").as_string()), good);
  EXPECT_GE(scan.at("capture_to_report_ms").as_int64(), 0);
  EXPECT_EQ(staff->Get("/healthz").status, 200);
}

TEST(Events, AMissingCameraIsReportedAndRetriedWhileTheServerServes) {
  ApiServer server(true, {"--camera", "/dev/video97"});
  auto staff = server.SignedIn("ivanova");
  EventClient events(server.port(), staff->cookie());
  auto status = events.Next("scanner", std::chrono::seconds(20));
  ASSERT_FALSE(status.is_null());
  EXPECT_TRUE(status.at("state") == "lost" || status.at("state") == "retrying")
      << json::serialize(status);
  EXPECT_EQ(staff->Get("/api/v1/items?limit=1").status, 200);
}

TEST(Events, AChangeByAnotherClientIsPushed) {
  ApiServer server(true);
  auto desk1 = server.SignedIn("ivanova");
  auto desk2 = server.SignedIn("sokolova");
  EventClient events(server.port(), desk1->cookie());
  auto family =
      desk2->Post("/api/v1/families", json::object{{"representative", "Смирнова Ольга"},
                                                   {"phone", "+7 900 000-00-01"},
                                                   {"address", "г. Барнаул, ул. Ленина, 1"},
                                                   {"district", "Центральный"},
                                                   {"consent_on", "2026-11-01"}});
  ASSERT_EQ(family.status, 201) << family.raw;
  auto change = events.Next("change", std::chrono::seconds(20));
  ASSERT_FALSE(change.is_null());
  EXPECT_EQ(change.at("path"), "/api/v1/families");
  EXPECT_EQ(change.at("by"), "sokolova");
}

TEST(Events, SignedOutAndDriversAreRefused) {
  ApiServer server(true);
  EXPECT_THROW(EventClient(server.port(), ""), boost::system::system_error);
  auto driver = server.SignedIn("petrov");
  EXPECT_THROW(EventClient(server.port(), driver->cookie()), boost::system::system_error);
}

}  // namespace
}  // namespace prokat::testing
