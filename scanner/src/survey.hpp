// Private: a cheap look at a gray frame before and after the plain pass: where it has detail,
// and whether what is there looks like a symbol that the plain pass could not read.
#pragma once

#include <optional>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace prokat::scanner::detail {

// Works on the frame scaled down to at most 640 px on its longer side (2x2 averaging halves
// sensor noise), in cells of 16x16 of those pixels (32x32 of a 1280x720 frame). A pixel is an
// edge pixel when its central differences reach 12 gray levels.
class Survey {
 public:
  explicit Survey(const cv::Mat& gray);  // CV_8UC1, any step

  // The part of the frame (frame coordinates) where a symbol could be: the bounding box of the
  // cells with at least three edge pixels, grown by 64 frame pixels and clipped to the frame.
  // Empty when there is no such cell: a flat frame, smooth gradients, sensor noise of a few
  // gray levels. Nothing there can be read, by any pass.
  cv::Rect ContentBox() const { return box_; }

  // What is left to read once `symbols` (outlines, frame coordinates) are masked: the bounding
  // box, grown as the content box, of the cells with detail whose centres lie in `region` and
  // more than a cell's side away from each symbol; empty when there is none. The edges a mask
  // leaves (a label's paper edge in its quiet zone, the rim of the fill) lie in the cells along
  // its outline.
  cv::Rect DetailLeft(const cv::Rect& region,
                      const std::vector<std::vector<cv::Point2f>>& symbols) const;

  // Bars: two neighbouring cells, one across the other's bars, each with a quarter or more
  // edge pixels and a coherent gradient direction (structure tensor coherence 0.8 or more,
  // directions within 15 degrees of each other), and six or more edges crossed along that
  // direction by a line through both. Text, a table with ruled lines, a pen's two sides or a
  // keyboard do not qualify: mixed directions, or too few edges.
  bool ShowsBars() const;
  // Two QR finder patterns in the content box, alike in size and 1.5 to 25 pattern widths
  // apart: dark-light-dark-light-dark runs in proportion 1:1:3:1:1 (each within half a module,
  // seven pixels or more) along a row (every third) and along the column through its centre,
  // dark being 8 gray levels below the local mean.
  bool ShowsFinder() const;
  bool ShowsSymbol() const { return ShowsBars() || ShowsFinder(); }

 private:
  // The gradient direction of a cell's edge pixels (radians) when they are a quarter or more of
  // its pixels and agree, else nothing.
  std::optional<float> BarAngle(int cx, int cy) const;
  // Mean number of edges crossed along `angle` by the cell's lines.
  float EdgesAcross(int cx, int cy, float angle) const;

  cv::Mat work_;
  double scale_ = 1;  // work pixels per frame pixel
  int ncx_ = 0, ncy_ = 0;
  std::vector<int> edges_;  // edge pixels per cell, row by row
  cv::Rect box_;            // frame coordinates
  cv::Rect work_box_;       // the same, in work coordinates
};

}  // namespace prokat::scanner::detail
