// ScanLoop and the frame sources: a real video file written with cv::VideoWriter and read
// back through the same source class a camera uses, a missing camera, an unplugged one.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>
#include <thread>

#include "prokat/scanner/scan_loop.hpp"
#include "synthetic.hpp"
#include "temp_dir.hpp"

namespace prokat::scanner {
namespace {

using namespace std::chrono_literals;
using testing::MakeCode;
using testing::Paste;

// Records what the loop reports; the callbacks run on the loop's threads.
struct Recorder {
  std::mutex mu;
  std::vector<ScanEvent> events;
  std::vector<SourceStatus> statuses;
  std::condition_variable cv;

  ScanLoop::EventCallback OnEvent() {
    return [this](const ScanEvent& e) {
      std::lock_guard lock(mu);
      events.push_back(e);
    };
  }
  ScanLoop::StatusCallback OnStatus() {
    return [this](const SourceStatus& s) {
      std::lock_guard lock(mu);
      statuses.push_back(s);
      cv.notify_all();
    };
  }
  // Waits (no time limit: ctest's timeout catches a hang) until `n` statuses of `state`.
  void WaitFor(SourceState state, int n) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] {
      return std::count_if(statuses.begin(), statuses.end(),
                           [&](const auto& s) { return s.state == state; }) >= n;
    });
  }
  std::vector<std::string> Texts() {
    std::lock_guard lock(mu);
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.code.text);
    return out;
  }
};

cv::Mat FrameWith(const std::vector<std::pair<std::string, cv::Point>>& codes) {
  cv::Mat gray(480, 640, CV_8UC1, cv::Scalar(255));
  for (const auto& [text, at] : codes) {
    Paste(gray, MakeCode(ZXing::BarcodeFormat::QRCode, text, 6), at);
  }
  cv::Mat bgr;
  cv::cvtColor(gray, bgr, cv::COLOR_GRAY2BGR);
  return bgr;
}

// 25 fps: frames 0-9 empty, 10-29 "PK1I000001A", 30-44 empty (600 ms), 45-59
// "PK1I000001A" and "PK1K000002B" together.
std::string WriteVideo(const prokat::testing::TempDir& dir) {
  const std::string path = dir.File("scan.avi");
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, {640, 480});
  EXPECT_TRUE(writer.isOpened());
  for (int i = 0; i < 60; ++i) {
    if (i >= 10 && i < 30) {
      writer.write(FrameWith({{"PK1I000001A", {100, 100}}}));
    } else if (i >= 45) {
      writer.write(FrameWith({{"PK1I000001A", {100, 100}}, {"PK1K000002B", {400, 200}}}));
    } else {
      writer.write(FrameWith({}));
    }
  }
  return path;
}

TEST(FrameSourceTest, ParsesEveryKindOfLocation) {
  EXPECT_EQ(SourceSpec::Parse("0").kind, SourceKind::kCamera);
  EXPECT_EQ(SourceSpec::Parse("2").camera_index, 2);
  EXPECT_EQ(SourceSpec::Parse("/dev/video3").kind, SourceKind::kCamera);
  EXPECT_EQ(SourceSpec::Parse("rtsp://10.0.0.2/live").kind, SourceKind::kStream);
  EXPECT_EQ(SourceSpec::Parse("http://cam.local/mjpg").kind, SourceKind::kStream);
  EXPECT_EQ(SourceSpec::Parse("photo.JPG").kind, SourceKind::kImage);
  EXPECT_EQ(SourceSpec::Parse("clip.mp4").kind, SourceKind::kVideoFile);
  EXPECT_EQ(SourceSpec::Parse("/tmp").kind, SourceKind::kImageFolder);
}

TEST(FrameSourceTest, VideoFileIsReadFrameByFrame) {
  prokat::testing::TempDir dir;
  SourceSpec spec = SourceSpec::Parse(WriteVideo(dir));
  spec.realtime = false;
  auto source = OpenFrameSource(spec);
  ASSERT_TRUE(source.ok()) << source.error().message;
  int frames = 0;
  while (true) {
    auto f = (*source)->Read();
    ASSERT_TRUE(f.ok()) << f.error().message;
    if (f->end_of_stream) break;
    EXPECT_EQ(f->index, frames);
    EXPECT_EQ(f->image.size(), cv::Size(640, 480));
    ++frames;
  }
  EXPECT_EQ(frames, 60);
}

