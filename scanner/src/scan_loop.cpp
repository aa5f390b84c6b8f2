#include "prokat/scanner/scan_loop.hpp"

#include <algorithm>

namespace prokat::scanner {
namespace {

bool IsFile(SourceKind k) {
  return k == SourceKind::kVideoFile || k == SourceKind::kImage || k == SourceKind::kImageFolder;
}

}  // namespace

std::string_view SourceStateName(SourceState state) noexcept {
  switch (state) {
    case SourceState::kOpened:
      return "opened";
    case SourceState::kLost:
      return "lost";
    case SourceState::kRetrying:
      return "retrying";
    case SourceState::kEnded:
      return "ended";
    case SourceState::kStopped:
      return "stopped";
  }
  return "unknown";
}

ScanLoop::ScanLoop(ScanLoopOptions options, EventCallback on_event, StatusCallback on_status,
                   const Clock& clock, SourceFactory factory)
    : options_(std::move(options)),
      on_event_(std::move(on_event)),
      on_status_(std::move(on_status)),
      clock_(clock),
      factory_(factory ? std::move(factory)
                       : SourceFactory([](const SourceSpec& s, const Clock& c) {
                           return OpenFrameSource(s, c);
                         })) {}

ScanLoop::~ScanLoop() { Stop(); }

void ScanLoop::Start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  stopping_ = capture_done_ = decode_done_ = false;
  slot_.reset();
  capture_ = std::thread([this] { CaptureThread(); });
  decode_ = std::thread([this] { DecodeThread(); });
}

void ScanLoop::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (capture_.joinable()) capture_.join();
  if (decode_.joinable()) decode_.join();
  {
    std::lock_guard lock(mu_);
    running_ = false;
  }
  SetStatus({SourceState::kStopped, options_.source.Describe(), {}, {}, 0});
}

void ScanLoop::WaitUntilFinished() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return decode_done_ || stopping_ || !running_; });
}

bool ScanLoop::Running() const {
  std::lock_guard lock(mu_);
  return running_ && !decode_done_;
}

ScanLoopStats ScanLoop::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void ScanLoop::SetStatus(SourceStatus status) {
  if (on_status_) on_status_(status);
}

bool ScanLoop::SleepUnlessStopping(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [&] { return stopping_; });
}

void ScanLoop::CaptureThread() {
  const SourceSpec& spec = options_.source;
  const std::string name = spec.Describe();
  const bool lossless = IsFile(spec.kind) && !spec.realtime;
  auto backoff = options_.initial_backoff;
  int attempt = 0;
  auto finish = [&] {
    std::lock_guard lock(mu_);
    capture_done_ = true;
    cv_.notify_all();
  };
  auto fail = [&](const Error& e) {
    ++attempt;
    SetStatus({SourceState::kLost, name, e.message, {}, attempt});
    if (IsFile(spec.kind)) return false;  // a missing file does not come back
    SetStatus({SourceState::kRetrying, name, {}, backoff, attempt});
    const bool go_on = SleepUnlessStopping(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
    return go_on;
  };

  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto source = factory_(spec, clock_);
    if (!source.ok()) {
      if (!fail(source.error())) return finish();
      continue;
    }
    SetStatus({SourceState::kOpened, name, {}, {}, attempt});
    bool lost = false;
    while (!lost) {
      auto frame = (*source)->Read();
      if (!frame.ok()) {
        // One unreadable file in a folder is reported and skipped.
        if (spec.kind == SourceKind::kImageFolder) {
          SetStatus({SourceState::kLost, name, frame.error().message, {}, 0});
          continue;
        }
        lost = true;
        if (!fail(frame.error())) return finish();
        break;
      }
      attempt = 0;
      backoff = options_.initial_backoff;
      if (frame->end_of_stream) return finish();
      std::unique_lock lock(mu_);
      if (lossless) cv_.wait(lock, [&] { return stopping_ || !slot_; });
      if (stopping_) return;
      ++stats_.frames_read;
      if (slot_) ++stats_.frames_dropped;
      slot_ = std::move(*frame);
      cv_.notify_all();
    }
  }
}

void ScanLoop::DecodeThread() {
  Debouncer debouncer(options_.debounce);
  const std::string name = options_.source.Describe();
  const bool file = IsFile(options_.source.kind);
  DecodeOptions decode = options_.decode;
  if (!file || options_.source.realtime) {
    // Live frames: retrying on a frame is worth it only until a newer one arrives.
    decode.stop_retrying = [this, also = std::move(decode.stop_retrying)] {
      if (also && also()) return true;
      std::lock_guard lock(mu_);
      return slot_.has_value() || stopping_;
    };
  }
  // A file's time is its own: the debouncer runs on the frames' positions in the file (from the
  // first frame's capture), not on how long decoding took.
  std::optional<std::chrono::system_clock::time_point> file_start;
  bool ended = false;
  while (true) {
    Frame frame;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || slot_ || capture_done_; });
      if (stopping_) break;
      if (!slot_) {
        ended = true;  // capture finished and every frame was taken
        break;
      }
      frame = std::move(*slot_);
      slot_.reset();
      cv_.notify_all();  // a lossless capture waits for the slot to empty
    }
    const auto codes = Decode(frame.image, decode);
    if (file && !file_start) file_start = frame.captured - frame.position;
    const auto seen_at = file ? *file_start + frame.position : frame.captured;
    long events = 0;
    for (auto& code : debouncer.Update(seen_at, codes)) {
      ScanEvent event{std::move(code), name, frame.index, frame.captured, clock_.Now()};
      if (on_event_) on_event_(event);
      ++events;
    }
    std::lock_guard lock(mu_);
    ++stats_.frames_decoded;
    stats_.events += events;
  }
  if (ended) SetStatus({SourceState::kEnded, name, {}, {}, 0});
  std::lock_guard lock(mu_);
  decode_done_ = true;
  cv_.notify_all();
}

}  // namespace prokat::scanner
