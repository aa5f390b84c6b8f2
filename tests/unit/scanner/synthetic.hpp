// Test helpers: barcode images made with ZXing's writer, and the distortions a camera adds.
#pragma once

#include <cmath>
#include <string>
#include <vector>

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

// A 1280x720 gray camera frame of a desk with no code in view: lighting gradient, a printed
// sheet (text in several sizes, a form's table), a keyboard, a mug, a pen, a phone, slight blur
// and sensor noise (sigma 4). `seed` varies the layout a little.
inline cv::Mat DeskScene(unsigned seed = 1) {
  cv::RNG rng(seed);
  cv::Mat desk(720, 1280, CV_32FC1);
  for (int y = 0; y < desk.rows; ++y) {
    auto* row = desk.ptr<float>(y);
    for (int x = 0; x < desk.cols; ++x) {
      // Wood-like: a lamp's falloff plus slow grain along x.
      const double d = std::hypot(x - 900.0, y - 150.0) / 1500.0;
      row[x] = static_cast<float>(150 - 70 * d + 6 * std::sin(y * 0.05 + 3 * std::sin(x * 0.004)));
    }
  }
  cv::Mat img;
  desk.convertTo(img, CV_8UC1);
  const int dx = rng.uniform(-20, 20), dy = rng.uniform(-15, 15);
  // A printed sheet, slightly turned, with a heading, paragraphs and a table.
  cv::Mat sheet(520, 420, CV_8UC1, cv::Scalar(228));
  cv::putText(sheet, "Akt priema-peredachi No 1187", {24, 44}, cv::FONT_HERSHEY_DUPLEX, 0.7,
              cv::Scalar(30), 2, cv::LINE_AA);
  const char* lines[] = {
      "Punkt prokata: ul. Lenina 12, kab. 3",    "Poluchatel: Ivanova M.S., rebenok 7 let",
      "Predmet: kreslo-kolyaska detskoe",        "Srok vozvrata: 15.01.2027",
      "Sostoyanie: khoroshee, bez povrezhdenii", "Podpis vydavshego: ____________"};
  int y = 84;
  for (const char* line : lines) {
    cv::putText(sheet, line, {24, y}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(40), 1,
                cv::LINE_AA);
    y += 24;
  }
  for (int r = 0; r <= 5; ++r) cv::line(sheet, {24, 250 + 36 * r}, {396, 250 + 36 * r}, 60, 1);
  for (int c : {24, 64, 260, 396}) cv::line(sheet, {c, 250}, {c, 430}, 60, 1);
  for (int r = 0; r < 5; ++r) {
    cv::putText(sheet, std::to_string(r + 1), {36, 274 + 36 * r}, cv::FONT_HERSHEY_SIMPLEX, 0.5, 40,
                1, cv::LINE_AA);
    cv::putText(sheet, r % 2 ? "podushka" : "remni, 2 sht", {72, 274 + 36 * r},
                cv::FONT_HERSHEY_SIMPLEX, 0.5, 40, 1, cv::LINE_AA);
    cv::putText(sheet, "1", {300, 274 + 36 * r}, cv::FONT_HERSHEY_SIMPLEX, 0.5, 40, 1, cv::LINE_AA);
  }
  std::vector<cv::Point> scribble;
  for (int i = 0; i < 60; ++i) {
    scribble.emplace_back(240 + i * 2, 470 + static_cast<int>(10 * std::sin(i * 0.7)));
  }
  cv::polylines(sheet, scribble, false, 50, 2, cv::LINE_AA);
  const cv::Mat turn = cv::getRotationMatrix2D({210, 260}, 4 + rng.uniform(-2.0, 2.0), 1.0);
  cv::Mat turned, mask;
  cv::warpAffine(sheet, turned, turn, sheet.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  cv::warpAffine(cv::Mat(sheet.size(), CV_8UC1, cv::Scalar(255)), mask, turn, sheet.size());
  turned.copyTo(img(cv::Rect(80 + dx, 120 + dy, sheet.cols, sheet.rows)), mask);
  // A keyboard: rows of keys with letters.
  const cv::Rect board(560 + dx, 430 + dy, 640, 230);
  cv::rectangle(img, board, cv::Scalar(45), cv::FILLED);
  const std::string keys = "QWERTYUIOPASDFGHJKLZXCVBNM";
  for (int k = 0; k < 40; ++k) {
    const int r = k / 12, c = k % 12;
    const cv::Rect key(board.x + 12 + c * 52 + r * 14, board.y + 12 + r * 52, 44, 44);
    cv::rectangle(img, key, cv::Scalar(70), cv::FILLED);
    cv::putText(img, std::string(1, keys[k % keys.size()]), {key.x + 14, key.y + 30},
                cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(190), 1, cv::LINE_AA);
  }
  // A mug seen from above, a pen, a phone.
  cv::circle(img, {700 + dx, 200 + dy}, 95, cv::Scalar(235), cv::FILLED, cv::LINE_AA);
  cv::circle(img, {700 + dx, 200 + dy}, 80, cv::Scalar(90), cv::FILLED, cv::LINE_AA);
  cv::ellipse(img, {810 + dx, 200 + dy}, {40, 22}, 0, -90, 90, cv::Scalar(225), 10, cv::LINE_AA);
  cv::line(img, {560 + dx, 330 + dy}, {820 + dx, 390 + dy}, cv::Scalar(25), 9, cv::LINE_AA);
  cv::line(img, {560 + dx, 330 + dy}, {580 + dx, 335 + dy}, cv::Scalar(210), 9, cv::LINE_AA);
  const cv::Rect phone(980 + dx, 90 + dy, 170, 300);
  cv::rectangle(img, phone, cv::Scalar(20), cv::FILLED);
  cv::rectangle(img, phone - cv::Point(-10, -16) - cv::Size(20, 40), cv::Scalar(55), cv::FILLED);
  cv::GaussianBlur(img, img, cv::Size(), 1.0);
  cv::Mat noise(img.size(), CV_16SC1);
  rng.fill(noise, cv::RNG::NORMAL, 0, 4);
  cv::Mat sum;
  img.convertTo(sum, CV_16SC1);
  sum += noise;
  sum.convertTo(img, CV_8UC1);
  return img;
}

}  // namespace prokat::scanner::testing
