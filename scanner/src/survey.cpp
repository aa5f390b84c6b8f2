#include "survey.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace prokat::scanner::detail {
namespace {

constexpr int kCell = 16;
constexpr int kEdge = 12;         // gray levels of a central difference
constexpr int kContentEdges = 3;  // edge pixels that make a cell part of the content box
constexpr int kFrameMargin = 64;  // frame pixels around the content cells
constexpr float kBarEdgeShare = 0.25f;
constexpr float kBarCoherence = 0.8f;    // of the structure tensor, weighted by gradient squared
constexpr float kBarAngleSlack = 0.26f;  // 15 degrees
constexpr float kBarEdgesInTwoCells = 6;
constexpr int kFinderOffset = 8;    // gray levels below the local mean that count as dark
constexpr int kFinderMinTotal = 7;  // pixels across a finder pattern: a module of one pixel

// Five runs in proportion 1:1:3:1:1, each within half a module (as ZXing's finder search), and
// at least `min_total` pixels in all.
bool FinderRatio(const int* runs, int min_total) {
  const int total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
  if (total < min_total) return false;
  const float unit = total / 7.0f, slack = unit * 0.5f;
  return std::abs(runs[0] - unit) < slack && std::abs(runs[1] - unit) < slack &&
         std::abs(runs[2] - 3 * unit) < 3 * slack && std::abs(runs[3] - unit) < slack &&
         std::abs(runs[4] - unit) < slack;
}

// The five runs through the dark pixel (x, y) along the column, in proportion. `dark(x, y)` is
// 1 for dark, 0 for light, -1 outside the image.
template <typename Dark>
bool FinderInColumn(const Dark& dark, int x, int y, int max_run, int min_total) {
  auto at = [&](int py) { return dark(x, py); };
  if (at(y) != 1) return false;
  int runs[5] = {0, 0, 0, 0, 0};
  int top = y, bottom = y;
  while (at(top - 1) == 1) --top;
  while (at(bottom + 1) == 1) ++bottom;
  runs[2] = bottom - top + 1;
  for (const int dir : {-1, 1}) {
    int py = dir < 0 ? top - 1 : bottom + 1;
    int& light = runs[dir < 0 ? 1 : 3];
    int& outer = runs[dir < 0 ? 0 : 4];
    while (at(py) == 0 && light <= max_run) ++light, py += dir;
    while (at(py) == 1 && outer <= max_run) ++outer, py += dir;
    if (light == 0 || outer == 0) return false;
  }
  return runs[2] <= max_run && FinderRatio(runs, min_total);
}

}  // namespace

Survey::Survey(const cv::Mat& gray) {
  const int longest = std::max(gray.cols, gray.rows);
  if (longest > 640) {
    scale_ = 640.0 / longest;
    cv::resize(gray, work_, cv::Size(), scale_, scale_, cv::INTER_AREA);
  } else {
    work_ = gray;
  }
  ncx_ = (work_.cols + kCell - 1) / kCell;
  ncy_ = (work_.rows + kCell - 1) / kCell;
  edges_.assign(static_cast<size_t>(ncx_) * ncy_, 0);
  for (int y = 1; y + 1 < work_.rows; ++y) {
    const auto* above = work_.ptr<uint8_t>(y - 1);
    const auto* row = work_.ptr<uint8_t>(y);
    const auto* below = work_.ptr<uint8_t>(y + 1);
    int* line = &edges_[static_cast<size_t>(y / kCell) * ncx_];
    for (int cx = 0; cx < ncx_; ++cx) {
      const int from = std::max(1, cx * kCell), to = std::min(work_.cols - 1, (cx + 1) * kCell);
      int n = 0;
      for (int x = from; x < to; ++x) {
        const int gx = row[x + 1] - row[x - 1], gy = below[x] - above[x];
        n += gx * gx + gy * gy >= kEdge * kEdge;
      }
      line[cx] += n;
    }
  }
  int x0 = ncx_, y0 = ncy_, x1 = -1, y1 = -1;
  for (int cy = 0; cy < ncy_; ++cy) {
    for (int cx = 0; cx < ncx_; ++cx) {
      if (edges_[static_cast<size_t>(cy) * ncx_ + cx] < kContentEdges) continue;
      x0 = std::min(x0, cx), x1 = std::max(x1, cx);
      y0 = std::min(y0, cy), y1 = std::max(y1, cy);
    }
  }
  if (x1 < 0) return;
  const cv::Rect frame(0, 0, gray.cols, gray.rows);
  auto to_frame = [&](int cells) { return static_cast<int>(std::lround(cells * kCell / scale_)); };
  box_ = cv::Rect(cv::Point(to_frame(x0) - kFrameMargin, to_frame(y0) - kFrameMargin),
                  cv::Point(to_frame(x1 + 1) + kFrameMargin, to_frame(y1 + 1) + kFrameMargin)) &
         frame;
  auto to_work = [&](int v) { return static_cast<int>(std::lround(v * scale_)); };
  work_box_ = cv::Rect(cv::Point(to_work(box_.x), to_work(box_.y)),
                       cv::Point(to_work(box_.br().x), to_work(box_.br().y))) &
              cv::Rect(0, 0, work_.cols, work_.rows);
}

