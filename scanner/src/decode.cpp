#include "prokat/scanner/decode.hpp"

#include <algorithm>
#include <cctype>

#include <opencv2/imgproc.hpp>

#include "decode_passes.hpp"
#include "survey.hpp"

namespace prokat::scanner {
namespace {

struct Name {
  CodeFormat format;
  std::string_view name;
};
constexpr Name kNames[] = {
    {CodeFormat::kCode128, "Code128"}, {CodeFormat::kCode39, "Code39"},
    {CodeFormat::kEan13, "EAN-13"},    {CodeFormat::kEan8, "EAN-8"},
    {CodeFormat::kUpcA, "UPC-A"},      {CodeFormat::kUpcE, "UPC-E"},
    {CodeFormat::kQrCode, "QRCode"},   {CodeFormat::kDataMatrix, "DataMatrix"},
};

std::string Canonical(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// Converts any supported frame to 8-bit gray without copying an 8-bit gray frame.
cv::Mat ToGray(const cv::Mat& frame) {
  cv::Mat eight = frame;
  if (frame.depth() == CV_16U) {
    frame.convertTo(eight, CV_8U, 1.0 / 257);
  } else if (frame.depth() == CV_32F) {
    frame.convertTo(eight, CV_8U, 255.0);
  }
  cv::Mat gray;
  switch (eight.channels()) {
    case 1:
      return eight;
    case 3:
      cv::cvtColor(eight, gray, cv::COLOR_BGR2GRAY);
      return gray;
    case 4:
      cv::cvtColor(eight, gray, cv::COLOR_BGRA2GRAY);
      return gray;
  }
  return {};
}

bool Inside(const std::vector<cv::Point2f>& poly, cv::Point2f p) {
  return cv::pointPolygonTest(poly, p, false) >= 0;
}

}  // namespace

std::string_view FormatName(CodeFormat format) noexcept {
  for (const auto& n : kNames) {
    if (n.format == format) return n.name;
  }
  return "Unknown";
}

std::optional<CodeFormat> ParseFormat(std::string_view name) noexcept {
  const std::string c = Canonical(name);
  for (const auto& n : kNames) {
    if (Canonical(n.name) == c) return n.format;
  }
  if (c == "qr") return CodeFormat::kQrCode;
  if (c == "dm") return CodeFormat::kDataMatrix;
  return std::nullopt;
}

cv::Point2f DecodedCode::Center() const {
  cv::Point2f c(0, 0);
  for (const auto& p : corners) c += p;
  return corners.empty() ? c : c * (1.0f / corners.size());
}

bool IsSupportedFrame(const cv::Mat& frame) noexcept {
  if (frame.empty() || frame.dims != 2) return false;
  const int d = frame.depth(), ch = frame.channels();
  return (d == CV_8U || d == CV_16U || d == CV_32F) && (ch == 1 || ch == 3 || ch == 4);
}

std::vector<DecodedCode> Decode(const cv::Mat& frame, const DecodeOptions& options) {
  if (!IsSupportedFrame(frame) || options.formats == 0) return {};
  const auto start = std::chrono::steady_clock::now();
  const cv::Mat full = ToGray(frame);
  // Every pass reads only the part of the frame that has detail; a featureless frame has none.
  const detail::Survey survey(full);
  const cv::Rect box = survey.ContentBox();
  if (box.empty()) return {};
  const cv::Mat gray = full(box);
  const cv::Point2f offset(static_cast<float>(box.x), static_cast<float>(box.y));
  const int max_symbols = std::max(1, options.max_symbols);
  // After each symbol read, the next read runs only where detail is left outside those read.
  const detail::DetailLeft detail_left = [&](const cv::Rect& region, const auto& symbols) {
    std::vector<std::vector<cv::Point2f>> in_frame = symbols;
    for (auto& outline : in_frame) {
      for (auto& p : outline) p += offset;
    }
    return survey.DetailLeft(region + box.tl(), in_frame) - box.tl();
  };

  std::vector<DecodedCode> codes;
  std::vector<std::vector<cv::Point2f>> known;  // in `gray` (box) coordinates
  const auto& order = detail::PassOrder();
  for (size_t pass = 0; pass < order.size(); ++pass) {
    const int have = static_cast<int>(codes.size());
    if (have >= max_symbols) break;
    if (pass > 0) {
      if (have >= options.retry_below) break;
      if (options.retry_budget &&
          std::chrono::steady_clock::now() - start >= *options.retry_budget) {
        break;
      }
      if (pass == 1 && options.retry_only_on_evidence && !survey.ShowsSymbol()) break;
      if (options.stop_retrying && options.stop_retrying()) break;
    }
    for (auto& c :
         detail::RunPass(gray, order[pass], options, known, max_symbols - have, detail_left)) {
      // A later pass reading inside a symbol already read means its mask failed: keep the first.
      const auto center = [&] {
        cv::Point2f s(0, 0);
        for (const auto& p : c.corners) s += p;
        return s * (1.0f / c.corners.size());
      }();
      if (std::any_of(known.begin(), known.end(),
                      [&](const auto& k) { return Inside(k, center); })) {
        continue;
      }
      if (std::any_of(codes.begin(), codes.end(), [&](const DecodedCode& d) {
            return d.format == c.format && d.text == c.text;
          })) {
        continue;
      }
      DecodedCode code;
      code.format = c.format;
      code.text = std::move(c.text);
      code.bytes = std::move(c.bytes);
      for (const auto& p : c.corners) code.corners.push_back(p + offset);
      code.pass = static_cast<int>(pass);
      code.quality = detail::RegionContrast(gray, c.corners) * (pass == 0 ? 1.0f : 0.8f);
      known.push_back(std::move(c.corners));
      codes.push_back(std::move(code));
    }
  }
  return codes;
}

}  // namespace prokat::scanner