TEST(FrameSourceTest, MissingAndUnreadableFilesAreErrors) {
  prokat::testing::TempDir dir;
  auto missing = OpenFrameSource(SourceSpec::Parse(dir.File("nope.avi")));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  { std::ofstream(dir.File("junk.avi")) << "not a video"; }
  auto junk = OpenFrameSource(SourceSpec::Parse(dir.File("junk.avi")));
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().code, ErrorCode::kInvalidArgument);
  auto camera = OpenFrameSource(SourceSpec::Parse("/dev/video97"));
  ASSERT_FALSE(camera.ok());
  EXPECT_EQ(camera.error().code, ErrorCode::kUnavailable);
}

TEST(ScanLoopTest, VideoFileThroughTheLoopReportsEachCodeOnceAndAgainAfterLeaving) {
  prokat::testing::TempDir dir;
  ScanLoopOptions options;
  options.source = SourceSpec::Parse(WriteVideo(dir));
  options.source.realtime = false;  // every frame, so the result does not depend on speed
  options.debounce.forget_after = 500ms;
  Recorder rec;
  const SystemClock clock;
  ScanLoop loop(options, rec.OnEvent(), rec.OnStatus(), clock);
  loop.Start();
  loop.WaitUntilFinished();
  loop.Stop();
  // The gap (frames 30-44) is 600 ms > forget_after, so A is reported again with B.
  auto texts = rec.Texts();
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[0], "PK1I000001A");
  std::sort(texts.begin() + 1, texts.end());
  EXPECT_EQ(texts[1], "PK1I000001A");
  EXPECT_EQ(texts[2], "PK1K000002B");
  const auto stats = loop.Stats();
  EXPECT_EQ(stats.frames_read, 60);
  EXPECT_EQ(stats.frames_decoded, 60);
  EXPECT_EQ(stats.frames_dropped, 0);
  std::lock_guard lock(rec.mu);
  EXPECT_EQ(rec.events[0].frame_index, 10);
  EXPECT_LE(rec.events[0].captured, rec.events[0].reported);
  ASSERT_GE(rec.statuses.size(), 3u);
  EXPECT_EQ(rec.statuses.front().state, SourceState::kOpened);
  EXPECT_EQ(rec.statuses[rec.statuses.size() - 2].state, SourceState::kEnded);
  EXPECT_EQ(rec.statuses.back().state, SourceState::kStopped);
}

TEST(FrameSourceTest, VideoFramesCarryTheirPositionInTheFile) {
  prokat::testing::TempDir dir;
  SourceSpec spec = SourceSpec::Parse(WriteVideo(dir));
  spec.realtime = false;
  auto source = OpenFrameSource(spec);
  ASSERT_TRUE(source.ok()) << source.error().message;
  std::vector<long> ms;
  while (true) {
    auto f = (*source)->Read();
    ASSERT_TRUE(f.ok()) << f.error().message;
    if (f->end_of_stream) break;
    ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(f->position).count());
  }
  ASSERT_EQ(ms.size(), 60u);
  // 25 fps: 40 ms apart, read as fast as the disk allows.
  EXPECT_EQ(ms[59] - ms[0], 59 * 40);
  for (size_t i = 1; i < ms.size(); ++i) EXPECT_EQ(ms[i] - ms[i - 1], 40) << "frame " << i;
}

// A recorded file read without pacing, whose frames are read far slower than they were
// recorded (a second of wall time per 40 ms frame, as on a loaded machine): the debouncer must
// go by the file's time, not by the wall clock.
class SlowFile final : public FrameSource {
 public:
  SlowFile(ManualClock& clock, std::vector<bool> with_code) : clock_(clock), code_(with_code) {}
  SourceKind Kind() const override { return SourceKind::kVideoFile; }
  std::string Describe() const override { return "video slow.avi"; }
  Result<Frame> Read() override {
    Frame f;
    if (index_ == static_cast<long>(code_.size())) {
      f.end_of_stream = true;
      return f;
    }
    clock_.Advance(1s);
    f.image = code_[index_] ? FrameWith({{"PK1I000007C", {200, 100}}}) : FrameWith({});
    f.index = index_;
    f.position = 40ms * index_;
    f.captured = clock_.Now();
    ++index_;
    return f;
  }

 private:
  ManualClock& clock_;
  std::vector<bool> code_;
  long index_ = 0;
};

