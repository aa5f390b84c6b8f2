#include "decode_passes.hpp"

#include <algorithm>
#include <cmath>

#include <ZXing/ReadBarcode.h>
#include <opencv2/imgproc.hpp>

namespace prokat::scanner::detail {
namespace {

struct FormatPair {
  CodeFormat ours;
  ZXing::BarcodeFormat theirs;
};
constexpr FormatPair kFormats[] = {
    {CodeFormat::kCode128, ZXing::BarcodeFormat::Code128},
    {CodeFormat::kCode39, ZXing::BarcodeFormat::Code39},
    {CodeFormat::kEan13, ZXing::BarcodeFormat::EAN13},
    {CodeFormat::kEan8, ZXing::BarcodeFormat::EAN8},
    {CodeFormat::kUpcA, ZXing::BarcodeFormat::UPCA},
    {CodeFormat::kUpcE, ZXing::BarcodeFormat::UPCE},
    {CodeFormat::kQrCode, ZXing::BarcodeFormat::QRCode},
    {CodeFormat::kDataMatrix, ZXing::BarcodeFormat::DataMatrix},
};

constexpr CodeFormats kLinear = CodeFormat::kCode128 | CodeFormat::kCode39 | CodeFormat::kEan13 |
                                CodeFormat::kEan8 | CodeFormat::kUpcA | CodeFormat::kUpcE;

ZXing::BarcodeFormats ToZXing(CodeFormats formats) {
  ZXing::BarcodeFormats out;
  for (const auto& f : kFormats) {
    if (Contains(formats, f.ours)) out |= f.theirs;
  }
  return out;
}

std::optional<CodeFormat> FromZXing(ZXing::BarcodeFormat format) {
  for (const auto& f : kFormats) {
    if (f.theirs == format) return f.ours;
  }
  return std::nullopt;
}

bool IsLinear(CodeFormat f) { return Contains(kLinear, f); }

// An image prepared for a pass and the affine map from its pixels back to the frame's.
struct Prepared {
  cv::Mat image;
  cv::Mat to_frame;  // 2x3 CV_64F
  ZXing::Binarizer binarizer = ZXing::Binarizer::LocalAverage;
};

cv::Mat ScaleMap(double s) { return (cv::Mat_<double>(2, 3) << 1 / s, 0, 0, 0, 1 / s, 0); }

std::optional<Prepared> Prepare(const cv::Mat& gray, Transform t, CodeFormats formats) {
  Prepared p;
  p.to_frame = ScaleMap(1.0);
  const int min_side = std::min(gray.cols, gray.rows);
  switch (t) {
    case Transform::kNone:
      p.image = gray;
      return p;
    case Transform::kTiles:
      if (min_side < 160) return std::nullopt;
      p.image = gray;
      return p;
    case Transform::kGlobalHistogram:
      p.image = gray;
      p.binarizer = ZXing::Binarizer::GlobalHistogram;
      return p;
    case Transform::kHalf:
    case Transform::kQuarter: {
      const double s = t == Transform::kHalf ? 0.5 : 0.25;
      // Only where the smaller image keeps enough pixels per module to be trusted.
      if (min_side < (t == Transform::kHalf ? 240 : 960)) return std::nullopt;
      cv::resize(gray, p.image, cv::Size(), s, s, cv::INTER_AREA);
      p.to_frame = ScaleMap(s);
      return p;
    }
    case Transform::kDouble:
      // Four times the pixels: on a whole camera frame this one pass costs as much as four
      // plain ones, so only for images up to half a megapixel (a small image, or the part of a
      // frame around a small code).
      if (std::max(gray.cols, gray.rows) > 1400 || gray.total() > 500'000) return std::nullopt;
      cv::resize(gray, p.image, cv::Size(), 2, 2, cv::INTER_CUBIC);
      p.to_frame = ScaleMap(2);
      return p;
    case Transform::kSharpen: {
      cv::Mat blurred;
      cv::GaussianBlur(gray, blurred, cv::Size(), 2.0);
      cv::addWeighted(gray, 2.0, blurred, -1.0, 0, p.image);
      return p;
    }
    case Transform::kInvert:
      cv::bitwise_not(gray, p.image);
      return p;
    case Transform::kEqualize: {
      auto clahe = cv::createCLAHE(3.0, cv::Size(8, 8));
      clahe->apply(gray, p.image);
      return p;
    }
    case Transform::kRotate45: {
      if ((formats & kLinear) == 0) return std::nullopt;
      const cv::Point2f c(gray.cols / 2.0f, gray.rows / 2.0f);
      cv::Mat m = cv::getRotationMatrix2D(c, 45, 1.0);
      const int side = static_cast<int>(std::ceil((gray.cols + gray.rows) / std::sqrt(2.0)));
      m.at<double>(0, 2) += side / 2.0 - c.x;
      m.at<double>(1, 2) += side / 2.0 - c.y;
      cv::warpAffine(gray, p.image, m, cv::Size(side, side), cv::INTER_LINEAR,
                     cv::BORDER_REPLICATE);
      cv::invertAffineTransform(m, p.to_frame);
      return p;
    }
  }
  return std::nullopt;
}

std::vector<cv::Point2f> Apply(const cv::Mat& affine, const std::vector<cv::Point2f>& pts) {
  std::vector<cv::Point2f> out;
  cv::transform(pts, out, affine);
  return out;
}

int Luma(const cv::Mat& img, cv::Point2f p) {
  const int x = std::clamp(static_cast<int>(std::lround(p.x)), 0, img.cols - 1);
  const int y = std::clamp(static_cast<int>(std::lround(p.y)), 0, img.rows - 1);
  return img.at<uint8_t>(y, x);
}

// Samples `n` points of `img` on the segment a-b shifted by `offset` along `normal`, thresholds
// them at their mid-range and returns the bits (empty when the line has no contrast).
std::vector<bool> Profile(const cv::Mat& img, cv::Point2f a, cv::Point2f b, cv::Point2f normal,
                          float offset, int n) {
  std::vector<int> v(n);
  int lo = 255, hi = 0;
  for (int i = 0; i < n; ++i) {
    const float t = n > 1 ? static_cast<float>(i) / (n - 1) : 0;
    const cv::Point2f p = a + (b - a) * t + normal * offset;
    if (p.x < 0 || p.y < 0 || p.x > img.cols - 1 || p.y > img.rows - 1) return {};
    v[i] = Luma(img, p);
    lo = std::min(lo, v[i]);
    hi = std::max(hi, v[i]);
  }
  if (hi - lo < 24) return {};
  std::vector<bool> bits(n);
  for (int i = 0; i < n; ++i) bits[i] = v[i] < (lo + hi) / 2;
  return bits;
}

// ZXing reports a linear code as a line (or a thin band) through its bars. Finds how far the
// same bar pattern extends on each side of that line, so that the whole symbol can be masked.
std::vector<cv::Point2f> LinearExtent(const cv::Mat& img, const std::vector<cv::Point2f>& q) {
  const cv::Point2f a = (q[0] + q[3]) * 0.5f, b = (q[1] + q[2]) * 0.5f;
  const cv::Point2f d = b - a;
  const float len = std::max(1.0f, std::hypot(d.x, d.y));
  const cv::Point2f u = d / len, normal(-u.y, u.x);
  const int n = std::max(16, static_cast<int>(len));
  const auto base = Profile(img, a, b, normal, 0, n);
  const float step = std::max(1.0f, len / 100);
  float extent[2] = {0, 0};
  for (int side = 0; side < 2; ++side) {
    const float sign = side == 0 ? -1.0f : 1.0f;
    // Glare or a scratch may break a few lines: tolerate gaps up to 15% of the code's length.
    float off = 0, last_match = 0;
    while (!base.empty() && off < len && off - last_match <= 0.15f * len) {
      off += step;
      const auto bits = Profile(img, a, b, normal, sign * off, n);
      if (bits.empty()) break;
      int same = 0;
      for (int i = 0; i < n; ++i) same += bits[i] == base[i];
      if (same >= 0.75 * n) last_match = off;
    }
    extent[side] = last_match;
  }
  // Half-height at least what ZXing reported, plus a margin; a few modules along the line.
  const float margin = std::max(4.0f, len * 0.04f);
  const float top = std::max(extent[0], static_cast<float>(cv::norm(q[0] - q[3])) * 0.5f) + margin;
  const float bottom =
      std::max(extent[1], static_cast<float>(cv::norm(q[1] - q[2])) * 0.5f) + margin;
  const cv::Point2f a2 = a - u * margin, b2 = b + u * margin;
  return {a2 - normal * top, b2 - normal * top, b2 + normal * bottom, a2 + normal * bottom};
}

// The median gray on the border of `box`: the symbol's quiet zone, usually, so that the mask
// blends into the background instead of leaving a gray block with edges for detectors to trip on.
uint8_t BorderMedian(const cv::Mat& img, const cv::Rect& box) {
  int hist[256] = {};
  int n = 0;
  for (int x = box.x; x < box.x + box.width; ++x) {
    ++hist[img.at<uint8_t>(box.y, x)];
    ++hist[img.at<uint8_t>(box.y + box.height - 1, x)];
    n += 2;
  }
  for (int y = box.y; y < box.y + box.height; ++y) {
    ++hist[img.at<uint8_t>(y, box.x)];
    ++hist[img.at<uint8_t>(y, box.x + box.width - 1)];
    n += 2;
  }
  int acc = 0;
  for (int i = 0; i < 256; ++i) {
    acc += hist[i];
    if (2 * acc >= n) return static_cast<uint8_t>(i);
  }
  return 255;
}

// The polygon grown by 10% around its centre: what Mask() fills.
std::vector<cv::Point2f> Grown(const std::vector<cv::Point2f>& poly) {
  cv::Point2f c(0, 0);
  for (const auto& p : poly) c += p;
  c *= 1.0f / poly.size();
  std::vector<cv::Point2f> grown;
  for (const auto& p : poly) grown.push_back(c + (p - c) * 1.1f);
  return grown;
}

// The bounding box of `r` mapped by `affine` (2x3).
cv::Rect MapRect(const cv::Mat& affine, const cv::Rect& r) {
  const cv::Point2f tl(static_cast<float>(r.x), static_cast<float>(r.y));
  const cv::Point2f br(static_cast<float>(r.br().x), static_cast<float>(r.br().y));
  std::vector<cv::Point> corners;
  for (const auto& p : Apply(affine, {tl, {br.x, tl.y}, br, {tl.x, br.y}})) {
    corners.emplace_back(static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y)));
  }
  return cv::boundingRect(corners);
}

// Fills the polygon, grown, with the gray around it.
void Mask(cv::Mat& img, const std::vector<cv::Point2f>& poly) {
  std::vector<cv::Point> grown;
  for (const auto& g : Grown(poly)) {
    grown.emplace_back(static_cast<int>(std::lround(g.x)), static_cast<int>(std::lround(g.y)));
  }
  const cv::Rect box = cv::boundingRect(grown) & cv::Rect(0, 0, img.cols, img.rows);
  if (box.empty()) return;
  const auto fill = BorderMedian(img, box);
  std::vector<cv::Point> hull;
  cv::convexHull(grown, hull);
  cv::fillConvexPoly(img, hull, cv::Scalar(fill), cv::LINE_8);
}

bool PassesChecks(CodeFormat f, const std::string& text, const ZXing::Result& r,
                  const DecodeOptions& options) {
  switch (f) {
    case CodeFormat::kEan13:
    case CodeFormat::kEan8:
    case CodeFormat::kUpcA:
      if (!HasValidGtinCheckDigit(text)) return false;
      break;
    case CodeFormat::kUpcE:
      if (!HasValidUpcECheckDigit(text)) return false;
      break;
    default:
      if (text.empty() && r.bytes().empty()) return false;
      break;
  }
  return !options.accept || options.accept(f, text);
}

}  // namespace

