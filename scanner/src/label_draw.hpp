// Private: the one drawing routine behind the PNG, SVG and sheet renderers.
#pragma once

#include <cairo.h>

#include "prokat/core/result.hpp"
#include "prokat/scanner/label.hpp"

namespace prokat::scanner::detail {

// Draws the label into `cr`, whose user units are printer dots at size.dpi, origin top-left.
Result<void> DrawLabel(cairo_t* cr, const LabelSpec& spec, const LabelSize& size);

}  // namespace prokat::scanner::detail
