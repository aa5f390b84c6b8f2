// Test helpers: barcode images made with ZXing's writer, and the distortions a camera adds.
#pragma once

#include <string>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace prokat::scanner::testing {

// A white 8-bit gray image of the symbol with a quiet zone, `module` pixels per module; linear
// codes are `bar_height` pixels tall.
inline cv::Mat MakeCode(ZXing::BarcodeFormat format, const std::string& text, int module = 4,
                        int bar_height = 120) {
  const bool linear =
      !(format == ZXing::BarcodeFormat::QRCode || format == ZXing::BarcodeFormat::DataMatrix);
  auto writer = ZXing::MultiFormatWriter(format).setMargin(0);
  if (!linear) writer.setEncoding(ZXing::CharacterSet::UTF8);
  const ZXing::BitMatrix bits = writer.encode(text, 0, linear ? 1 : 0);
  const int quiet = linear ? 10 * module : 4 * module;
  const int w = bits.width() * module, h = linear ? bar_height : bits.height() * module;
  cv::Mat img(h + 2 * quiet, w + 2 * quiet, CV_8UC1, cv::Scalar(255));
  for (int y = 0; y < (linear ? 1 : bits.height()); ++y) {
    for (int x = 0; x < bits.width(); ++x) {
      if (!bits.get(x, y)) continue;
      const cv::Rect r(quiet + x * module, quiet + y * module, module, linear ? h : module);
      img(r).setTo(0);
    }
  }
  return img;
}

// Pastes `code` into `canvas` with its top-left corner at `at`.
inline void Paste(cv::Mat& canvas, const cv::Mat& code, cv::Point at) {
  code.copyTo(canvas(cv::Rect(at, code.size())));
}

// Rotates by `degrees` on a larger white canvas so nothing is cut off.
inline cv::Mat Rotate(const cv::Mat& img, double degrees) {
  const int side = static_cast<int>((img.cols + img.rows) * 1.0) + 20;
  cv::Mat canvas(side, side, img.type(), cv::Scalar(255));
  Paste(canvas, img, {(side - img.cols) / 2, (side - img.rows) / 2});
  const cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(side / 2.0f, side / 2.0f), degrees, 1.0);
  cv::Mat out;
  cv::warpAffine(canvas, out, m, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 cv::Scalar(255));
  return out;
}

}  // namespace prokat::scanner::testing
