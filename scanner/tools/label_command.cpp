// prokat-scan label: renders one label (PNG or SVG by the file's extension), or an A4 sheet
// of N copies (PNG) with --sheet N.
#include <fstream>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "prokat/scanner/label.hpp"

namespace po = boost::program_options;

namespace prokat::scanner::cli {

int RunLabel(const std::vector<std::string>& args) {
  po::options_description desc("prokat-scan label --payload TEXT --title TEXT --out FILE");
  std::string payload, title, number, out, code = "code128+datamatrix";
  double width_mm = 58, height_mm = 40;
  int dpi = 203, sheet = 0;
  desc.add_options()("help,h", "this help")("payload", po::value(&payload), "encoded text")(
      "title", po::value(&title), "name printed on the label (UTF-8)")(
      "number", po::value(&number), "human-readable number (default: the payload)")(
      "out", po::value(&out), "output file, .png or .svg")(
      "code", po::value(&code)->default_value(code),
      "code128 | qr | datamatrix | code128+qr | code128+datamatrix")(
      "width-mm", po::value(&width_mm)->default_value(58), "label width")(
      "height-mm", po::value(&height_mm)->default_value(40), "label height")(
      "dpi", po::value(&dpi)->default_value(203), "printer resolution")(
      "sheet", po::value(&sheet),
      "N copies on A4 sheets of 3x8 70x37 mm labels at 300 dpi "
      "(PNG; pages after the first get -2, -3 ... suffixes)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help") || payload.empty() || out.empty()) {
    (vm.count("help") ? std::cout : std::cerr) << desc;
    return vm.count("help") ? 0 : 2;
  }
  LabelSpec spec{payload, number, title, LabelSymbology::kCode128AndDataMatrix};
  if (code == "code128") {
    spec.symbology = LabelSymbology::kCode128;
  } else if (code == "qr") {
    spec.symbology = LabelSymbology::kQrCode;
  } else if (code == "datamatrix") {
    spec.symbology = LabelSymbology::kDataMatrix;
  } else if (code == "code128+qr") {
    spec.symbology = LabelSymbology::kCode128AndQrCode;
  } else if (code != "code128+datamatrix") {
    std::cerr << "prokat-scan label: unknown --code '" << code << "'\n";
    return 2;
  }
  const bool svg = out.size() > 4 && out.substr(out.size() - 4) == ".svg";
  std::vector<std::pair<std::string, std::string>> files;  // path, bytes
  if (sheet > 0) {
    if (svg) {
      std::cerr << "prokat-scan label: --sheet writes PNG only\n";
      return 2;
    }
    auto pages = RenderSheetPngs(std::vector<LabelSpec>(sheet, spec));
    if (!pages.ok()) {
      std::cerr << "prokat-scan label: " << pages.error().message << "\n";
      return 2;
    }
    const std::string stem = out.size() > 4 ? out.substr(0, out.size() - 4) : out;
    for (size_t i = 0; i < pages->size(); ++i) {
      files.emplace_back(i == 0 ? out : stem + "-" + std::to_string(i + 1) + ".png", (*pages)[i]);
    }
  } else {
    const LabelSize size{width_mm, height_mm, dpi};
    auto bytes = svg ? RenderLabelSvg(spec, size) : RenderLabelPng(spec, size);
    if (!bytes.ok()) {
      std::cerr << "prokat-scan label: " << bytes.error().message << "\n";
      return 2;
    }
    files.emplace_back(out, *bytes);
  }
  for (const auto& [path, bytes] : files) {
    std::ofstream file(path, std::ios::binary);
    file << bytes;
    if (!file.flush()) {
      std::cerr << "prokat-scan label: cannot write " << path << "\n";
      return 2;
    }
  }
  return 0;
}

}  // namespace prokat::scanner::cli
