// PdfWriter: A4 portrait documents drawn with Cairo and Pango (font "DejaVu Sans" found through
// fontconfig), flowing top to bottom: headings, wrapped paragraphs (split across pages line by
// line), tables whose header row repeats on every page they continue on, images (PNG), QR codes
// drawn as vectors, and a footer "стр. N из M" on every page.
//
// Pages are drawn into recording surfaces and copied to the PDF surface by Finish(), once the
// page count is known. Units are PDF points (1/72 inch). Not thread-safe; one writer per
// document (distinct writers may be used on distinct threads).
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "prokat/core/result.hpp"

namespace prokat::documents {

enum class Align { kLeft, kCenter, kRight, kJustify };

struct TextStyle {
  double size = 10;  // points
  bool bold = false;
  bool italic = false;
  Align align = Align::kLeft;
  double indent = 0;  // first-line indent, points
};

struct TableColumn {
  std::string title;
  double weight = 1;  // share of the table's width
  Align align = Align::kLeft;
};

// One signature place: the caption above, the line with "/ name /" beside it, and the image of
// the signature drawn on screen over the line when one was captured.
struct SignatureLine {
  std::string caption;
  std::string name;   // empty: a blank to fill in by hand
  std::string image;  // PNG or JPEG bytes; empty when signed on paper
};

class PdfWriter {
 public:
  static constexpr double kPageWidth = 595.2756;   // A4, 210 mm
  static constexpr double kPageHeight = 841.8898;  // 297 mm
  static constexpr double kMm = 72.0 / 25.4;

  // `title` goes into the PDF's metadata.
  explicit PdfWriter(std::string title);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  double left() const { return left_; }
  double right() const { return kPageWidth - right_margin_; }
  double width() const { return right() - left_; }
  double y() const { return y_; }
  int page_count() const { return static_cast<int>(pages_.size()); }

  // Wrapped text over the full width (or `width` from `x` when given); long text continues on
  // the next page. Returns the height used on the last page.
  void Paragraph(std::string_view text, const TextStyle& style = {}, double space_after = 4);
  void Heading(std::string_view text, double size = 13);
  // Text at a fixed place of the current page, not moving the flow; returns its height.
  double TextAt(std::string_view text, double x, double y, double width, const TextStyle& style);
  void Space(double points);
  // Starts a new page unless `height` points still fit on this one.
  void KeepTogether(double height);
  void NewPage();

  // A bordered table; a row that does not fit goes to the next page under a repeated header.
  void Table(const std::vector<TableColumn>& columns,
             const std::vector<std::vector<std::string>>& rows, double font_size = 9);

  // Two-column "label: value" lines without borders (the parties, the family's details).
  void Fields(const std::vector<std::pair<std::string, std::string>>& fields, double label_width);

  // Signature places side by side: each a caption above "________ / name /", the captured
  // image's ink (its light background left out, cropped to the strokes) over the line. An
  // image that cannot be decoded leaves the bare line.
  void Signatures(const std::vector<SignatureLine>& signers);

  // A QR code from EncodeQrModules() (0 dark, 255 light), `side` points wide including a
  // 4-module quiet zone, at (x, y) on the current page; does not move the flow.
  void QrCode(const cv::Mat& modules, double x, double y, double side);
  // A PNG image scaled to (width x height) points at (x, y) on the current page.
  Result<void> PngImage(const std::string& png, double x, double y, double width, double height);

  // Without page numbers (label sheets). Default: "стр. N из M" at the foot of each page.
  void set_page_numbers(bool on) { page_numbers_ = on; }

  // The PDF bytes. REQUIRES: called once; nothing is drawn after it.
  Result<std::string> Finish();

 private:
  struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
  };
  using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

  LayoutPtr MakeLayout(std::string_view text, const TextStyle& style, double width);
  double LayoutHeight(PangoLayout* layout) const;
  void DrawTableRow(const std::vector<TableColumn>& columns, const std::vector<double>& widths,
                    const std::vector<LayoutPtr>& cells, double height, bool header);
  double Bottom() const { return kPageHeight - bottom_margin_; }

  std::string title_;
  double left_ = 20 * kMm, right_margin_ = 12 * kMm, top_ = 14 * kMm, bottom_margin_ = 16 * kMm;
  double y_ = 0;
  std::vector<cairo_surface_t*> pages_;  // recording surfaces, owned
  cairo_t* cr_ = nullptr;                // drawing into pages_.back()
  PangoContext* context_ = nullptr;      // owned; every layout's
  bool finished_ = false;
  bool page_numbers_ = true;
};

}  // namespace prokat::documents