cv::Rect Survey::DetailLeft(const cv::Rect& region,
                            const std::vector<std::vector<cv::Point2f>>& symbols) const {
  const double side = kCell / scale_;
  cv::Rect left;
  for (int cy = 0; cy < ncy_; ++cy) {
    for (int cx = 0; cx < ncx_; ++cx) {
      if (edges_[static_cast<size_t>(cy) * ncx_ + cx] < kContentEdges) continue;
      const cv::Point2f centre(static_cast<float>((cx + 0.5) * side),
                               static_cast<float>((cy + 0.5) * side));
      if (!region.contains(centre)) continue;
      const bool covered = std::any_of(symbols.begin(), symbols.end(), [&](const auto& outline) {
        return cv::pointPolygonTest(outline, centre, true) >= -side;
      });
      if (covered) continue;
      const cv::Rect cell(cv::Point(static_cast<int>(std::lround(cx * side)) - kFrameMargin,
                                    static_cast<int>(std::lround(cy * side)) - kFrameMargin),
                          cv::Point(static_cast<int>(std::lround((cx + 1) * side)) + kFrameMargin,
                                    static_cast<int>(std::lround((cy + 1) * side)) + kFrameMargin));
      left = left.empty() ? cell : left | cell;
    }
  }
  return left & box_;
}

std::optional<float> Survey::BarAngle(int cx, int cy) const {
  const int x0 = std::max(1, cx * kCell), x1 = std::min(work_.cols - 1, (cx + 1) * kCell);
  const int y0 = std::max(1, cy * kCell), y1 = std::min(work_.rows - 1, (cy + 1) * kCell);
  if (edges_[static_cast<size_t>(cy) * ncx_ + cx] < kBarEdgeShare * (x1 - x0) * (y1 - y0)) {
    return std::nullopt;
  }
  // The structure tensor of the cell's edge pixels, in integers (exact in a float: under 2^24)
  // and without branches, so that the compiler vectorises the loop.
  int sxx = 0, syy = 0, sxy = 0;
  for (int y = y0; y < y1; ++y) {
    const auto* above = work_.ptr<uint8_t>(y - 1);
    const auto* row = work_.ptr<uint8_t>(y);
    const auto* below = work_.ptr<uint8_t>(y + 1);
    for (int x = x0; x < x1; ++x) {
      // In 16 bits (products summed in 32, as SSE2's pmaddwd): an edge pixel keeps its
      // differences, any other pixel counts as zero. dx^2 + dy^2 >= kEdge^2 without overflow:
      // a difference of kEdge or more decides alone.
      const auto gx = static_cast<int16_t>(row[x + 1] - row[x - 1]);
      const auto gy = static_cast<int16_t>(below[x] - above[x]);
      const auto ax = std::min<int16_t>(static_cast<int16_t>(std::abs(gx)), kEdge);
      const auto ay = std::min<int16_t>(static_cast<int16_t>(std::abs(gy)), kEdge);
      const int16_t keep = ax * ax + ay * ay >= kEdge * kEdge ? -1 : 0;
      const auto ex = static_cast<int16_t>(gx & keep), ey = static_cast<int16_t>(gy & keep);
      sxx += ex * ex;
      syy += ey * ey;
      sxy += ex * ey;
    }
  }
  const auto xx = static_cast<float>(sxx), yy = static_cast<float>(syy);
  const auto xy = static_cast<float>(sxy);
  if (std::hypot(xx - yy, 2 * xy) < kBarCoherence * (xx + yy)) return std::nullopt;
  return 0.5f * std::atan2(2 * xy, xx - yy);
}

float Survey::EdgesAcross(int cx, int cy, float angle) const {
  // Along rows when the gradient is nearer horizontal, else along columns.
  const bool rows = std::abs(std::cos(angle)) >= std::abs(std::sin(angle));
  const int x0 = std::max(1, cx * kCell), x1 = std::min(work_.cols - 1, (cx + 1) * kCell);
  const int y0 = std::max(1, cy * kCell), y1 = std::min(work_.rows - 1, (cy + 1) * kCell);
  const int lines = rows ? y1 - y0 : x1 - x0;
  if (lines <= 0) return 0;
  int edges = 0;
  for (int l = 0; l < lines; ++l) {
    int last = 0;
    const int n = rows ? x1 - x0 : y1 - y0;
    for (int i = 0; i < n; ++i) {
      const int x = rows ? x0 + i : x0 + l, y = rows ? y0 + l : y0 + i;
      const int d = rows ? work_.at<uint8_t>(y, x + 1) - work_.at<uint8_t>(y, x - 1)
                         : work_.at<uint8_t>(y + 1, x) - work_.at<uint8_t>(y - 1, x);
      const int sign = d >= kEdge ? 1 : d <= -kEdge ? -1 : 0;
      if (sign != 0 && sign != last) ++edges, last = sign;
    }
  }
  return static_cast<float>(edges) / static_cast<float>(lines);
}

