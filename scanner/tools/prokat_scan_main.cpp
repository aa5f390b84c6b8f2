// prokat-scan: decode images and videos, watch a camera or stream, render labels.
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/utils/logger.hpp>

#include "commands.hpp"

// Fontconfig (under Pango) keeps process-lifetime caches that LeakSanitizer reports; used only
// by sanitizer builds.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace {

constexpr std::string_view kUsage =
    "usage: prokat-scan decode [--format] [--json] [--formats LIST] PATH...\n"
    "       prokat-scan watch (--camera N | --source URL|PATH) [--width W --height H --fps F\n"
    "                         --fourcc MJPG|YUYV] [--json] [--forget-ms MS]\n"
    "       prokat-scan label --payload TEXT --title TEXT --out FILE.png|FILE.svg\n"
    "                         [--code code128|qr|datamatrix|code128+qr|code128+datamatrix]\n"
    "                         [--sheet N]   (N labels on an A4 page, PNG)\n"
    "Run a subcommand with --help for its options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  // We report failures ourselves; OpenCV's backend probing would only add noise.
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "decode") return prokat::scanner::cli::RunDecode(args);
    if (command == "watch") return prokat::scanner::cli::RunWatch(args);
    if (command == "label") return prokat::scanner::cli::RunLabel(args);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "prokat-scan " << command << ": " << e.what() << "\n";
    return 2;
  }
  std::cerr << "prokat-scan: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
