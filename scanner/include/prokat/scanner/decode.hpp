// Decoding barcodes from one frame. Decode() is a pure function of the frame and the options:
// the same input gives the same codes, nothing is cached between calls, and no image can crash
// the process (see "Safety" below).
//
// Speed: the passes read only the part of the frame that has any detail (the bounding box of
// the cells with edges, looked for on the frame scaled to 640 px, where sensor noise averages
// out); a featureless frame (nothing in view, a flat wall, noise) returns no codes at once,
// without any pass. When the plain pass reads nothing, the retries run only if the frame shows
// signs of a symbol (DecodeOptions::retry_only_on_evidence).
//
// Safety: Debian's libzxing 1.4.0 is built with assertions, and ZXing::ReadBarcodes() (several
// symbols at once) aborts the process on some images. Decode() therefore never calls it: it
// calls ZXing::ReadBarcode() (one symbol) repeatedly and masks each symbol it found before the
// next call, then retries on transformed copies of the frame (other binarizer, scales,
// sharpening, inversion, rotation) while the time budget lasts.
//
// Thread-safety: Decode() and the helpers here may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace prokat::scanner {

// The symbologies the scanner reads and writes. Values are a bit set (CodeFormats).
enum class CodeFormat : unsigned {
  kCode128 = 1u << 0,
  kCode39 = 1u << 1,
  kEan13 = 1u << 2,
  kEan8 = 1u << 3,
  kUpcA = 1u << 4,
  kUpcE = 1u << 5,
  kQrCode = 1u << 6,
  kDataMatrix = 1u << 7,
};

// A set of CodeFormat values.
using CodeFormats = unsigned;
constexpr CodeFormats operator|(CodeFormat a, CodeFormat b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr CodeFormats operator|(CodeFormats a, CodeFormat b) {
  return a | static_cast<unsigned>(b);
}
constexpr bool Contains(CodeFormats set, CodeFormat f) {
  return (set & static_cast<unsigned>(f)) != 0;
}

// Code 128, QR Code, DataMatrix, EAN-13, EAN-8, Code 39.
inline constexpr CodeFormats kDefaultFormats = CodeFormat::kCode128 | CodeFormat::kQrCode |
                                               CodeFormat::kDataMatrix | CodeFormat::kEan13 |
                                               CodeFormat::kEan8 | CodeFormat::kCode39;

// Stable names: "Code128", "Code39", "EAN-13", "EAN-8", "UPC-A", "UPC-E", "QRCode", "DataMatrix".
std::string_view FormatName(CodeFormat format) noexcept;
// Parses a FormatName() (case-insensitive; also "qr", "dm", "ean13", "ean8", "code128", ...).
// Returns std::nullopt for an unknown name.
std::optional<CodeFormat> ParseFormat(std::string_view name) noexcept;

// One symbol found in a frame.
struct DecodedCode {
  CodeFormat format = CodeFormat::kCode128;
  std::string text;   // UTF-8, exactly as encoded (may contain '\n' or other control bytes)
  std::string bytes;  // the symbol's raw content bytes, before character-set decoding
  // Corners in frame pixel coordinates, in symbol order (top-left, top-right, bottom-right,
  // bottom-left as the symbol reads). For linear codes the quadrilateral covers the bars.
  std::vector<cv::Point2f> corners;
  // Heuristic confidence in [0, 1], higher is better: the symbol's contrast, lowered when only a
  // retry (transformed frame) read it. Useful for ranking and thresholds, not a probability.
  float quality = 0;
  int pass = 0;  // index of the decode pass that found it (0 = the plain pass)

  cv::Point2f Center() const;
};

struct DecodeOptions {
  CodeFormats formats = kDefaultFormats;
  // At most this many symbols per frame. REQUIRES: >= 1.
  int max_symbols = 8;
  // Wall-clock budget for the retry passes after the first (plain) pass, which always runs to
  // the end. Zero means no retries; std::nullopt means no limit (all retries run, deterministic).
  std::optional<std::chrono::milliseconds> retry_budget = std::chrono::milliseconds(150);
  // Retries run only when the plain pass found fewer than this many symbols. With the default 1,
  // a frame where something was already read costs a single pass.
  int retry_below = 1;
  // Retries run only when the frame shows signs of a symbol that the plain pass missed: bars
  // (several parallel edges in a row, in one direction) or two QR finder patterns. A frame with
  // detail but no code (a desk, a face, text) then costs the plain pass and a survey of about a
  // tenth of it. Off: every retry runs while the budget lasts (still photos, where a retry that
  // reads an inverted or off-centre DataMatrix with nothing else in view is worth its time).
  bool retry_only_on_evidence = true;
  // Asked before each retry pass; when it returns true the remaining retries are skipped. A live
  // loop passes "a newer frame has arrived", so that an empty frame is not polished while its
  // successor waits. Called on the decoding thread; empty means never.
  std::function<bool()> stop_retrying;
  // Code 39 full-ASCII ("extended") mode: "+A" reads as "a". Off by default as in ZXing.
  bool code39_extended = false;
  // An extra acceptance test run on every candidate after the built-in ones (EAN/UPC check
  // digits). Codes it rejects are dropped as misreads. Use it for a payload's own check
  // character. Must be thread-safe if Decode() is called concurrently with the same options.
  std::function<bool(CodeFormat, std::string_view)> accept;
};

// Decodes the symbols of `formats` in `frame`.
// Accepts CV_8U, CV_16U or CV_32F frames with 1 (gray), 3 (BGR) or 4 (BGRA) channels; any row
// step is honoured (a cropped ROI works). Returns the codes in the order found, each distinct
// (format, text) once (two identical labels in view are one code), an empty vector when there
// are none, and an empty vector for an empty frame or an unsupported pixel type
// (see IsSupportedFrame). Never throws for image content.
std::vector<DecodedCode> Decode(const cv::Mat& frame, const DecodeOptions& options = {});

// True when Decode() can read this frame's pixel type (non-empty, depth and channels above).
bool IsSupportedFrame(const cv::Mat& frame) noexcept;

// True when `digits` is all decimal digits, of length 8, 12 or 13 (EAN-8, UPC-A, EAN-13), and
// the last digit is the GS1 mod-10 check digit of the others.
bool HasValidGtinCheckDigit(std::string_view digits) noexcept;

// True when an UPC-E text (8 digits: number system, 6 data digits, check digit) has the check
// digit of its expansion to UPC-A.
bool HasValidUpcECheckDigit(std::string_view digits) noexcept;

}  // namespace prokat::scanner
