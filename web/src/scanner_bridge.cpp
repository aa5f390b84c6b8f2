#include "scanner_bridge.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <string_view>

#include "prokat/inventory/lookup.hpp"

namespace prokat::web {

std::unique_ptr<scanner::ScanLoop> StartScanner(const std::string& source, EventHub& events,
                                                AccessLog& log, const Clock& clock,
                                                std::atomic<const char*>& health) {
  if (source.empty()) return nullptr;
  health = "starting";
  scanner::ScanLoopOptions options;
  options.source = scanner::SourceSpec::Parse(source);
  // A camera delivers ~30 frames a second and stale ones are dropped: a short retry budget keeps
  // the loop on the newest frame rather than polishing an empty one.
  options.decode.retry_budget = std::chrono::milliseconds(40);
  // Our own labels carry a check character: a misread one is dropped, never reported.
  options.decode.accept = [](scanner::CodeFormat, std::string_view text) {
    return !text.starts_with("PK1-") || inventory::ParseLabel(text).has_value();
  };
  auto on_scan = [&events](const scanner::ScanEvent& e) {
    boost::json::object event{
        {"type", "scan"},
        {"code", e.code.text},
        {"format", scanner::FormatName(e.code.format)},
        {"quality", e.code.quality},
        {"source", e.source},
        {"capture_to_report_ms",
         std::chrono::duration_cast<std::chrono::milliseconds>(e.reported - e.captured).count()}};
    events.Publish(boost::json::serialize(event));
  };
  auto on_status = [&log, &events, &health](const scanner::SourceStatus& s) {
    static constexpr const char* kStates[] = {"opened", "lost", "retrying", "ended", "stopped"};
    const char* state = kStates[static_cast<int>(s.state)];
    health = state;
    log.Event(std::string("scanner_") + state,
              s.source + (s.message.empty() ? "" : ": " + s.message));
    events.Publish(boost::json::serialize(boost::json::object{
        {"type", "scanner"}, {"state", state}, {"source", s.source}, {"message", s.message}}));
  };
  auto loop = std::make_unique<scanner::ScanLoop>(options, on_scan, on_status, clock);
  loop->Start();
  return loop;
}

}  // namespace prokat::web