const std::vector<Transform>& PassOrder() {
  static const std::vector<Transform> order = {
      Transform::kNone,     Transform::kTiles,   Transform::kHalf,     Transform::kGlobalHistogram,
      Transform::kSharpen,  Transform::kDouble,  Transform::kEqualize, Transform::kInvert,
      Transform::kRotate45, Transform::kQuarter,
  };
  return order;
}

std::vector<Candidate> RunPass(const cv::Mat& gray, Transform transform,
                               const DecodeOptions& options,
                               const std::vector<std::vector<cv::Point2f>>& known, int limit,
                               const DetailLeft& detail_left) {
  auto prepared = Prepare(gray, transform, options.formats);
  if (!prepared || limit <= 0) return {};
  cv::Mat from_frame;
  cv::invertAffineTransform(prepared->to_frame, from_frame);
  // The pass masks symbols in its own copy, made when the first mask is drawn; the frame is
  // never written.
  cv::Mat img = prepared->image;
  bool own = img.data != gray.data;
  auto mask = [&](const std::vector<cv::Point2f>& poly) {
    if (!own) img = img.clone(), own = true;
    Mask(img, poly);
  };
  for (const auto& poly : known) mask(Apply(from_frame, poly));
  std::vector<std::vector<cv::Point2f>> masked;  // as filled, in `gray` coordinates
  for (const auto& poly : known) masked.push_back(Grown(poly));

  const auto hints = ZXing::DecodeHints()
                         .setFormats(ToZXing(options.formats))
                         .setTryHarder(true)
                         .setTryRotate(true)
                         .setBinarizer(prepared->binarizer)
                         .setTryCode39ExtendedMode(options.code39_extended);
  std::vector<Candidate> found;
  // Reads symbols from `region` (a view into img) until none is left; masks each one found.
  auto read_region = [&](const cv::Rect& region) {
    const cv::Rect in_gray = MapRect(prepared->to_frame, region);
    // Each iteration masks what it read, so it ends; the bound guards against a failed mask.
    for (int attempt = 0; attempt < limit + 4 && static_cast<int>(found.size()) < limit;
         ++attempt) {
      cv::Rect part = region;
      if (detail_left) {
        const cv::Rect left = detail_left(in_gray, masked);
        if (left.empty()) break;
        if (!masked.empty()) part &= MapRect(from_frame, left);
        if (part.empty()) break;
      }
      const cv::Point2f offset(static_cast<float>(part.x), static_cast<float>(part.y));
      const cv::Mat roi = img(part);
      const ZXing::ImageView view(roi.data, roi.cols, roi.rows, ZXing::ImageFormat::Lum,
                                  static_cast<int>(roi.step[0]), 1);
      const ZXing::Result r = ZXing::ReadBarcode(view, hints);
      if (!r.isValid()) break;
      const auto format = FromZXing(r.format());
      std::vector<cv::Point2f> quad;
      for (const auto& p : r.position()) {
        quad.emplace_back(static_cast<float>(p.x) + offset.x, static_cast<float>(p.y) + offset.y);
      }
      if (format && IsLinear(*format)) quad = LinearExtent(img, quad);
      mask(quad);
      masked.push_back(Grown(Apply(prepared->to_frame, quad)));
      if (!format) continue;
      std::string text = r.text();
      if (!PassesChecks(*format, text, r, options)) continue;
      const bool again = std::any_of(found.begin(), found.end(), [&](const Candidate& c) {
        return c.format == *format && c.text == text;
      });
      if (again) continue;
      const auto& raw = r.bytes();
      found.push_back({*format, std::move(text), std::string(raw.begin(), raw.end()),
                       Apply(prepared->to_frame, quad)});
    }
  };
  if (transform != Transform::kTiles) {
    read_region(cv::Rect(0, 0, img.cols, img.rows));
    return found;
  }
  // 3 x 3 overlapping tiles of half the width and height: each symbol up to a quarter of the
  // frame lies whole in one tile, near its centre, where ZXing's 2D detectors start looking.
  const int tw = img.cols / 2, th = img.rows / 2;
  for (int ty = 0; ty < 3; ++ty) {
    for (int tx = 0; tx < 3; ++tx) {
      read_region(cv::Rect(tx * (img.cols - tw) / 2, ty * (img.rows - th) / 2, tw, th));
    }
  }
  return found;
}

float RegionContrast(const cv::Mat& gray, const std::vector<cv::Point2f>& corners) {
  std::vector<cv::Point> pts;
  for (const auto& p : corners) pts.emplace_back(static_cast<int>(p.x), static_cast<int>(p.y));
  const cv::Rect box = cv::boundingRect(pts) & cv::Rect(0, 0, gray.cols, gray.rows);
  if (box.area() < 4) return 0;
  int hist[256] = {};
  const cv::Mat roi = gray(box);
  for (int y = 0; y < roi.rows; ++y) {
    const auto* row = roi.ptr<uint8_t>(y);
    for (int x = 0; x < roi.cols; ++x) ++hist[row[x]];
  }
  // 5th and 95th percentiles, robust against a few specular or dead pixels.
  const int total = roi.rows * roi.cols;
  int acc = 0, lo = 0, hi = 255;
  for (int i = 0; i < 256; ++i) {
    acc += hist[i];
    if (acc * 20 < total) lo = i + 1;
    if (acc * 20 < total * 19) hi = i + 1;
  }
  hi = std::max(hi, lo);
  return static_cast<float>(hi - lo) / 255.0f;
}

}  // namespace prokat::scanner::detail
