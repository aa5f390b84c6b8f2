// The bridge from the scanner to the desks: runs the camera (or video) scan loop and publishes
// each decoded code, and each change of the source's state, as a WebSocket event.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/scanner/scan_loop.hpp"
#include "prokat/web/access_log.hpp"
#include "prokat/web/event_hub.hpp"

namespace prokat::web {

// Starts scanning `source` (a camera index, /dev/videoN, a video file, an image folder or a
// URL; see scanner::SourceSpec). Scans become {"type":"scan"} events and state changes
// {"type":"scanner"} events on `events` (and lines in `log`); `health` follows the source's
// state ("starting", "opened", "lost", ...). Returns nullptr when `source` is empty.
// REQUIRES: events, log, clock and health outlive the loop; call Stop() on it before they go.
std::unique_ptr<scanner::ScanLoop> StartScanner(const std::string& source, EventHub& events,
                                                AccessLog& log, const Clock& clock,
                                                std::atomic<const char*>& health);

}  // namespace prokat::web
