#include "pdf_writer.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>

#include <opencv2/imgcodecs.hpp>

namespace prokat::documents {

namespace {

constexpr double kCellPad = 2.5;
constexpr const char* kFont = "DejaVu Sans";

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct PngReader {
  const std::string& data;
  std::size_t offset = 0;
};

cairo_status_t ReadFromString(void* closure, unsigned char* out, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->data.size() - r->offset < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(out, r->data.data() + r->offset, length);
  r->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

// The ink of a signature image as a premultiplied ARGB surface cropped to the strokes (with a
// small margin): dark pixels opaque, the pad's white background and light guide line
// transparent, partly dark (antialiased) edges partly. nullptr when the bytes are not an
// image or hold no ink.
SurfacePtr SignatureInk(const std::string& bytes) {
  if (bytes.empty()) return nullptr;
  const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8UC1,
                        const_cast<char*>(bytes.data()));
  cv::Mat img = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
  if (img.empty() || img.depth() != CV_8U) return nullptr;
  const int channels = img.channels();
  if (channels != 1 && channels != 3 && channels != 4) return nullptr;
  cv::Mat alpha(img.rows, img.cols, CV_8UC1);
  int top = img.rows, bottom = -1, left = img.cols, right = -1;
  for (int y = 0; y < img.rows; ++y) {
    const uchar* p = img.ptr<uchar>(y);
    for (int x = 0; x < img.cols; ++x, p += channels) {
      const double lum = channels == 1 ? p[0] : 0.114 * p[0] + 0.587 * p[1] + 0.299 * p[2];
      double a = std::clamp((200.0 - lum) / 80.0, 0.0, 1.0);
      if (channels == 4) a *= p[3] / 255.0;
      alpha.at<uchar>(y, x) = static_cast<uchar>(a * 255 + 0.5);
      if (a > 0.25) {
        top = std::min(top, y), bottom = std::max(bottom, y);
        left = std::min(left, x), right = std::max(right, x);
      }
    }
  }
  if (bottom < 0) return nullptr;
  const int margin = 4;
  top = std::max(0, top - margin), left = std::max(0, left - margin);
  bottom = std::min(img.rows - 1, bottom + margin), right = std::min(img.cols - 1, right + margin);
  const int w = right - left + 1, h = bottom - top + 1;
  SurfacePtr out(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
  if (cairo_surface_status(out.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  cairo_surface_flush(out.get());
  unsigned char* data = cairo_image_surface_get_data(out.get());
  const int stride = cairo_image_surface_get_stride(out.get());
  for (int y = 0; y < h; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < w; ++x) {
      const uchar* p = img.ptr<uchar>(top + y) + static_cast<std::ptrdiff_t>(left + x) * channels;
      const std::uint32_t a = alpha.at<uchar>(top + y, left + x);
      const std::uint32_t b = p[0], g = channels == 1 ? p[0] : p[1],
                          r = channels == 1 ? p[0] : p[2];
      row[x] = a << 24 | (r * a / 255) << 16 | (g * a / 255) << 8 | (b * a / 255);
    }
  }
  cairo_surface_mark_dirty(out.get());
  return out;
}

PangoAlignment ToPango(Align a) {
  switch (a) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    default:
      return PANGO_ALIGN_LEFT;
  }
}

}  // namespace

PdfWriter::PdfWriter(std::string title) : title_(std::move(title)) {
  NewPage();
  // One Pango context for every layout of the document (a context per layout costs more than
  // the layout). Outline metrics, not hinted ones: the PDF is scaled freely by whoever views it.
  context_ = pango_cairo_create_context(cr_);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
}

PdfWriter::~PdfWriter() {
  if (context_) g_object_unref(context_);
  if (cr_) cairo_destroy(cr_);
  for (auto* page : pages_) cairo_surface_destroy(page);
}

void PdfWriter::NewPage() {
  cairo_rectangle_t extents{0, 0, kPageWidth, kPageHeight};
  pages_.push_back(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
  if (cr_) cairo_destroy(cr_);
  cr_ = cairo_create(pages_.back());
  cairo_set_source_rgb(cr_, 0, 0, 0);
  y_ = top_;
}

PdfWriter::LayoutPtr PdfWriter::MakeLayout(std::string_view text, const TextStyle& style,
                                           double width) {
  LayoutPtr layout(pango_layout_new(context_));

  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFont);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  pango_layout_set_width(layout.get(), static_cast<int>(std::max(width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), ToPango(style.align));
  pango_layout_set_justify(layout.get(), style.align == Align::kJustify);
  pango_layout_set_indent(layout.get(), static_cast<int>(style.indent * PANGO_SCALE));
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

double PdfWriter::LayoutHeight(PangoLayout* layout) const {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.height) / PANGO_SCALE;
}

void PdfWriter::Paragraph(std::string_view text, const TextStyle& style, double space_after) {
  if (text.empty()) {
    Space(style.size * 1.2 + space_after);
    return;
  }
  auto layout = MakeLayout(text, style, width());
  PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
  // shift: where the layout's origin lies on the current page.
  double shift = y_;
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
    const double line_h = static_cast<double>(logical.height) / PANGO_SCALE;
    if (shift + line_top + line_h > Bottom() && shift + line_top > top_ + 0.5) {
      NewPage();
      shift = top_ - line_top;
    }
    const double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
    cairo_move_to(cr_, left_ + static_cast<double>(logical.x) / PANGO_SCALE, shift + baseline);
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(iter));
    y_ = shift + line_top + line_h;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  y_ += space_after;
}

void PdfWriter::Heading(std::string_view text, double size) {
  KeepTogether(size * 4);
  Paragraph(text, {.size = size, .bold = true, .align = Align::kCenter}, size * 0.5);
}

double PdfWriter::TextAt(std::string_view text, double x, double y, double width,
                         const TextStyle& style) {
  auto layout = MakeLayout(text, style, width);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout.get());
  return LayoutHeight(layout.get());
}

void PdfWriter::Space(double points) {
  y_ += points;
  if (y_ > Bottom()) NewPage();
}

void PdfWriter::KeepTogether(double height) {
  if (y_ + height > Bottom() && y_ > top_ + 0.5) NewPage();
}

void PdfWriter::DrawTableRow(const std::vector<TableColumn>& columns,
                             const std::vector<double>& widths, const std::vector<LayoutPtr>& cells,
                             double height, bool header) {
  double x = left_;
  cairo_set_line_width(cr_, 0.5);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    cairo_rectangle(cr_, x, y_, widths[i], height);
    if (header) {
      cairo_set_source_rgb(cr_, 0.9, 0.9, 0.9);
      cairo_fill_preserve(cr_);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_stroke(cr_);
    cairo_move_to(cr_, x + kCellPad, y_ + kCellPad);
    pango_cairo_show_layout(cr_, cells[i].get());
    x += widths[i];
  }
  y_ += height;
}

void PdfWriter::Table(const std::vector<TableColumn>& columns,
                      const std::vector<std::vector<std::string>>& rows, double font_size) {
  const double total = std::accumulate(columns.begin(), columns.end(), 0.0,
                                       [](double s, const TableColumn& c) { return s + c.weight; });
  std::vector<double> widths;
  for (const auto& c : columns) widths.push_back(width() * c.weight / total);

  auto make_row = [&](const std::vector<std::string>& texts, bool header, double* height) {
    std::vector<LayoutPtr> cells;
    *height = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      TextStyle style{
          .size = font_size, .bold = header, .align = header ? Align::kCenter : columns[i].align};
      cells.push_back(
          MakeLayout(i < texts.size() ? texts[i] : std::string(), style, widths[i] - 2 * kCellPad));
      *height = std::max(*height, LayoutHeight(cells.back().get()) + 2 * kCellPad);
    }
    return cells;
  };
  std::vector<std::string> titles;
  for (const auto& c : columns) titles.push_back(c.title);
  double header_h = 0;
  auto header = make_row(titles, true, &header_h);