bool Survey::ShowsBars() const {
  std::vector<std::optional<float>> angles(edges_.size());
  for (int cy = 0; cy < ncy_; ++cy) {
    for (int cx = 0; cx < ncx_; ++cx)
      angles[static_cast<size_t>(cy) * ncx_ + cx] = BarAngle(cx, cy);
  }
  for (int cy = 0; cy < ncy_; ++cy) {
    for (int cx = 0; cx < ncx_; ++cx) {
      const auto t = angles[static_cast<size_t>(cy) * ncx_ + cx];
      if (!t) continue;
      // The next cell across the bars (along the gradient), the nearest of eight directions;
      // its mirror is visited from the other side.
      const int nx = cx + static_cast<int>(std::lround(std::cos(*t)));
      const int ny = cy + static_cast<int>(std::lround(std::sin(*t)));
      if (nx < 0 || ny < 0 || nx >= ncx_ || ny >= ncy_ || (nx == cx && ny == cy)) continue;
      const auto u = angles[static_cast<size_t>(ny) * ncx_ + nx];
      if (!u) continue;
      const float d = std::abs(*u - *t);
      if (std::min(d, static_cast<float>(CV_PI) - d) > kBarAngleSlack) continue;
      if (EdgesAcross(cx, cy, *t) + EdgesAcross(nx, ny, *t) >= kBarEdgesInTwoCells) return true;
    }
  }
  return false;
}

bool Survey::ShowsFinder() const {
  if (work_box_.empty()) return false;
  const cv::Mat img = work_(work_box_);
  // Dark: kFinderOffset or more below the local mean (over an eighth of the box's smaller side),
  // which is smooth and taken at half resolution.
  cv::Mat mean;
  cv::resize(img, mean, cv::Size((img.cols + 1) / 2, (img.rows + 1) / 2), 0, 0, cv::INTER_AREA);
  const int window = std::max(7, (std::min(img.cols, img.rows) / 16) | 1);
  cv::blur(mean, mean, cv::Size(window, window));
  auto dark = [&](int x, int y) -> int {
    if (x < 0 || y < 0 || x >= img.cols || y >= img.rows) return -1;
    return img.at<uint8_t>(y, x) + kFinderOffset < mean.at<uint8_t>(y / 2, x / 2) ? 1 : 0;
  };
  const int max_run = std::max(img.cols, img.rows) / 4;
  // Centres and sizes of the patterns found; a QR symbol has three.
  std::vector<cv::Vec3i> found;
  std::vector<uint8_t> line(img.cols), threshold(2 * mean.cols);
  // Every third row: a finder's centre is three modules tall, three pixels or more.
  for (int y = 0; y < img.rows; y += 3) {
    const auto* pixels = img.ptr<uint8_t>(y);
    const auto* means = mean.ptr<uint8_t>(y / 2);
    for (int x = 0; x < mean.cols; ++x) {
      threshold[2 * x] = threshold[2 * x + 1] =
          static_cast<uint8_t>(std::max(0, means[x] - kFinderOffset));
    }
    for (int x = 0; x < img.cols; ++x) line[x] = pixels[x] < threshold[x];
    const uint8_t* row = line.data();
    // The row's runs from its first dark pixel; the last five in `runs`.
    // Each run's end found with memchr, which is vectorised: text has many short runs.
    int runs[5] = {0, 0, 0, 0, 0}, n = 0, x = 0;
    const uint8_t* const end = row + img.cols;
    const auto* at = static_cast<const uint8_t*>(std::memchr(row, 1, img.cols));
    while (at != nullptr && at < end) {
      const uint8_t v = *at;
      const auto* next = static_cast<const uint8_t*>(std::memchr(at, v ^ 1, end - at));
      if (next == nullptr) next = end;
      const int len = static_cast<int>(next - at);
      at = next;
      x = static_cast<int>(at - row);
      if (n == 5) std::copy(runs + 1, runs + 5, runs), n = 4;
      runs[n++] = len;
      if (n < 5 || v != 1 || !FinderRatio(runs, kFinderMinTotal)) continue;
      const int total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
      const int centre = x - runs[4] - runs[3] - (runs[2] + 1) / 2;
      if (!FinderInColumn(dark, centre, y, max_run, std::max(kFinderMinTotal, total / 2))) {
        continue;
      }
      const bool again = std::any_of(found.begin(), found.end(), [&](const cv::Vec3i& f) {
        return std::abs(f[0] - centre) < f[2] && std::abs(f[1] - y) < f[2];
      });
      if (again) continue;
      // Another pattern of the same symbol: about the same size, some modules away (a QR
      // symbol's finders are 14 to 170 modules apart).
      const bool pair = std::any_of(found.begin(), found.end(), [&](const cv::Vec3i& f) {
        const float d = std::hypot(static_cast<float>(f[0] - centre), static_cast<float>(f[1] - y));
        return 3 * std::max(f[2], total) <= 5 * std::min(f[2], total) && d >= 1.5f * total &&
               d <= 25.0f * total;
      });
      if (pair) return true;
      found.emplace_back(centre, y, total);
    }
  }
  return false;
}

}  // namespace prokat::scanner::detail
