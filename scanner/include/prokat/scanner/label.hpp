// Label rendering: an item, kit or agreement label with its code(s), the human-readable
// inventory number and the name (Cyrillic welcome), as PNG, SVG or an image, sized for a
// 58x40 mm thermal label at 203 dpi or for A4 sheets of labels.
//
// Drawn with Cairo and Pango (font "DejaVu Sans", Debian fonts-dejavu-core); the barcode
// matrix comes from ZXing's writer. Bars and modules are whole printer dots, so a label
// printed at its own dpi is sharp. The SVG is drawn by the same code as the PNG (text as
// outlines, no fonts needed to view it).
//
// The payload's format (e.g. "PK1I000123X") belongs to the inventory module; these functions
// only encode what they are given. Thread-safe: the functions share no state.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "prokat/core/result.hpp"

namespace prokat::scanner {

enum class LabelSymbology {
  kCode128,
  kQrCode,
  kDataMatrix,
  kCode128AndQrCode,
  kCode128AndDataMatrix,
};

struct LabelSpec {
  std::string payload;  // what the code(s) encode. Code 128: printable ASCII only
  std::string number;   // the human-readable inventory number; empty: the payload
  std::string title;    // item, kit or agreement name, UTF-8; long names wrap, then ellipsise
  LabelSymbology symbology = LabelSymbology::kCode128AndDataMatrix;
};

struct LabelSize {
  double width_mm = 58;
  double height_mm = 40;
  int dpi = 203;

  static LabelSize Thermal58x40() { return {58, 40, 203}; }
  int WidthDots() const;  // width_mm at dpi, rounded down
  int HeightDots() const;
};

// A4 portrait page (210x297 mm) with a grid of labels; the default is the common 3 x 8 sheet
// of 70 x 37 mm labels without margins, rendered at 300 dpi.
struct SheetLayout {
  int columns = 3;
  int rows = 8;
  double label_width_mm = 70;
  double label_height_mm = 37;
  double left_mm = 0;  // page margin to the first column
  double top_mm = 0.5;
  double gap_x_mm = 0;  // between columns
  double gap_y_mm = 0;
  int dpi = 300;
  bool outlines = false;  // draw a hairline around each label (plain paper, to cut)

  int PerPage() const { return columns * rows; }
};

// The modules of a QR Code (UTF-8, ZXing's default error correction) encoding `payload`: a
// CV_8UC1 matrix with one element per module, 0 dark and 255 light, without the quiet zone
// (leave 4 modules of white around it). For documents that draw the code as vectors (PDF acts).
// Returns Error::InvalidArgument (field "payload") for an empty payload or one too long for QR.
Result<cv::Mat> EncodeQrModules(const std::string& payload);

// Renders the label as an 8-bit gray image (CV_8UC1, size.WidthDots() x size.HeightDots()).
// Returns Error::InvalidArgument (field "payload", "size") for an empty payload, a payload
// Code 128 cannot encode (non-ASCII), a code that does not fit the label at one dot per module,
// or a size under 10 x 10 mm or outside 72..1200 dpi.
Result<cv::Mat> RenderLabelImage(const LabelSpec& spec, const LabelSize& size = {});

// The same label as PNG bytes (8-bit gray).
Result<std::string> RenderLabelPng(const LabelSpec& spec, const LabelSize& size = {});

// The same label as a standalone SVG document, width and height in mm.
Result<std::string> RenderLabelSvg(const LabelSpec& spec, const LabelSize& size = {});

// Lays the labels on A4 pages in reading order. Returns one gray image per page (the last page
// may be partly empty), or the first label's error. An empty list gives no pages.
Result<std::vector<cv::Mat>> RenderSheetImages(const std::vector<LabelSpec>& labels,
                                               const SheetLayout& layout = {});

// The same pages as PNG bytes, for the documents module to put into PDFs.
Result<std::vector<std::string>> RenderSheetPngs(const std::vector<LabelSpec>& labels,
                                                 const SheetLayout& layout = {});

}  // namespace prokat::scanner