  double first_h = 0;
  if (!rows.empty()) make_row(rows.front(), false, &first_h);
  KeepTogether(header_h + first_h);
  DrawTableRow(columns, widths, header, header_h, true);
  for (const auto& row : rows) {
    double h = 0;
    auto cells = make_row(row, false, &h);
    if (y_ + h > Bottom()) {
      NewPage();
      header = make_row(titles, true, &header_h);
      DrawTableRow(columns, widths, header, header_h, true);
    }
    DrawTableRow(columns, widths, cells, h, false);
  }
  y_ += 6;
}

void PdfWriter::Fields(const std::vector<std::pair<std::string, std::string>>& fields,
                       double label_width) {
  for (const auto& [label, value] : fields) {
    auto l = MakeLayout(label, {.size = 10, .bold = true}, label_width - 6);
    auto v = MakeLayout(value, {.size = 10}, width() - label_width);
    const double h = std::max(LayoutHeight(l.get()), LayoutHeight(v.get()));
    KeepTogether(h);
    cairo_move_to(cr_, left_, y_);
    pango_cairo_show_layout(cr_, l.get());
    cairo_move_to(cr_, left_ + label_width, y_);
    pango_cairo_show_layout(cr_, v.get());
    y_ += h + 2;
  }
  y_ += 4;
}

