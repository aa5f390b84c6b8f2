// Private: the building blocks of Decode(). One "pass" reads every symbol it can from one
// (possibly transformed) grayscale image with ZXing::ReadBarcode, one symbol per call, masking
// each symbol found before the next call.
#pragma once

#include <functional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "prokat/scanner/decode.hpp"

namespace prokat::scanner::detail {

// How a pass prepares its image from the frame's gray image.
enum class Transform {
  kNone,
  kGlobalHistogram,  // same image, ZXing's global-histogram binarizer
  kHalf,             // downscaled to 1/2 (blurry photos, large codes)
  kDouble,           // upscaled 2x (small codes); skipped on large frames
  kSharpen,          // unsharp mask
  kInvert,           // light-on-dark symbols
  kEqualize,         // CLAHE: low contrast, glare
  kRotate45,         // linear codes at a steep angle
  kQuarter,          // downscaled to 1/4 (very blurry or very large)
  kTiles,            // overlapping tiles: off-centre 2D symbols among others
};

// The order in which Decode() tries passes; kNone first.
const std::vector<Transform>& PassOrder();

// A code found by a pass, with corners already in frame coordinates.
struct Candidate {
  CodeFormat format;
  std::string text;
  std::string bytes;
  std::vector<cv::Point2f> corners;
};

// The part of a region of `gray` where something could be read besides the symbols given (the
// outlines masked), empty when there is none; all in `gray` coordinates.
using DetailLeft = std::function<cv::Rect(const cv::Rect& region,
                                          const std::vector<std::vector<cv::Point2f>>& symbols)>;

// Runs one pass over `gray` (CV_8UC1, any step). `known` are symbols already found (frame
// coordinates): they are masked first so that they are not read again. Returns only new codes,
// at most `limit`. Returns an empty vector when the transform does not apply to this frame.
// Before each read (of the image, of a tile, for another symbol after one was found), asks
// `detail_left` about the region with every symbol known or found so far: nothing left skips the
// read; once a symbol is masked, only the part left is read. Empty means always read everything.
std::vector<Candidate> RunPass(const cv::Mat& gray, Transform transform,
                               const DecodeOptions& options,
                               const std::vector<std::vector<cv::Point2f>>& known, int limit,
                               const DetailLeft& detail_left = {});

// Michelson-like contrast of the region under `corners` in `gray`, in [0, 1].
float RegionContrast(const cv::Mat& gray, const std::vector<cv::Point2f>& corners);

}  // namespace prokat::scanner::detail
