// The public sample images (../shared/samples, zxing-cpp v1.4.0 test/samples): folders, the
// format each holds, the upstream minimum of correct reads, and the expected text per image.
// Shared by the sample test and the benchmark.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "prokat/scanner/decode.hpp"

namespace prokat::scanner::samples {

struct Folder {
  const char* name;
  CodeFormat format;
  int upstream_minimum;  // zxing-cpp's blackbox "slow" minimum at v1.4.0 (samples/README.md)
};

inline const std::vector<Folder>& Folders() {
  static const std::vector<Folder> folders = {
      {"code128-1", CodeFormat::kCode128, 6},
      {"code128-2", CodeFormat::kCode128, 21},
      {"code128-3", CodeFormat::kCode128, 2},
      {"code39-1", CodeFormat::kCode39, 4},
      {"code39-2", CodeFormat::kCode39, 2},
      {"code39-3", CodeFormat::kCode39, 12},
      {"datamatrix-1", CodeFormat::kDataMatrix, 26},
      {"datamatrix-2", CodeFormat::kDataMatrix, 13},
      {"datamatrix-3", CodeFormat::kDataMatrix, 19},
      {"datamatrix-4", CodeFormat::kDataMatrix, 21},
      {"ean8-1", CodeFormat::kEan8, 8},
      {"ean13-1", CodeFormat::kEan13, 29},
      {"ean13-2", CodeFormat::kEan13, 13},
      {"ean13-3", CodeFormat::kEan13, 21},
      {"ean13-4", CodeFormat::kEan13, 13},
      {"qrcode-1", CodeFormat::kQrCode, 16},
      {"qrcode-2", CodeFormat::kQrCode, 44},
      {"qrcode-3", CodeFormat::kQrCode, 25},
      {"qrcode-4", CodeFormat::kQrCode, 29},
      {"qrcode-5", CodeFormat::kQrCode, 16},
      {"qrcode-6", CodeFormat::kQrCode, 15},
  };
  return folders;
}

struct Image {
  std::filesystem::path path;
  std::string expected;  // exact bytes
  bool binary = false;   // expected holds the raw symbol bytes (a .bin file), not the text
};

inline std::optional<std::string> ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The images of `folder` that have an expected .txt or .bin beside them, in name order.
inline std::vector<Image> ImagesOf(const std::filesystem::path& root, const Folder& folder) {
  std::vector<Image> out;
  const auto dir = root / folder.name;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto ext = e.path().extension();
    if (ext != ".png" && ext != ".jpg") continue;
    auto stem = e.path();
    if (auto text = ReadAll(stem.replace_extension(".txt"))) {
      out.push_back({e.path(), *text, false});
    } else if (auto bin = ReadAll(stem.replace_extension(".bin"))) {
      out.push_back({e.path(), *bin, true});
    }
  }
  std::sort(out.begin(), out.end(), [](const Image& a, const Image& b) { return a.path < b.path; });
  return out;
}

// Every png/jpg below `root`, expected text or not.
inline std::vector<std::filesystem::path> AllImages(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(root)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension();
    if (ext == ".png" || ext == ".jpg") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The outcome of decoding one image: correct (a code of the folder's format with the expected
// text), misread (only other texts of that format), or missed (none of that format).
enum class Outcome { kCorrect, kMisread, kMissed };

inline Outcome Judge(const std::vector<DecodedCode>& codes, CodeFormat format, const Image& image) {
  bool other = false;
  for (const auto& c : codes) {
    if (c.format != format) continue;
    if ((image.binary ? c.bytes : c.text) == image.expected) return Outcome::kCorrect;
    other = true;
  }
  return other ? Outcome::kMisread : Outcome::kMissed;
}

}  // namespace prokat::scanner::samples