void PdfWriter::Signatures(const std::vector<SignatureLine>& signers) {
  if (signers.empty()) return;
  const double gap = 8 * kMm;
  const double col = (width() - gap * static_cast<double>(signers.size() - 1)) /
                     static_cast<double>(signers.size());
  std::vector<SurfacePtr> inks;
  bool any_ink = false;
  for (const auto& s : signers) {
    inks.push_back(SignatureInk(s.image));
    any_ink = any_ink || inks.back();
  }
  // Room above the line for a drawn signature (it may dip a little below the line).
  const double above = any_ink ? 40 : 24;
  KeepTogether(above + 46);
  double used = 0;
  for (std::size_t i = 0; i < signers.size(); ++i) {
    const double x = left_ + static_cast<double>(i) * (col + gap);
    const double h = TextAt(signers[i].caption, x, y_, col, {.size = 10, .bold = true});
    const double line_y = y_ + h + above;
    const double line_w = col * 0.45;
    if (cairo_surface_t* ink = inks[i].get()) {
      const double box_h = above - 4 + 3, box_top = line_y - above + 4;
      const double iw = cairo_image_surface_get_width(ink),
                   ih = cairo_image_surface_get_height(ink);
      const double scale = std::min(line_w / iw, box_h / ih);
      cairo_save(cr_);
      cairo_translate(cr_, x + (line_w - iw * scale) / 2, box_top + box_h - ih * scale);
      cairo_scale(cr_, scale, scale);
      cairo_set_source_surface(cr_, ink, 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
    }
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, x, line_y);
    cairo_line_to(cr_, x + line_w, line_y);
    cairo_stroke(cr_);
    // The name's last line stands on the line, however many lines it wraps to.
    const std::string& who = signers[i].name.empty() ? "________________" : signers[i].name;
    auto name = MakeLayout("/ " + who + " /", {.size = 9}, col * 0.53);
    cairo_move_to(cr_, x + col * 0.47, line_y - LayoutHeight(name.get()) - 0.5);
    pango_cairo_show_layout(cr_, name.get());
    TextAt("подпись", x, line_y + 1, line_w, {.size = 7, .italic = true, .align = Align::kCenter});
    used = std::max(used, h + above + 12);
  }
  y_ += used + 8;
}

void PdfWriter::QrCode(const cv::Mat& modules, double x, double y, double side) {
  const int n = modules.cols;
  const double module = side / (n + 8);
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_rectangle(cr_, x, y, side, side);
  cairo_fill(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  for (int row = 0; row < modules.rows; ++row) {
    for (int c = 0; c < n; ++c) {
      if (modules.at<uchar>(row, c) != 0) continue;
      cairo_rectangle(cr_, x + (4 + c) * module, y + (4 + row) * module, module, module);
    }
  }
  cairo_fill(cr_);
  cairo_restore(cr_);
}

Result<void> PdfWriter::PngImage(const std::string& png, double x, double y, double width,
                                 double height) {
  PngReader reader{png};
  cairo_surface_t* image = cairo_image_surface_create_from_png_stream(ReadFromString, &reader);
  if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(image);
    return Error::InvalidArgument("not a PNG image", "image");
  }
  const double w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_scale(cr_, width / w, height / h);
  cairo_set_source_surface(cr_, image, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
  cairo_paint(cr_);
  cairo_restore(cr_);
  cairo_surface_destroy(image);
  return {};
}

Result<std::string> PdfWriter::Finish() {
  if (finished_) return Error::Internal("PdfWriter::Finish called twice");
  finished_ = true;
  cairo_destroy(cr_);
  cr_ = nullptr;
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title_.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Prokat");
  cairo_t* cr = cairo_create(surface);
  const int total = page_count();
  for (int i = 0; i < total; ++i) {
    cairo_set_source_surface(cr, pages_[static_cast<std::size_t>(i)], 0, 0);
    cairo_paint(cr);
    if (!page_numbers_) {
      cairo_show_page(cr);
      continue;
    }
    cr_ = cr;  // MakeLayout draws through cr_
    const std::string footer = "стр. " + std::to_string(i + 1) + " из " + std::to_string(total);
    cairo_set_source_rgb(cr, 0, 0, 0);
    TextAt(footer, left_, kPageHeight - bottom_margin_ + 5 * kMm, width(),
           {.size = 8, .align = Align::kRight});
    cr_ = nullptr;
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return Error::Internal(std::string("PDF rendering failed: ") + cairo_status_to_string(status));
  return pdf;
}

}  // namespace prokat::documents
