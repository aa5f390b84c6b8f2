#include "prokat/scanner/label.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <opencv2/imgcodecs.hpp>

#include "label_draw.hpp"

namespace prokat::scanner {
namespace {

double DotsPerMm(int dpi) { return dpi / 25.4; }

Result<ZXing::BitMatrix> Encode(ZXing::BarcodeFormat format, const std::string& payload) {
  try {
    auto writer = ZXing::MultiFormatWriter(format).setMargin(0);
    if (format != ZXing::BarcodeFormat::Code128) writer.setEncoding(ZXing::CharacterSet::UTF8);
    return writer.encode(payload, 0, format == ZXing::BarcodeFormat::Code128 ? 1 : 0);
  } catch (const std::exception& e) {
    return Error::InvalidArgument(std::string("cannot encode the payload: ") + e.what(), "payload");
  }
}

// Fills the set modules of `bits` with `module` x `module` (or module x height) rectangles.
void DrawMatrix(cairo_t* cr, const ZXing::BitMatrix& bits, double x, double y, int module,
                int bar_height) {
  const bool linear = bar_height > 0;
  for (int row = 0; row < (linear ? 1 : bits.height()); ++row) {
    for (int col = 0; col < bits.width(); ++col) {
      if (!bits.get(col, row)) continue;
      cairo_rectangle(cr, x + col * module, y + row * module, module, linear ? bar_height : module);
    }
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
}

// Draws `text` in a box at (x, y) of width w: wrapped to at most `lines`, ellipsised, centred
// when `center`. Returns the height used.
double DrawText(cairo_t* cr, const std::string& text, double x, double y, double w, double px,
                bool bold, bool mono, int lines, bool center) {
  if (text.empty()) return 0;
  std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_cairo_create_layout(cr),
                                                                 g_object_unref);
  std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
      pango_font_description_new(), pango_font_description_free);
  pango_font_description_set_family(font.get(), mono ? "DejaVu Sans Mono" : "DejaVu Sans");
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), px * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(w * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height(layout.get(), -lines);
  pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment(layout.get(), center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout.get(), text.c_str(), -1);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  int width = 0, height = 0;
  pango_layout_get_pixel_size(layout.get(), &width, &height);
  return height;
}

cv::Mat SurfaceToGray(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
  const cv::Mat argb(h, w, CV_8UC4, cairo_image_surface_get_data(surface),
                     cairo_image_surface_get_stride(surface));
  cv::Mat gray;
  cv::extractChannel(argb, gray, 1);  // RGB24 drawn in black and white: any colour channel
  return gray;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

int LabelSize::WidthDots() const { return static_cast<int>(width_mm * DotsPerMm(dpi)); }
int LabelSize::HeightDots() const { return static_cast<int>(height_mm * DotsPerMm(dpi)); }

namespace detail {

Result<void> DrawLabel(cairo_t* cr, const LabelSpec& spec, const LabelSize& size) {
  if (spec.payload.empty()) return Error::InvalidArgument("the payload is empty", "payload");
  if (size.width_mm < 10 || size.height_mm < 10 || size.dpi < 72 || size.dpi > 1200) {
    return Error::InvalidArgument("label size out of range", "size");
  }
  const bool linear = spec.symbology == LabelSymbology::kCode128 ||
                      spec.symbology == LabelSymbology::kCode128AndQrCode ||
                      spec.symbology == LabelSymbology::kCode128AndDataMatrix;
  std::optional<ZXing::BarcodeFormat> matrix;
  if (spec.symbology == LabelSymbology::kQrCode ||
      spec.symbology == LabelSymbology::kCode128AndQrCode) {
    matrix = ZXing::BarcodeFormat::QRCode;
  } else if (spec.symbology == LabelSymbology::kDataMatrix ||
             spec.symbology == LabelSymbology::kCode128AndDataMatrix) {
    matrix = ZXing::BarcodeFormat::DataMatrix;
  }
  if (linear && !std::all_of(spec.payload.begin(), spec.payload.end(),
                             [](char c) { return c >= 0x20 && c < 0x7f; })) {
    return Error::InvalidArgument("Code 128 labels take printable ASCII payloads only", "payload");
  }

  const double mm = DotsPerMm(size.dpi);
  const double w = size.WidthDots(), h = size.HeightDots();
  const double margin = std::round(2 * mm);
  const double inner_w = w - 2 * margin;
  const std::string& number = spec.number.empty() ? spec.payload : spec.number;

  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);  // whole-dot bars and modules

  double y = margin;
  double bottom = h - margin;
  // Bottom line: the human-readable number.
  const double number_px = std::round(3.6 * mm);
  bottom -= number_px * 1.25;
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
  DrawText(cr, number, margin, bottom, inner_w, number_px, true, true, 1, true);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  bottom -= std::round(0.5 * mm);

  double text_x = margin, text_w = inner_w;
  if (matrix) {
    auto bits = Encode(*matrix, spec.payload);
    if (!bits.ok()) return bits.error();
    const int quiet = 2;  // modules, each side (DataMatrix needs 1, QR 4; 2 reads reliably)
    // The square: the upper part when a Code 128 shares the label, else everything above the
    // number.
    const double avail = linear ? std::min((bottom - y) * 0.45, inner_w * 0.4) : bottom - y;
    const int module = static_cast<int>(avail / (bits->width() + 2 * quiet));
    if (module < 1) return Error::InvalidArgument("the 2D code does not fit the label", "payload");
    const double side = module * (bits->width() + 2 * quiet);
    DrawMatrix(cr, *bits, margin + quiet * module, y + quiet * module, module, 0);
    text_x = margin + side + std::round(1 * mm);
    text_w = w - margin - text_x;
    if (linear) {
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
      DrawText(cr, spec.title, text_x, y, text_w, std::round(3.0 * mm), true, false, 3, false);
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
      y += side + std::round(1 * mm);
    } else {
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
      DrawText(cr, spec.title, text_x, y, text_w, std::round(3.2 * mm), true, false, 5, false);
      return {};
    }
  } else {
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    y += DrawText(cr, spec.title, margin, y, inner_w, std::round(3.2 * mm), true, false, 2, true);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    y += std::round(1 * mm);
  }
  if (linear) {
    auto bits = Encode(ZXing::BarcodeFormat::Code128, spec.payload);
    if (!bits.ok()) return bits.error();
    constexpr int kQuiet = 10;  // modules each side (ISO/IEC 15417)
    const int module = static_cast<int>(w / (bits->width() + 2 * kQuiet));
    if (module < 1 || bottom - y < 5 * mm) {
      return Error::InvalidArgument("the Code 128 does not fit the label", "payload");
    }
    const double x = std::floor((w - module * bits->width()) / 2);
    DrawMatrix(cr, *bits, x, y, module, static_cast<int>(bottom - y));
  }
  return {};
}

}  // namespace detail

Result<cv::Mat> EncodeQrModules(const std::string& payload) {
  if (payload.empty()) return Error::InvalidArgument("the payload is empty", "payload");
  auto bits = Encode(ZXing::BarcodeFormat::QRCode, payload);
  if (!bits.ok()) return bits.error();
  cv::Mat modules(bits->height(), bits->width(), CV_8UC1, cv::Scalar(255));
  for (int row = 0; row < bits->height(); ++row) {
    for (int col = 0; col < bits->width(); ++col) {
      if (bits->get(col, row)) modules.at<uchar>(row, col) = 0;
    }
  }
  return modules;
}

Result<cv::Mat> RenderLabelImage(const LabelSpec& spec, const LabelSize& size) {
  if (size.dpi < 72 || size.dpi > 1200 || size.width_mm < 10 || size.height_mm < 10 ||
      size.width_mm > 1000 || size.height_mm > 1000) {
    return Error::InvalidArgument("label size out of range", "size");
  }
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, size.WidthDots(), size.HeightDots()),
      cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
  if (auto drawn = detail::DrawLabel(cr.get(), spec, size); !drawn.ok()) return drawn.error();
  return SurfaceToGray(surface.get()).clone();
}

Result<std::string> RenderLabelPng(const LabelSpec& spec, const LabelSize& size) {
  auto image = RenderLabelImage(spec, size);
  if (!image.ok()) return image.error();
  std::vector<uchar> png;
  if (!cv::imencode(".png", *image, png)) return Error::Internal("PNG encoding failed");
  return std::string(png.begin(), png.end());
}

Result<std::string> RenderLabelSvg(const LabelSpec& spec, const LabelSize& size) {
  if (size.dpi < 72 || size.dpi > 1200) return Error::InvalidArgument("dpi out of range", "size");
  std::string svg;
  // With the document unit set to mm, the surface's user unit is one millimetre.
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_svg_surface_create_for_stream(AppendToString, &svg, size.width_mm, size.height_mm),
      cairo_surface_destroy);
  cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_MM);
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    // Draw in printer dots, like the PNG.
    cairo_scale(cr.get(), 25.4 / size.dpi, 25.4 / size.dpi);
    if (auto drawn = detail::DrawLabel(cr.get(), spec, size); !drawn.ok()) return drawn.error();
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error::Internal("SVG rendering failed");
  }
  return svg;
}

}  // namespace prokat::scanner
