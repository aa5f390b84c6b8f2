#include "prokat/scanner/debouncer.hpp"

#include <algorithm>

namespace prokat::scanner {

Debouncer::Debouncer(DebounceOptions options) : options_(options) {}

std::vector<DecodedCode> Debouncer::Update(TimePoint captured,
                                           const std::vector<DecodedCode>& codes) {
  // Codes out of view for longer than forget_after are gone: seeing them again is news.
  std::erase_if(seen_, [&](const auto& entry) {
    return captured - entry.second.last > options_.forget_after;
  });
  std::vector<DecodedCode> report;
  for (const auto& code : codes) {
    auto [it, inserted] = seen_.try_emplace({code.format, code.text});
    Seen& s = it->second;
    if (!inserted && s.last == captured && s.frames > 0) continue;  // twice in one frame
    s.last = captured;
    ++s.frames;
    if (!s.reported && s.frames >= std::max(1, options_.confirm_frames)) {
      s.reported = true;
      report.push_back(code);
    }
  }
  return report;
}

void Debouncer::Reset() { seen_.clear(); }

}  // namespace prokat::scanner
