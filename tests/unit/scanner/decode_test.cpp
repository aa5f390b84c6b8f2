// Decode() over synthetic frames: every default format, and what cameras do to them.
#include <gtest/gtest.h>

#include <random>

#include "prokat/scanner/decode.hpp"
#include "synthetic.hpp"

namespace prokat::scanner {
namespace {

using testing::MakeCode;
using testing::Paste;
using testing::Rotate;
using ZXing::BarcodeFormat;

DecodeOptions Exhaustive() {
  DecodeOptions o;
  o.retry_budget = std::nullopt;  // all retry passes, so results do not depend on speed
  return o;
}

std::vector<std::string> Texts(const std::vector<DecodedCode>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(c.text);
  std::sort(out.begin(), out.end());
  return out;
}

cv::Mat OnCanvas(const cv::Mat& code, int w = 640, int h = 480) {
  cv::Mat canvas(h, w, CV_8UC1, cv::Scalar(255));
  Paste(canvas, code, {(w - code.cols) / 2, (h - code.rows) / 2});
  return canvas;
}

struct FormatCase {
  BarcodeFormat zx;
  CodeFormat ours;
  const char* text;
};

class FormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatTest, ReadsPlainSymbolWithFormatTextAndPosition) {
  const auto& p = GetParam();
  const cv::Mat frame = OnCanvas(MakeCode(p.zx, p.text, 3, 100));
  const auto codes = Decode(frame);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].format, p.ours);
  EXPECT_EQ(codes[0].text, p.text);
  EXPECT_EQ(codes[0].pass, 0);
  EXPECT_GT(codes[0].quality, 0.9f);
  ASSERT_EQ(codes[0].corners.size(), 4u);
  const cv::Point2f c = codes[0].Center();
  EXPECT_NEAR(c.x, 320, 40);
  EXPECT_NEAR(c.y, 240, 60);
}

INSTANTIATE_TEST_SUITE_P(
    DefaultFormats, FormatTest,
    ::testing::Values(FormatCase{BarcodeFormat::Code128, CodeFormat::kCode128, "PK1I000123X"},
                      FormatCase{BarcodeFormat::Code39, CodeFormat::kCode39, "PK-42"},
                      FormatCase{BarcodeFormat::EAN13, CodeFormat::kEan13, "4006381333931"},
                      FormatCase{BarcodeFormat::EAN8, CodeFormat::kEan8, "96385074"},
                      FormatCase{BarcodeFormat::QRCode, CodeFormat::kQrCode, "Прокат PK1K000007Q"},
                      FormatCase{BarcodeFormat::DataMatrix, CodeFormat::kDataMatrix,
                                 "PK1A000099Z"}));

TEST(DecodeTest, EmptyAndUnsupportedFramesGiveNoCodes) {
  EXPECT_TRUE(Decode(cv::Mat()).empty());
  EXPECT_FALSE(IsSupportedFrame(cv::Mat(10, 10, CV_8UC2)));
  EXPECT_TRUE(Decode(cv::Mat(10, 10, CV_8UC2, cv::Scalar(0, 0))).empty());
  EXPECT_TRUE(Decode(cv::Mat(480, 640, CV_8UC1, cv::Scalar(255)), Exhaustive()).empty());
}

TEST(DecodeTest, HonoursRowStepOfCroppedRoiAndPixelTypes) {
  const cv::Mat code = MakeCode(BarcodeFormat::Code128, "ROI-123", 3);
  cv::Mat big(700, 900, CV_8UC1, cv::Scalar(255));
  Paste(big, code, {333, 211});
  const cv::Mat roi = big(cv::Rect(300, 180, code.cols + 80, code.rows + 80));
  ASSERT_FALSE(roi.isContinuous());
  auto codes = Decode(roi);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "ROI-123");
  EXPECT_NEAR(codes[0].Center().x, 33 + code.cols / 2.0, 30);  // ROI coordinates

  cv::Mat bgr, bgra, sixteen, floating;
  cv::cvtColor(roi, bgr, cv::COLOR_GRAY2BGR);
  cv::cvtColor(roi, bgra, cv::COLOR_GRAY2BGRA);
  roi.convertTo(sixteen, CV_16U, 257);
  roi.convertTo(floating, CV_32F, 1 / 255.0);
  for (const cv::Mat& m : {bgr, bgra, sixteen, floating}) {
    codes = Decode(m);
    ASSERT_EQ(codes.size(), 1u) << "type " << m.type();
    EXPECT_EQ(codes[0].text, "ROI-123");
  }
}

