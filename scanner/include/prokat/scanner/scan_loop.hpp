// ScanLoop: the capture loop the server runs in-process and `prokat-scan watch` runs alone.
//
// Two threads: the capture thread opens the source (retrying with backoff while it is missing
// or lost) and reads frames into a one-frame slot, replacing a frame the decoder has not taken
// yet (stale frames are dropped, so latency never builds up); the decode thread takes the
// newest frame, decodes it, runs the debouncer and calls the event callback. On a live source
// (camera, stream, a file played at its rate) the decoder's retries on a frame end as soon as a
// newer frame is waiting. The debouncer runs on capture time for cameras and streams, and on
// the frames' own time in the file (Frame::position) for file sources.
//
// Thread-safety: Start(), Stop() and Stats() may be called from any thread except the loop's
// own callbacks. The callbacks run on the loop's threads (events and kEnded: decode thread;
// other statuses: capture thread; kStopped: the thread calling Stop()) and must return quickly
// (post to an io_context, push to a queue).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/scanner/debouncer.hpp"
#include "prokat/scanner/decode.hpp"
#include "prokat/scanner/frame_source.hpp"

namespace prokat::scanner {

// One debounced code.
struct ScanEvent {
  DecodedCode code;
  std::string source;  // SourceSpec::Describe()
  long frame_index = 0;
  std::chrono::system_clock::time_point captured;  // when the frame was read
  std::chrono::system_clock::time_point reported;  // just before the callback ran
};

enum class SourceState {
  kOpened,    // the source delivers frames
  kLost,      // it failed (message says why); a kRetrying follows unless the loop stops
  kRetrying,  // the next open attempt is in `retry_in`
  kEnded,     // a file source has no more frames; the loop has finished
  kStopped,   // Stop() was called; the last status of a run
};

std::string_view SourceStateName(SourceState state) noexcept;  // "opened", "lost", ...

struct SourceStatus {
  SourceState state = SourceState::kOpened;
  std::string source;                     // SourceSpec::Describe()
  std::string message;                    // for kLost: the error; else empty
  std::chrono::milliseconds retry_in{0};  // for kRetrying
  int attempt = 0;                        // consecutive failed attempts so far
};

struct ScanLoopOptions {
  SourceSpec source;
  DecodeOptions decode;
  DebounceOptions debounce;
  // Backoff between open attempts: initial, doubled after each failure up to max.
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{5000};
};

struct ScanLoopStats {
  long frames_read = 0;
  long frames_decoded = 0;
  long frames_dropped = 0;  // replaced in the slot before the decoder took them
  long events = 0;
};

class ScanLoop {
 public:
  using EventCallback = std::function<void(const ScanEvent&)>;
  using StatusCallback = std::function<void(const SourceStatus&)>;
  // Opens a source; tests pass a fake. Defaults to OpenFrameSource.
  using SourceFactory =
      std::function<Result<std::unique_ptr<FrameSource>>(const SourceSpec&, const Clock&)>;

  // `clock` stamps frames and reports and must outlive the loop. `on_status` may be empty.
  ScanLoop(ScanLoopOptions options, EventCallback on_event, StatusCallback on_status,
           const Clock& clock, SourceFactory factory = {});
  ~ScanLoop();  // Stop()
  ScanLoop(const ScanLoop&) = delete;
  ScanLoop& operator=(const ScanLoop&) = delete;

  // Starts the threads. Does nothing if already running.
  void Start();
  // Stops and joins the threads. Returns within about one frame read (it interrupts backoff
  // waits). Safe to call twice, or without Start().
  // REQUIRES: not called from a callback of this loop.
  void Stop();
  // Blocks until a file source has ended and its last frame was decoded, or Stop() was called.
  void WaitUntilFinished();

  bool Running() const;
  ScanLoopStats Stats() const;

 private:
  void CaptureThread();
  void DecodeThread();
  void SetStatus(SourceStatus status);
  // Waits `d` unless stopping; returns false when stopping.
  bool SleepUnlessStopping(std::chrono::milliseconds d);

  const ScanLoopOptions options_;
  const EventCallback on_event_;
  const StatusCallback on_status_;
  const Clock& clock_;
  const SourceFactory factory_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;      // guarded by mu_
  bool running_ = false;       // guarded by mu_
  bool capture_done_ = false;  // guarded by mu_: the source ended
  bool decode_done_ = false;   // guarded by mu_
  std::optional<Frame> slot_;  // guarded by mu_: the newest undecoded frame
  ScanLoopStats stats_;        // guarded by mu_
  std::thread capture_;
  std::thread decode_;
};

}  // namespace prokat::scanner
