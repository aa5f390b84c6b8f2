// prokat-scan decode PATH...: prints one line per code found in images, image folders and
// videos. Exit status: 0 when a code was found, 1 when none, 2 when an input could not be read.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "commands.hpp"
#include "prokat/scanner/decode.hpp"
#include "prokat/scanner/frame_source.hpp"

namespace po = boost::program_options;

namespace prokat::scanner::cli {

std::string JsonQuote(const std::string& text) {
  return boost::json::serialize(boost::json::value(text));
}

namespace {

struct Printer {
  bool with_format = false;
  bool json = false;

  void Print(const std::string& path, long frame, const DecodedCode& c) const {
    if (json) {
      boost::json::object o;
      o["path"] = path;
      if (frame >= 0) o["frame"] = frame;
      o["format"] = FormatName(c.format);
      o["text"] = c.text;
      o["quality"] = c.quality;
      boost::json::array corners;
      for (const auto& p : c.corners) corners.push_back(boost::json::array{p.x, p.y});
      o["corners"] = std::move(corners);
      std::cout << boost::json::serialize(o) << "\n";
    } else if (with_format) {
      std::cout << FormatName(c.format) << "\t" << c.text << "\n";
    } else {
      std::cout << c.text << "\n";
    }
  }
};

// Decodes every frame of one source. Video frames: each distinct (format, text) once.
// Returns the number of codes printed, or an error.
Result<int> DecodeSource(const std::string& path, const DecodeOptions& options,
                         const Printer& printer) {
  SourceSpec spec = SourceSpec::Parse(path);
  spec.realtime = false;  // every frame, as fast as we decode
  auto source = OpenFrameSource(spec);
  if (!source.ok()) return source.error();
  int printed = 0;
  std::set<std::pair<CodeFormat, std::string>> seen;
  const bool is_video = (*source)->Kind() == SourceKind::kVideoFile;
  for (long index = 0;; ++index) {
    auto frame = (*source)->Read();
    if (!frame.ok()) return frame.error();
    if (frame->end_of_stream) break;
    for (const auto& c : Decode(frame->image, options)) {
      if (is_video && !seen.insert({c.format, c.text}).second) continue;
      printer.Print(frame->name.empty() ? path : frame->name, is_video ? index : -1, c);
      ++printed;
    }
  }
  return printed;
}

}  // namespace

int RunDecode(const std::vector<std::string>& args) {
  po::options_description desc("prokat-scan decode [options] PATH...");
  std::string formats;
  desc.add_options()("help,h", "this help")("format", "print the format, a tab and the text")(
      "json", "one JSON object per code")(
      "formats", po::value(&formats),
      "comma-separated formats (Code128,QRCode,DataMatrix,EAN-13,EAN-8,Code39,UPC-A,UPC-E)")(
      "code39-extended", "Code 39 full-ASCII mode")(
      "max-symbols", po::value<int>()->default_value(8), "codes per frame at most")(
      "budget-ms", po::value<int>()->default_value(-1),
      "retry budget per frame in ms (-1: no limit, 0: no retries)")(
      "on-evidence", "retry only when the frame shows bars or QR finder patterns (as a camera)");
  po::options_description hidden;
  hidden.add_options()("path", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help") || !vm.count("path")) {
    (vm.count("help") ? std::cout : std::cerr) << desc;
    return vm.count("help") ? 0 : 2;
  }

  DecodeOptions options;
  if (!formats.empty()) {
    options.formats = 0;
    std::string name;
    for (size_t i = 0; i <= formats.size(); ++i) {
      if (i < formats.size() && formats[i] != ',') {
        name += formats[i];
        continue;
      }
      const auto f = ParseFormat(name);
      if (!f) {
        std::cerr << "prokat-scan decode: unknown format '" << name << "'\n";
        return 2;
      }
      options.formats |= static_cast<unsigned>(*f);
      name.clear();
    }
  }
  options.code39_extended = vm.count("code39-extended") > 0;
  options.max_symbols = std::max(1, vm["max-symbols"].as<int>());
  options.retry_only_on_evidence = vm.count("on-evidence") > 0;
  const int budget = vm["budget-ms"].as<int>();
  options.retry_budget =
      budget < 0 ? std::nullopt : std::optional(std::chrono::milliseconds(budget));

  Printer printer{vm.count("format") > 0, vm.count("json") > 0};
  int found = 0;
  bool unreadable = false;
  for (const auto& path : vm["path"].as<std::vector<std::string>>()) {
    auto n = DecodeSource(path, options, printer);
    if (!n.ok()) {
      std::cerr << "prokat-scan decode: " << path << ": " << n.error().message << "\n";
      unreadable = true;
      continue;
    }
    found += *n;
  }
  std::cout.flush();
  if (unreadable) return 2;
  return found > 0 ? 0 : 1;
}

}  // namespace prokat::scanner::cli
