// Decodes every public sample image of the formats we use and compares with the expected text.
// Also proves the safety property: no image in the sample set, in any orientation, takes the
// process down (libzxing 1.4.0's ReadBarcodes() would abort on some of them).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "prokat/scanner/decode.hpp"
#include "sample_set.hpp"
#include "temp_dir.hpp"

namespace prokat::scanner {
namespace {

std::filesystem::path SamplesRoot() { return prokat::testing::SharedDir() / "samples"; }

// The samples are part of the suite: without them the decoder's accuracy is unmeasured, which
// must fail the run rather than pass it quietly.
#define REQUIRE_SAMPLES()                                   \
  ASSERT_TRUE(std::filesystem::is_directory(SamplesRoot())) \
      << "sample images not found at " << SamplesRoot()     \
      << " (copy zxing-cpp v1.4.0 test/samples there, see its README.md)"

TEST(SamplesTest, KnownAbortImageDecodesWithoutAborting) {
  REQUIRE_SAMPLES();
  const cv::Mat img =
      cv::imread((SamplesRoot() / "code128-1" / "4.png").string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(img.empty());
  const auto codes = Decode(img);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "123456");
  EXPECT_EQ(codes[0].format, CodeFormat::kCode128);
}

// The sample photos that the plain pass misses and a retry reads (blurred, dim, glare, small):
// each shows bars or QR finder patterns, so the retries still run on them by default.
TEST(SamplesTest, PhotosOnlyARetryReadsAreStillRetried) {
  REQUIRE_SAMPLES();
  const std::pair<const char*, CodeFormat> photos[] = {
      {"ean13-1/34.png", CodeFormat::kEan13},   {"ean13-1/36.png", CodeFormat::kEan13},
      {"ean13-2/01.png", CodeFormat::kEan13},   {"ean13-2/12.png", CodeFormat::kEan13},
      {"ean13-2/17.png", CodeFormat::kEan13},   {"ean13-2/21.png", CodeFormat::kEan13},
      {"ean13-2/22.png", CodeFormat::kEan13},   {"ean13-2/24.png", CodeFormat::kEan13},
      {"ean13-4/03.png", CodeFormat::kEan13},   {"ean13-4/10.png", CodeFormat::kEan13},
      {"ean13-4/12.png", CodeFormat::kEan13},   {"ean13-4/16.png", CodeFormat::kEan13},
      {"ean13-4/17.png", CodeFormat::kEan13},   {"qrcode-2/12.png", CodeFormat::kQrCode},
      {"qrcode-3/21.png", CodeFormat::kQrCode}, {"qrcode-4/14.png", CodeFormat::kQrCode},
      {"qrcode-4/34.png", CodeFormat::kQrCode}, {"qrcode-4/41.png", CodeFormat::kQrCode},
  };
  DecodeOptions options;
  options.retry_budget = std::nullopt;
  ASSERT_TRUE(options.retry_only_on_evidence);
  for (const auto& [name, format] : photos) {
    const auto path = SamplesRoot() / name;
    const auto expected = samples::ReadAll(std::filesystem::path(path).replace_extension(".txt"));
    ASSERT_TRUE(expected) << path;
    const cv::Mat img = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(img.empty()) << path;
    const auto codes = Decode(img, options);
    const auto read = std::find_if(codes.begin(), codes.end(), [&](const DecodedCode& c) {
      return c.format == format && c.text == *expected;
    });
    ASSERT_NE(read, codes.end()) << name;
    EXPECT_GT(read->pass, 0) << name << ": the plain pass reads it now, pick another photo";
  }
}

class FolderTest : public ::testing::TestWithParam<samples::Folder> {};

TEST_P(FolderTest, DecodesAtLeastUpstreamMinimumWithoutMisreads) {
  REQUIRE_SAMPLES();
  const auto& folder = GetParam();
  const auto images = samples::ImagesOf(SamplesRoot(), folder);
  ASSERT_FALSE(images.empty()) << "no images with expected text in " << folder.name;
  DecodeOptions options;
  options.formats = static_cast<CodeFormats>(folder.format);
  options.retry_budget = std::nullopt;  // every retry: deterministic
  // The README says this folder holds Code 39 full-ASCII symbols.
  options.code39_extended = std::string(folder.name) == "code39-2";
  int correct = 0, misread = 0;
  for (const auto& image : images) {
    const cv::Mat img = cv::imread(image.path.string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(img.empty()) << image.path;
    const auto codes = Decode(img, options);
    switch (samples::Judge(codes, folder.format, image)) {
      case samples::Outcome::kCorrect:
        ++correct;
        break;
      case samples::Outcome::kMisread:
        ++misread;
        ADD_FAILURE() << "misread " << image.path << ": read \"" << codes[0].text << "\" in pass "
                      << codes[0].pass << ", expected \"" << image.expected << "\"";
        break;
      case samples::Outcome::kMissed:
        break;
    }
  }
  std::cout << folder.name << ": " << correct << "/" << images.size() << " correct, " << misread
            << " misread (upstream minimum " << folder.upstream_minimum << ")\n";
  EXPECT_GE(correct, folder.upstream_minimum);
}

INSTANTIATE_TEST_SUITE_P(Samples, FolderTest, ::testing::ValuesIn(samples::Folders()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (auto& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

// Every image (with or without expected text), all formats, four orientations, gray and colour:
// the test passing at all is the proof that none of them aborts the process.
TEST(SamplesTest, NoSampleImageInAnyOrientationCrashesTheDecoder) {
  REQUIRE_SAMPLES();
  const auto paths = samples::AllImages(SamplesRoot());
  ASSERT_GE(paths.size(), 390u);
  DecodeOptions options;
  options.formats = kDefaultFormats | CodeFormat::kUpcA | CodeFormat::kUpcE;
  options.retry_budget = std::chrono::milliseconds(0);  // plain pass only: 4 x 398 frames
  size_t with_codes = 0;
  for (const auto& path : paths) {
    cv::Mat img = cv::imread(path.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty()) << path;
    bool any = false;
    for (int rot = 0; rot < 4; ++rot) {
      any |= !Decode(img, options).empty();
      cv::rotate(img, img, cv::ROTATE_90_CLOCKWISE);
    }
    with_codes += any;
  }
  EXPECT_GE(with_codes, 350u);
}

}  // namespace
}  // namespace prokat::scanner