TEST(DecodeTest, ReadsSeveralDifferentCodesInOneFrame) {
  cv::Mat frame(720, 1280, CV_8UC1, cv::Scalar(255));
  Paste(frame, MakeCode(BarcodeFormat::Code128, "PK1I000001A", 3), {40, 40});
  Paste(frame, MakeCode(BarcodeFormat::Code128, "PK1I000002B", 3), {40, 400});
  Paste(frame, MakeCode(BarcodeFormat::QRCode, "PK1K000003C", 6), {700, 60});
  Paste(frame, MakeCode(BarcodeFormat::DataMatrix, "PK1A000004D", 8), {760, 420});
  Paste(frame, MakeCode(BarcodeFormat::EAN13, "4006381333931", 3), {40, 220});
  // ZXing's DataMatrix detector searches from the image centre and misses this off-centre
  // symbol in the plain pass; the retries (run here although four codes were already found)
  // read it.
  DecodeOptions o = Exhaustive();
  o.retry_below = o.max_symbols;
  const auto codes = Decode(frame, o);
  EXPECT_EQ(Texts(codes), (std::vector<std::string>{"4006381333931", "PK1A000004D", "PK1I000001A",
                                                    "PK1I000002B", "PK1K000003C"}));
}

TEST(DecodeTest, FeaturelessFramesGiveNoCodes) {
  cv::Mat gradient(720, 1280, CV_8UC1);
  for (int y = 0; y < gradient.rows; ++y) gradient.row(y).setTo(40 + y * 150 / gradient.rows);
  const cv::Mat flat(720, 1280, CV_8UC1, cv::Scalar(200));
  for (const cv::Mat& frame : {gradient, flat}) {
    EXPECT_TRUE(Decode(frame, Exhaustive()).empty());
  }
}

TEST(DecodeTest, ReadsACodeAnywhereOnAnOtherwiseFlatFrame) {
  // Only the part with detail is searched: positions must still be in frame coordinates, and
  // a code in a corner, or a faint one, must not be cut off.
  const cv::Mat code = MakeCode(BarcodeFormat::Code128, "PK1I000123X", 3);
  for (const cv::Point at :
       {cv::Point(0, 0), cv::Point(1280 - code.cols, 720 - code.rows), cv::Point(700, 10)}) {
    cv::Mat frame(720, 1280, CV_8UC1, cv::Scalar(255));
    Paste(frame, code, at);
    const auto codes = Decode(frame);
    ASSERT_EQ(codes.size(), 1u) << at;
    EXPECT_EQ(codes[0].pass, 0);
    EXPECT_NEAR(codes[0].Center().x, at.x + code.cols / 2.0, 30) << at;
    EXPECT_NEAR(codes[0].Center().y, at.y + code.rows / 2.0, 60) << at;
  }
  cv::Mat faint(720, 1280, CV_8UC1, cv::Scalar(255));
  Paste(faint, MakeCode(BarcodeFormat::QRCode, "PK1K000007Q", 4), {900, 500});
  faint.convertTo(faint, CV_8UC1, 30.0 / 255, 110);  // gray 110..140
  const auto codes = Decode(faint, Exhaustive());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1K000007Q");
}

TEST(DecodeTest, TwoLabelsInOneFrameAreBothReadByThePlainPass) {
  cv::Mat frame(720, 1280, CV_8UC1, cv::Scalar(200));
  Paste(frame, MakeCode(BarcodeFormat::Code128, "PK1I000001A", 3), {100, 100});
  Paste(frame, MakeCode(BarcodeFormat::QRCode, "PK1K000002B", 6), {800, 350});
  DecodeOptions no_retry;
  no_retry.retry_budget = std::chrono::milliseconds(0);
  const auto codes = Decode(frame, no_retry);
  EXPECT_EQ(Texts(codes), (std::vector<std::string>{"PK1I000001A", "PK1K000002B"}));
  for (const auto& c : codes) EXPECT_EQ(c.pass, 0);
}

