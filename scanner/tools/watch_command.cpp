// prokat-scan watch: prints debounced codes from a camera, stream or file as they are seen,
// with the time and the milliseconds from frame capture to report. Runs until Ctrl-C, or
// until a file source ends.
#include <atomic>
#include <csignal>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "commands.hpp"
#include "prokat/scanner/scan_loop.hpp"

namespace po = boost::program_options;

namespace prokat::scanner::cli {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void OnSignal(int) { g_interrupted = true; }

std::string IsoTime(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::ostringstream out;
  out << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(3) << std::setfill('0')
      << ms.count() % 1000 << 'Z';
  return out.str();
}

}  // namespace

int RunWatch(const std::vector<std::string>& args) {
  po::options_description desc("prokat-scan watch (--camera N | --source URL|PATH) [options]");
  int camera = -1;
  std::string source, fourcc;
  int width = 0, height = 0, forget_ms = 1500, confirm = 1;
  double fps = 0;
  desc.add_options()("help,h", "this help")("camera", po::value(&camera),
                                            "camera index (V4L2), e.g. 0")(
      "source", po::value(&source), "/dev/videoN, rtsp:// or http:// URL, video, image or folder")(
      "width", po::value(&width), "camera frame width")("height", po::value(&height),
                                                        "camera frame height")(
      "fps", po::value(&fps), "camera frame rate")("fourcc", po::value(&fourcc), "MJPG or YUYV")(
      "forget-ms", po::value(&forget_ms)->default_value(1500),
      "a code out of view this long is reported again when seen")(
      "confirm", po::value(&confirm)->default_value(1), "frames a code must be seen in")(
      "json", "one JSON object per event (and status) on stdout")(
      "all-frames", "files: decode every frame instead of playing at the file's frame rate");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help") || (camera < 0) == source.empty()) {
    (vm.count("help") ? std::cout : std::cerr) << desc;
    return vm.count("help") ? 0 : 2;
  }

  ScanLoopOptions options;
  options.source = camera >= 0 ? SourceSpec::Camera(camera) : SourceSpec::Parse(source);
  options.source.width = width;
  options.source.height = height;
  options.source.fps = fps;
  options.source.fourcc = fourcc;
  options.source.realtime = vm.count("all-frames") == 0;
  options.debounce.forget_after = std::chrono::milliseconds(forget_ms);
  options.debounce.confirm_frames = confirm;
  const bool json = vm.count("json") > 0;

  std::mutex out_mu;
  long events = 0;
  auto on_event = [&](const ScanEvent& e) {
    const auto latency = std::chrono::duration<double, std::milli>(e.reported - e.captured).count();
    std::lock_guard lock(out_mu);
    ++events;
    if (json) {
      boost::json::object o{{"time", IsoTime(e.reported)},
                            {"latency_ms", latency},
                            {"format", FormatName(e.code.format)},
                            {"text", e.code.text},
                            {"frame", e.frame_index},
                            {"quality", e.code.quality}};
      std::cout << boost::json::serialize(o) << std::endl;
    } else {
      std::cout << IsoTime(e.reported) << '\t' << std::fixed << std::setprecision(1) << latency
                << " ms\t" << FormatName(e.code.format) << '\t' << e.code.text << std::endl;
    }
  };
  auto on_status = [&](const SourceStatus& s) {
    std::lock_guard lock(out_mu);
    std::cerr << "prokat-scan watch: " << s.source << ": " << SourceStateName(s.state);
    if (!s.message.empty()) std::cerr << ": " << s.message;
    if (s.state == SourceState::kRetrying) std::cerr << " in " << s.retry_in.count() << " ms";
    std::cerr << std::endl;
  };

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  const SystemClock clock;
  ScanLoop loop(options, on_event, on_status, clock);
  loop.Start();
  while (!g_interrupted && loop.Running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  loop.Stop();
  const auto stats = loop.Stats();
  std::cerr << "prokat-scan watch: " << stats.frames_read << " frames read, "
            << stats.frames_decoded << " decoded, " << stats.frames_dropped << " dropped, "
            << stats.events << " codes reported" << std::endl;
  return events > 0 ? 0 : 1;
}

}  // namespace prokat::scanner::cli
