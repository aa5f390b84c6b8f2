// The debouncer over recorded sequences of frames with explicit capture times.
#include <gtest/gtest.h>

#include "prokat/scanner/debouncer.hpp"

namespace prokat::scanner {
namespace {

using namespace std::chrono_literals;
using TimePoint = Debouncer::TimePoint;

DecodedCode Code(const std::string& text, CodeFormat f = CodeFormat::kCode128) {
  DecodedCode c;
  c.format = f;
  c.text = text;
  return c;
}

// Feeds one frame every 40 ms (25 fps) starting at t0; returns the texts reported per frame.
std::vector<std::string> Play(Debouncer& d, const std::vector<std::vector<std::string>>& frames,
                              TimePoint t0 = TimePoint(1000s)) {
  std::vector<std::string> out;
  for (size_t i = 0; i < frames.size(); ++i) {
    std::vector<DecodedCode> codes;
    for (const auto& t : frames[i]) codes.push_back(Code(t));
    for (const auto& r : d.Update(t0 + 40ms * static_cast<int>(i), codes)) {
      out.push_back(std::to_string(i) + ":" + r.text);
    }
  }
  return out;
}

TEST(DebouncerTest, CodeHeldInViewIsReportedOnce) {
  Debouncer d({1500ms, 1});
  std::vector<std::vector<std::string>> frames(100, {"A"});  // 4 s in view
  EXPECT_EQ(Play(d, frames), (std::vector<std::string>{"0:A"}));
}

TEST(DebouncerTest, BriefDropoutsDoNotReportAgain) {
  Debouncer d({500ms, 1});
  // A, missing for 10 frames (400 ms < 500 ms), A again.
  std::vector<std::vector<std::string>> frames;
  for (int i = 0; i < 5; ++i) frames.push_back({"A"});
  for (int i = 0; i < 10; ++i) frames.push_back({});
  for (int i = 0; i < 5; ++i) frames.push_back({"A"});
  EXPECT_EQ(Play(d, frames), (std::vector<std::string>{"0:A"}));
}

TEST(DebouncerTest, CodeIsReportedAgainAfterLeavingViewForForgetTime) {
  Debouncer d({500ms, 1});
  std::vector<std::vector<std::string>> frames;
  for (int i = 0; i < 5; ++i) frames.push_back({"A"});
  for (int i = 0; i < 15; ++i) frames.push_back({});  // 600 ms away
  for (int i = 0; i < 5; ++i) frames.push_back({"A"});
  EXPECT_EQ(Play(d, frames), (std::vector<std::string>{"0:A", "20:A"}));
}

TEST(DebouncerTest, ForgetTimeCountsEvenWithoutFrames) {
  Debouncer d({500ms, 1});
  const TimePoint t0(100s);
  EXPECT_EQ(d.Update(t0, {Code("A")}).size(), 1u);
  EXPECT_EQ(d.Update(t0 + 400ms, {Code("A")}).size(), 0u);
  // No frames for a second (camera lost), then A again: it left the view.
  EXPECT_EQ(d.Update(t0 + 1400ms, {Code("A")}).size(), 1u);
}

TEST(DebouncerTest, TwoDifferentCodesInOneFrameAreBothReported) {
  Debouncer d({1500ms, 1});
  EXPECT_EQ(Play(d, {{"A", "B"}, {"A", "B"}, {"B"}}), (std::vector<std::string>{"0:A", "0:B"}));
}

TEST(DebouncerTest, SameTextInAnotherFormatIsAnotherCode) {
  Debouncer d;
  const auto r = d.Update(TimePoint(1s),
                          {Code("123", CodeFormat::kCode128), Code("123", CodeFormat::kQrCode)});
  EXPECT_EQ(r.size(), 2u);
}

TEST(DebouncerTest, ConfirmFramesFiltersOneFrameFlukes) {
  Debouncer d({1500ms, 2});
  EXPECT_EQ(Play(d, {{"fluke"}, {}, {}, {"A"}, {"A"}, {"A"}}), (std::vector<std::string>{"4:A"}));
}

TEST(DebouncerTest, ResetForgetsEverything) {
  Debouncer d;
  EXPECT_EQ(d.Update(TimePoint(1s), {Code("A")}).size(), 1u);
  EXPECT_EQ(d.InView(), 1u);
  d.Reset();
  EXPECT_EQ(d.InView(), 0u);
  EXPECT_EQ(d.Update(TimePoint(1s) + 40ms, {Code("A")}).size(), 1u);
}

}  // namespace
}  // namespace prokat::scanner