// After each symbol, the plain pass reads again only where detail is left outside the symbols
// masked so far; labels whose paper edges nearly touch are each still there to read.
TEST(DecodeTest, LabelsSideBySideAreAllReadByThePlainPass) {
  cv::Mat frame(720, 1280, CV_8UC1, cv::Scalar(200));
  const cv::Mat a = MakeCode(BarcodeFormat::Code128, "PK1I000001A", 2);
  const cv::Mat b = MakeCode(BarcodeFormat::QRCode, "PK1K000002B", 4);
  const cv::Mat c = MakeCode(BarcodeFormat::QRCode, "PK1K000003C", 4);
  const cv::Mat d = MakeCode(BarcodeFormat::Code128, "PK1I000004D", 2);
  const int gap = 8;  // between the labels' paper edges
  Paste(frame, a, {200, 150});
  Paste(frame, b, {200, 150 + a.rows + gap});
  Paste(frame, c, {200 + a.cols + gap, 150});
  Paste(frame, d, {200 + a.cols + gap + c.cols + gap, 150});
  cv::GaussianBlur(frame, frame, cv::Size(), 1.0);
  DecodeOptions no_retry;
  no_retry.retry_budget = std::chrono::milliseconds(0);
  const auto codes = Decode(frame, no_retry);
  EXPECT_EQ(Texts(codes),
            (std::vector<std::string>{"PK1I000001A", "PK1I000004D", "PK1K000002B", "PK1K000003C"}));
  for (const auto& code : codes) EXPECT_EQ(code.pass, 0);
}

TEST(DecodeTest, StopRetryingSkipsTheRemainingRetries) {
  cv::Mat frame;
  cv::bitwise_not(OnCanvas(MakeCode(BarcodeFormat::DataMatrix, "PK1A000099Z", 6)), frame);
  DecodeOptions o = Exhaustive();
  o.retry_only_on_evidence = false;  // an inverted DataMatrix shows no bars or finder patterns
  int asked = 0;
  o.stop_retrying = [&] { return ++asked >= 2; };  // one retry pass, then stop
  EXPECT_TRUE(Decode(frame, o).empty());
  EXPECT_EQ(asked, 2);
  asked = 0;
  o.stop_retrying = [&] { return ++asked > 100; };
  const auto codes = Decode(frame, o);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1A000099Z");
  EXPECT_GT(asked, 1);
}

TEST(DecodeTest, MaxSymbolsLimitsTheCount) {
  cv::Mat frame(480, 1280, CV_8UC1, cv::Scalar(255));
  Paste(frame, MakeCode(BarcodeFormat::QRCode, "one", 6), {40, 40});
  Paste(frame, MakeCode(BarcodeFormat::QRCode, "two", 6), {500, 40});
  Paste(frame, MakeCode(BarcodeFormat::QRCode, "three", 6), {900, 40});
  DecodeOptions o = Exhaustive();
  o.max_symbols = 2;
  EXPECT_EQ(Decode(frame, o).size(), 2u);
  o.max_symbols = 8;
  EXPECT_EQ(Decode(frame, o).size(), 3u);
}

TEST(DecodeTest, ReadsRotatedCodes) {
  // Bars 40% as tall as the code is long: a scan line crosses them all up to about 22 degrees.
  for (double angle : {90.0, 180.0, 12.0, -20.0}) {
    const cv::Mat frame = Rotate(MakeCode(BarcodeFormat::Code128, "PK1I000123X", 3, 200), angle);
    const auto codes = Decode(frame, Exhaustive());
    ASSERT_EQ(codes.size(), 1u) << "Code 128 at " << angle;
    EXPECT_EQ(codes[0].text, "PK1I000123X");
  }
  for (double angle : {30.0, 135.0, -60.0}) {
    const cv::Mat frame = Rotate(MakeCode(BarcodeFormat::QRCode, "PK1K000007Q", 5), angle);
    const auto codes = Decode(frame, Exhaustive());
    ASSERT_EQ(codes.size(), 1u) << "QR at " << angle;
    EXPECT_EQ(codes[0].text, "PK1K000007Q");
  }
}

TEST(DecodeTest, ReadsLinearCodeAtSteepAngleThroughRetry) {
  const cv::Mat frame = Rotate(MakeCode(BarcodeFormat::Code128, "PK1I000123X", 3), 45);
  const auto codes = Decode(frame, Exhaustive());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1I000123X");
}

