// A signature as the desk's pad sends it, for the tests and the benchmark of the acts: a 600 x 200
// PNG, white, a light guide line, a dark blue stroke.
#pragma once

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

namespace prokat::testing {

inline std::string SignaturePng() {
  cv::Mat pad(200, 600, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::line(pad, {20, 160}, {580, 160}, cv::Scalar(221, 204, 204), 1);
  std::vector<cv::Point> stroke;
  for (int x = 60; x <= 540; x += 4)
    stroke.emplace_back(x, 110 + static_cast<int>(45 * std::sin(x / 23.0)));
  cv::polylines(pad, stroke, false, cv::Scalar(96, 32, 16), 3, cv::LINE_AA);
  std::vector<uchar> png;
  cv::imencode(".png", pad, png);
  return std::string(png.begin(), png.end());
}

}  // namespace prokat::testing