TEST(ScanLoopTest, FileSourceIsDebouncedOnTheFilesOwnTime) {
  // In view for 5 frames, out of view for 10 (400 ms of file time, 10 s of wall time), back for
  // 5, out for 15 (600 ms), back for 5.
  std::vector<bool> frames;
  for (auto [n, code] : {std::pair{5, true}, {10, false}, {5, true}, {15, false}, {5, true}}) {
    frames.insert(frames.end(), n, code);
  }
  ManualClock clock(std::chrono::system_clock::time_point(1000s));
  auto factory = [&](const SourceSpec&, const Clock&) -> Result<std::unique_ptr<FrameSource>> {
    return std::unique_ptr<FrameSource>(new SlowFile(clock, frames));
  };
  ScanLoopOptions options;
  options.source = SourceSpec::Parse("slow.avi");
  options.source.realtime = false;
  options.debounce.forget_after = 500ms;
  Recorder rec;
  ScanLoop loop(options, rec.OnEvent(), rec.OnStatus(), clock, factory);
  loop.Start();
  loop.WaitUntilFinished();
  loop.Stop();
  std::lock_guard lock(rec.mu);
  // The 400 ms gap is a dropout; the 600 ms one is longer than forget_after.
  ASSERT_EQ(rec.events.size(), 2u);
  EXPECT_EQ(rec.events[0].frame_index, 0);
  EXPECT_EQ(rec.events[1].frame_index, 35);
  // The events still carry the wall-clock time the frame was read.
  EXPECT_EQ(rec.events[1].captured, std::chrono::system_clock::time_point(1036s));
}

TEST(ScanLoopTest, MissingCameraIsRetriedWithBackoffAndStopReturns) {
  ScanLoopOptions options;
  options.source = SourceSpec::Parse("/dev/video97");
  options.initial_backoff = 10ms;
  options.max_backoff = 40ms;
  Recorder rec;
  const SystemClock clock;
  ScanLoop loop(options, rec.OnEvent(), rec.OnStatus(), clock);
  loop.Start();
  rec.WaitFor(SourceState::kRetrying, 4);
  loop.Stop();
  std::lock_guard lock(rec.mu);
  std::vector<long> delays;
  for (const auto& s : rec.statuses) {
    if (s.state == SourceState::kLost) {
      EXPECT_NE(s.message.find("no such device"), std::string::npos);
    }
    if (s.state == SourceState::kRetrying) delays.push_back(s.retry_in.count());
  }
  ASSERT_GE(delays.size(), 4u);
  EXPECT_EQ(std::vector<long>(delays.begin(), delays.begin() + 4),
            (std::vector<long>{10, 20, 40, 40}));
  EXPECT_EQ(rec.statuses.back().state, SourceState::kStopped);
  EXPECT_TRUE(rec.events.empty());
}

TEST(ScanLoopTest, StopInterruptsALongBackoff) {
  ScanLoopOptions options;
  options.source = SourceSpec::Parse("/dev/video97");
  options.initial_backoff = std::chrono::hours(1);
  Recorder rec;
  const SystemClock clock;
  ScanLoop loop(options, rec.OnEvent(), rec.OnStatus(), clock);
  loop.Start();
  rec.WaitFor(SourceState::kRetrying, 1);
  loop.Stop();  // would hang for an hour if the wait were not interruptible
  EXPECT_FALSE(loop.Running());
}

// A camera that is missing twice, then delivers frames with a code, then is unplugged, then
// comes back. Captured times come from a ManualClock the source advances 40 ms per frame.
class FlakyCamera final : public FrameSource {
 public:
  FlakyCamera(ManualClock& clock, int frames) : clock_(clock), frames_(frames) {}
  SourceKind Kind() const override { return SourceKind::kCamera; }
  std::string Describe() const override { return "camera fake"; }
  Result<Frame> Read() override {
    if (index_ == frames_) return Error::Unavailable("camera fake: unplugged");
    clock_.Advance(40ms);
    Frame f;
    f.image = FrameWith({{"PK1I000009Z", {200, 100}}});
    f.index = index_++;
    f.captured = clock_.Now();
    return f;
  }

 private:
  ManualClock& clock_;
  int frames_;
  int index_ = 0;
};

TEST(ScanLoopTest, UnpluggedCameraIsReportedAndReopened) {
  ManualClock clock(std::chrono::system_clock::time_point(1000s));
  int opens = 0;
  auto factory = [&](const SourceSpec&, const Clock&) -> Result<std::unique_ptr<FrameSource>> {
    ++opens;
    if (opens <= 2) return Error::Unavailable("camera fake: cannot open");
    // Later opens: unplugged again after 5 frames; jump past forget_after in between.
    clock.Advance(5s);
    return std::unique_ptr<FrameSource>(new FlakyCamera(clock, 5));
  };
  ScanLoopOptions options;
  options.source = SourceSpec::Camera(0);
  options.initial_backoff = 1ms;
  options.max_backoff = 2ms;
  Recorder rec;
  ScanLoop loop(options, rec.OnEvent(), rec.OnStatus(), clock, factory);
  loop.Start();
  rec.WaitFor(SourceState::kOpened, 2);
  rec.WaitFor(SourceState::kLost, 4);  // 2 failed opens + 2 unplugs
  loop.Stop();
  std::lock_guard lock(rec.mu);
  std::vector<std::string> lost;
  for (const auto& s : rec.statuses) {
    if (s.state == SourceState::kLost) lost.push_back(s.message);
  }
  EXPECT_EQ(lost[0], "camera fake: cannot open");
  EXPECT_EQ(lost[2], "camera fake: unplugged");
  // Frames are dropped when the decoder is slower than the camera, so only "at least once".
  ASSERT_GE(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0].code.text, "PK1I000009Z");
}