TEST(DecodeTest, ReadsUnderPerspective) {
  const cv::Mat code = OnCanvas(MakeCode(BarcodeFormat::QRCode, "PK1K000007Q", 6));
  const std::vector<cv::Point2f> from = {{0, 0}, {640, 0}, {640, 480}, {0, 480}};
  const std::vector<cv::Point2f> to = {{60, 30}, {600, 0}, {640, 480}, {0, 420}};
  cv::Mat frame;
  cv::warpPerspective(code, frame, cv::getPerspectiveTransform(from, to), code.size(),
                      cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
  const auto codes = Decode(frame, Exhaustive());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1K000007Q");
}

TEST(DecodeTest, ReadsBlurredNoisyLowContrastAndGlare) {
  const cv::Mat clean = OnCanvas(MakeCode(BarcodeFormat::Code128, "PK1I000123X", 3));
  cv::Mat blurred;
  cv::GaussianBlur(clean, blurred, cv::Size(), 2.0);

  cv::Mat noisy(clean.size(), CV_16SC1);
  std::mt19937 rng(7);
  cv::theRNG().state = 7;
  cv::randn(noisy, 0, 30);
  cv::Mat tmp;
  clean.convertTo(tmp, CV_16SC1);
  tmp += noisy;
  tmp.convertTo(noisy, CV_8UC1);

  cv::Mat low;
  clean.convertTo(low, CV_8UC1, 40.0 / 255, 100);  // gray 100..140

  cv::Mat glare;
  clean.copyTo(glare);
  cv::Mat spot(clean.size(), CV_8UC1, cv::Scalar(0));
  cv::circle(spot, {250, 240}, 90, cv::Scalar(150), cv::FILLED);
  cv::GaussianBlur(spot, spot, cv::Size(), 30);
  cv::add(glare, spot, glare);

  const std::pair<const char*, cv::Mat> cases[] = {
      {"blurred", blurred}, {"noisy", noisy}, {"low contrast", low}, {"glare", glare}};
  for (const auto& [name, frame] : cases) {
    const auto codes = Decode(frame, Exhaustive());
    ASSERT_EQ(codes.size(), 1u) << name;
    EXPECT_EQ(codes[0].text, "PK1I000123X") << name;
  }
}

TEST(DecodeTest, ReadsSmallCodes) {
  // 1 pixel per module: a label far from the camera.
  const auto qr = Decode(OnCanvas(MakeCode(BarcodeFormat::QRCode, "PK1K000007Q", 1)), Exhaustive());
  ASSERT_EQ(qr.size(), 1u);
  EXPECT_EQ(qr[0].text, "PK1K000007Q");
  const auto dm =
      Decode(OnCanvas(MakeCode(BarcodeFormat::DataMatrix, "PK1A000099Z", 2)), Exhaustive());
  ASSERT_EQ(dm.size(), 1u);
  EXPECT_EQ(dm[0].text, "PK1A000099Z");
}

TEST(DecodeTest, ReadsInvertedCodesThroughRetry) {
  cv::Mat frame;
  cv::bitwise_not(OnCanvas(MakeCode(BarcodeFormat::DataMatrix, "PK1A000099Z", 6)), frame);
  DecodeOptions no_retry;
  no_retry.retry_budget = std::chrono::milliseconds(0);
  EXPECT_TRUE(Decode(frame, no_retry).empty());
  // A DataMatrix has neither bars nor finder patterns: with nothing else in view its retries
  // run only when every retry is asked for (the photo route).
  int asked = 0;
  DecodeOptions o = Exhaustive();
  o.stop_retrying = [&] { return ++asked > 100; };
  EXPECT_TRUE(Decode(frame, o).empty());
  EXPECT_EQ(asked, 0);
  o.retry_only_on_evidence = false;
  const auto codes = Decode(frame, o);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1A000099Z");
  EXPECT_GT(codes[0].pass, 0);
  EXPECT_GT(asked, 0);
}

// Decodes `frame` with every retry allowed by time; returns the codes and how many times the
// decoder asked whether to stop retrying (once before each retry pass).
std::pair<std::vector<DecodedCode>, int> DecodeCountingRetries(const cv::Mat& frame,
                                                               bool only_on_evidence = true) {
  int asked = 0;
  DecodeOptions o = Exhaustive();
  o.retry_only_on_evidence = only_on_evidence;
  o.stop_retrying = [&] {
    ++asked;
    return false;
  };
  auto codes = Decode(frame, o);
  return {std::move(codes), asked};
}

TEST(DecodeTest, ADeskWithNoCodeInViewRunsNoRetry) {
  // Detail everywhere (text, a table, a keyboard, objects, noise) but no bars and no finder
  // patterns: the plain pass reads nothing and no retry runs.
  for (unsigned seed = 1; seed <= 3; ++seed) {
    const cv::Mat desk = testing::DeskScene(seed);
    const auto [codes, asked] = DecodeCountingRetries(desk);
    EXPECT_TRUE(codes.empty()) << "desk " << seed;
    EXPECT_EQ(asked, 0) << "desk " << seed;
    // Not because the frame looked empty: asked for every retry, they all run.
    EXPECT_GT(DecodeCountingRetries(desk, false).second, 3) << "desk " << seed;
  }
}

TEST(DecodeTest, SensorNoiseAloneIsFeaturelessButACodeInItIsRead) {
  cv::Mat noise(720, 1280, CV_8UC1);
  cv::theRNG().state = 9;
  cv::randn(noise, 128, 4);
  const auto [none, asked] = DecodeCountingRetries(noise, false);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(asked, 0);  // an empty content box: not even the plain pass ran
  cv::Mat label = noise.clone();
  cv::Mat code = MakeCode(BarcodeFormat::QRCode, "PK1K000007Q", 3);
  code.convertTo(code, CV_8UC1, 100.0 / 255, 80);  // gray 80..180, in the noise
  Paste(label, code, {1000, 500});
  const auto codes = Decode(label);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1K000007Q");
  EXPECT_NEAR(codes[0].Center().x, 1000 + code.cols / 2.0, 20);
}

TEST(DecodeTest, ALabelOnADeskThatOnlyARetryReadsIsStillRead) {
  // A blurred, faded Code 128 label at the desk's edge: the plain pass misses it, its bars call
  // the retries in.
  cv::Mat frame = testing::DeskScene(2);
  cv::Mat code = MakeCode(BarcodeFormat::Code128, "PK1I000123X", 3);
  cv::GaussianBlur(code, code, cv::Size(), 2.0);
  code.convertTo(code, CV_8UC1, 0.4, 120);  // gray 120..222
  Paste(frame, code, {40, 20});
  DecodeOptions no_retry;
  no_retry.retry_budget = std::chrono::milliseconds(0);
  ASSERT_TRUE(Decode(frame, no_retry).empty()) << "the plain pass reads it: not a retry case";
  const auto [codes, asked] = DecodeCountingRetries(frame);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "PK1I000123X");
  EXPECT_GT(codes[0].pass, 0);
  EXPECT_GT(asked, 0);
}

