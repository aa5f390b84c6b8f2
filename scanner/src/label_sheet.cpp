#include <cmath>
#include <memory>

#include <cairo.h>
#include <opencv2/imgcodecs.hpp>

#include "label_draw.hpp"
#include "prokat/scanner/label.hpp"

namespace prokat::scanner {

Result<std::vector<cv::Mat>> RenderSheetImages(const std::vector<LabelSpec>& labels,
                                               const SheetLayout& layout) {
  if (layout.columns < 1 || layout.rows < 1 || layout.dpi < 72 || layout.dpi > 1200) {
    return Error::InvalidArgument("sheet layout out of range", "layout");
  }
  const double mm = layout.dpi / 25.4;
  if (layout.left_mm + layout.columns * layout.label_width_mm +
              (layout.columns - 1) * layout.gap_x_mm >
          210.01 ||
      layout.top_mm + layout.rows * layout.label_height_mm + (layout.rows - 1) * layout.gap_y_mm >
          297.01) {
    return Error::InvalidArgument("the labels do not fit on A4", "layout");
  }
  const LabelSize cell{layout.label_width_mm, layout.label_height_mm, layout.dpi};
  std::vector<cv::Mat> pages;
  for (size_t first = 0; first < labels.size(); first += layout.PerPage()) {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(210 * mm),
                                   static_cast<int>(297 * mm)),
        cairo_surface_destroy);
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    for (int i = 0; i < layout.PerPage() && first + i < labels.size(); ++i) {
      const int col = i % layout.columns, row = i / layout.columns;
      const double x =
          std::round((layout.left_mm + col * (layout.label_width_mm + layout.gap_x_mm)) * mm);
      const double y =
          std::round((layout.top_mm + row * (layout.label_height_mm + layout.gap_y_mm)) * mm);
      cairo_save(cr.get());
      cairo_translate(cr.get(), x, y);
      cairo_rectangle(cr.get(), 0, 0, cell.WidthDots(), cell.HeightDots());
      cairo_clip(cr.get());
      auto drawn = detail::DrawLabel(cr.get(), labels[first + i], cell);
      if (!drawn.ok()) return drawn.error();
      if (layout.outlines) {
        cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_NONE);
        cairo_set_source_rgb(cr.get(), 0.6, 0.6, 0.6);
        cairo_set_line_width(cr.get(), 1);
        cairo_rectangle(cr.get(), 0.5, 0.5, cell.WidthDots() - 1, cell.HeightDots() - 1);
        cairo_stroke(cr.get());
      }
      cairo_restore(cr.get());
    }
    cairo_surface_flush(surface.get());
    const cv::Mat argb(cairo_image_surface_get_height(surface.get()),
                       cairo_image_surface_get_width(surface.get()), CV_8UC4,
                       cairo_image_surface_get_data(surface.get()),
                       cairo_image_surface_get_stride(surface.get()));
    cv::Mat gray;
    cv::extractChannel(argb, gray, 1);
    pages.push_back(gray);
  }
  return pages;
}

Result<std::vector<std::string>> RenderSheetPngs(const std::vector<LabelSpec>& labels,
                                                 const SheetLayout& layout) {
  auto pages = RenderSheetImages(labels, layout);
  if (!pages.ok()) return pages.error();
  std::vector<std::string> out;
  for (const auto& page : *pages) {
    std::vector<uchar> png;
    if (!cv::imencode(".png", page, png)) return Error::Internal("PNG encoding failed");
    out.emplace_back(png.begin(), png.end());
  }
  return out;
}

}  // namespace prokat::scanner