// A camera delivering the given frames once, then unplugged for good. Frame i > 0 is delivered
// only once `ready(i)` holds, so that a test can order it against the decoder.
class ScriptedCamera final : public FrameSource {
 public:
  ScriptedCamera(std::vector<cv::Mat> frames, std::function<bool(int)> ready)
      : frames_(std::move(frames)), ready_(std::move(ready)) {}
  SourceKind Kind() const override { return SourceKind::kCamera; }
  std::string Describe() const override { return "camera scripted"; }
  Result<Frame> Read() override {
    if (index_ == static_cast<int>(frames_.size())) {
      return Error::Unavailable("camera scripted: unplugged");
    }
    while (index_ > 0 && !ready_(index_)) std::this_thread::sleep_for(1ms);
    Frame f;
    f.image = frames_[index_];
    f.index = index_++;
    f.captured = std::chrono::system_clock::now();
    return f;
  }

 private:
  std::vector<cv::Mat> frames_;
  std::function<bool(int)> ready_;
  int index_ = 0;
};

// An inverted DataMatrix: the plain pass misses it, a retry pass (inversion) reads it.
cv::Mat NeedsRetries() {
  cv::Mat gray(480, 640, CV_8UC1, cv::Scalar(255));
  Paste(gray, MakeCode(ZXing::BarcodeFormat::DataMatrix, "PK1A000099Z", 6), {250, 150});
  cv::bitwise_not(gray, gray);
  return gray;
}

struct LiveRun {
  std::vector<std::string> texts;
  int asked = 0;  // times the decoder asked whether to stop retrying
};

// Plays `frames` from a live camera with unlimited retries. `second_asks` runs on the decoder's
// second question whether to stop retrying (on the first frame).
LiveRun PlayLive(std::vector<cv::Mat> frames, std::function<void(ScanLoop&)> second_asks) {
  std::atomic<int> asked{0};
  ScanLoop* running = nullptr;
  int opens = 0;
  auto factory = [&](const SourceSpec&, const Clock&) -> Result<std::unique_ptr<FrameSource>> {
    if (opens++ > 0) return Error::Unavailable("camera scripted: gone");
    // The second frame arrives while the first is being decoded.
    return std::unique_ptr<FrameSource>(
        new ScriptedCamera(frames, [&](int) { return asked.load() >= 1; }));
  };
  ScanLoopOptions options;
  options.source = SourceSpec::Camera(0);
  options.initial_backoff = 1ms;
  options.max_backoff = 2ms;
  options.decode.retry_budget = std::nullopt;
  options.decode.retry_only_on_evidence = false;  // NeedsRetries() shows no bars or finders
  options.decode.stop_retrying = [&] {
    if (++asked == 2 && second_asks) second_asks(*running);
    return false;
  };
  Recorder rec;
  const SystemClock clock;
  ScanLoop loop(options, rec.OnEvent(), rec.OnStatus(), clock, factory);
  running = &loop;
  loop.Start();
  while (loop.Stats().frames_decoded < static_cast<long>(frames.size())) {
    std::this_thread::sleep_for(1ms);
  }
  loop.Stop();
  return {rec.Texts(), asked.load()};
}

TEST(ScanLoopTest, LiveRetriesOnAFrameRunWhileNoNewerFrameWaits) {
  const auto run = PlayLive({NeedsRetries()}, {});
  EXPECT_EQ(run.texts, std::vector<std::string>{"PK1A000099Z"});
  EXPECT_GT(run.asked, 2);
}

TEST(ScanLoopTest, LiveRetriesOnAFrameEndWhenANewerFrameArrives) {
  // Before its second retry pass on the first frame, the decoder waits until the camera has
  // delivered the (blank) second frame: the retries stop there, and the code needing a later
  // retry pass is not read from the stale frame.
  const cv::Mat blank(480, 640, CV_8UC1, cv::Scalar(255));
  const auto run = PlayLive({NeedsRetries(), blank}, [](ScanLoop& loop) {
    while (loop.Stats().frames_read < 2) std::this_thread::sleep_for(1ms);
  });
  EXPECT_TRUE(run.texts.empty());
  EXPECT_EQ(run.asked, 2);  // the blank frame is featureless: no pass, no question
}

}  // namespace
}  // namespace prokat::scanner