TEST(DecodeTest, FormatsOptionRestrictsWhatIsRead) {
  const cv::Mat frame = OnCanvas(MakeCode(BarcodeFormat::QRCode, "PK1K000007Q", 5));
  DecodeOptions o = Exhaustive();
  o.formats = static_cast<CodeFormats>(CodeFormat::kCode128);
  EXPECT_TRUE(Decode(frame, o).empty());
}

TEST(DecodeTest, AcceptHookDropsCodesWithBadCheckCharacter) {
  const cv::Mat frame = OnCanvas(MakeCode(BarcodeFormat::Code128, "PK1I000123X", 3));
  DecodeOptions o = Exhaustive();
  o.accept = [](CodeFormat, std::string_view text) { return text.back() == 'Y'; };
  EXPECT_TRUE(Decode(frame, o).empty());
  o.accept = [](CodeFormat, std::string_view text) { return text.back() == 'X'; };
  EXPECT_EQ(Decode(frame, o).size(), 1u);
}

TEST(CheckDigitTest, Gtin) {
  EXPECT_TRUE(HasValidGtinCheckDigit("4006381333931"));
  EXPECT_FALSE(HasValidGtinCheckDigit("4006381333932"));
  EXPECT_TRUE(HasValidGtinCheckDigit("96385074"));
  EXPECT_FALSE(HasValidGtinCheckDigit("96385075"));
  EXPECT_TRUE(HasValidGtinCheckDigit("036000291452"));  // UPC-A
  EXPECT_FALSE(HasValidGtinCheckDigit("03600029145X"));
  EXPECT_FALSE(HasValidGtinCheckDigit("12345"));
  EXPECT_FALSE(HasValidGtinCheckDigit(""));
}

TEST(CheckDigitTest, UpcE) {
  EXPECT_TRUE(HasValidUpcECheckDigit("04252614"));  // expands to 042100005264
  EXPECT_FALSE(HasValidUpcECheckDigit("04252615"));
  EXPECT_FALSE(HasValidUpcECheckDigit("24252614"));
}

TEST(FormatNameTest, RoundTrips) {
  for (CodeFormat f :
       {CodeFormat::kCode128, CodeFormat::kCode39, CodeFormat::kEan13, CodeFormat::kEan8,
        CodeFormat::kUpcA, CodeFormat::kUpcE, CodeFormat::kQrCode, CodeFormat::kDataMatrix}) {
    EXPECT_EQ(ParseFormat(FormatName(f)), f);
  }
  EXPECT_EQ(ParseFormat("qr"), CodeFormat::kQrCode);
  EXPECT_EQ(ParseFormat("ean13"), CodeFormat::kEan13);
  EXPECT_EQ(ParseFormat("nope"), std::nullopt);
}

}  // namespace
}  // namespace prokat::scanner
