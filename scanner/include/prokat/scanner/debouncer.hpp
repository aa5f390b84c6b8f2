// Turns the codes seen in successive frames into scan events: a code held in view for many
// frames is reported once; it is reported again only after it has been out of view for
// `forget_after`; different codes in one frame are each reported.
//
// Not thread-safe: one thread (ScanLoop's decode thread) feeds it.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "prokat/scanner/decode.hpp"

namespace prokat::scanner {

struct DebounceOptions {
  // A code not seen for this long has left the view; seeing it again reports it again.
  std::chrono::milliseconds forget_after{1500};
  // A code is reported once it was seen in this many frames (within forget_after of each
  // other). 1 reports on first sight; 2 filters one-frame flukes at the cost of a frame.
  int confirm_frames = 1;
};

class Debouncer {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  explicit Debouncer(DebounceOptions options = {});

  // Feeds the codes decoded from one frame seen at `captured` (on the source's timeline: the
  // capture time of a camera frame, the position of a recorded one). Returns the codes to
  // report now, in the order given.
  // REQUIRES: `captured` does not go back in time between calls.
  std::vector<DecodedCode> Update(TimePoint captured, const std::vector<DecodedCode>& codes);

  // Forgets every code (a new source, or after the source was lost).
  void Reset();

  // Codes currently considered in view (seen within forget_after of the last Update).
  size_t InView() const { return seen_.size(); }

 private:
  struct Seen {
    TimePoint last;
    int frames = 0;
    bool reported = false;
  };
  DebounceOptions options_;
  std::map<std::pair<CodeFormat, std::string>, Seen> seen_;
};

}  // namespace prokat::scanner
