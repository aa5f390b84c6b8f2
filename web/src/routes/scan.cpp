// Scanned codes and printed labels:
//   GET  /api/v1/lookup?code=...            what a scanned string refers to
//   POST /api/v1/scan/decode                a JPEG/PNG photo (raw body) -> its codes, each looked
//   up GET  /api/v1/items/{id}/label.png|svg   the item's label, for printing
#include <boost/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/images.hpp"
#include "api/json_catalog.hpp"
#include "prokat/scanner/decode.hpp"
#include "prokat/scanner/label.hpp"
#include "routes/catalog_input.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

// The scanner's symbology from the query's name, as `prokat-scan label --code` takes it.
std::optional<scanner::LabelSymbology> ParseSymbology(std::string_view name) {
  using enum scanner::LabelSymbology;
  if (name == "code128+datamatrix") return kCode128AndDataMatrix;
  if (name == "code128+qr") return kCode128AndQrCode;
  if (name == "code128") return kCode128;
  if (name == "qr") return kQrCode;
  if (name == "datamatrix") return kDataMatrix;
  return std::nullopt;
}

// GET /api/v1/items/{id}/label.(png|svg)?code=code128+datamatrix&width_mm=58&height_mm=40&dpi=203
Response LabelResponse(inventory::CatalogService& catalog, RouteContext& ctx, bool svg) {
  auto id = ctx.IdParam();
  if (!id) return ErrorToResponse(Error::NotFound("no such item"));
  QueryReader query(ctx.url);
  auto code = query.String("code", 32).value_or("code128+datamatrix");
  auto symbology = ParseSymbology(code);
  if (!symbology)
    query.Fail("code", "must be code128+datamatrix, code128+qr, code128, qr or datamatrix");
  scanner::LabelSize size;
  size.width_mm = static_cast<double>(query.Int("width_mm", 20, 150).value_or(58));
  size.height_mm = static_cast<double>(query.Int("height_mm", 15, 150).value_or(40));
  size.dpi = static_cast<int>(query.Int("dpi", 72, 600).value_or(203));
  if (query.error()) return ErrorToResponse(*query.error());
  auto item = catalog.GetItem(ctx.actor(), inventory::ItemId(*id));
  if (!item.ok()) return ErrorToResponse(item.error(), catalog::kFieldNames);
  const scanner::LabelSpec spec{item->label, item->inventory_number, item->name, *symbology};
  auto bytes = svg ? scanner::RenderLabelSvg(spec, size) : scanner::RenderLabelPng(spec, size);
  if (!bytes.ok()) return ErrorToResponse(bytes.error());
  Response res{http::status::ok, ctx.request.version()};
  res.set(http::field::content_type, svg ? "image/svg+xml" : "image/png");
  res.set(http::field::cache_control, "no-store");
  res.set(http::field::content_disposition,
          "inline; filename=\"label-" + std::to_string(*id) + (svg ? ".svg\"" : ".png\""));
  res.body() = std::move(*bytes);
  res.prepare_payload();
  return res;
}

}  // namespace

void AddScanRoutes(Router& router, inventory::CatalogService& catalog,
                   inventory::LookupService& lookup) {
  router.Add(http::verb::get, "/api/v1/lookup", [&catalog, &lookup](RouteContext& ctx) {
    QueryReader query(ctx.url);
    auto code = query.String("code", 500);
    if (!query.error() && !code) query.Fail("code", "is required");
    if (query.error()) return ErrorToResponse(*query.error());
    auto found = lookup.Resolve(ctx.actor(), *code);
    if (!found.ok()) return ErrorToResponse(found.error(), catalog::kFieldNames);
    return JsonResponse(http::status::ok, ToJson(*found, ctx.session->role));
  });

  router.Add(http::verb::post, "/api/v1/scan/decode", [&catalog, &lookup](RouteContext& ctx) {
    auto image = DecodeImageBody(ctx.request, kMaxPhotoBytes, cv::IMREAD_GRAYSCALE);
    if (auto* refusal = std::get_if<Response>(&image)) return std::move(*refusal);
    const cv::Mat& frame = std::get<cv::Mat>(image);

    scanner::DecodeOptions options;
    // A photo, not a live frame: every retry while 500 ms last, signs of a symbol or not.
    options.retry_budget = std::chrono::milliseconds(500);
    options.retry_only_on_evidence = false;
    json::array codes;
    for (const auto& code : scanner::Decode(frame, options)) {
      auto found = lookup.Resolve(ctx.actor(), code.text);
      if (!found.ok()) return ErrorToResponse(found.error(), catalog::kFieldNames);
      codes.push_back(json::object{{"text", code.text},
                                   {"format", scanner::FormatName(code.format)},
                                   {"quality", static_cast<double>(code.quality)},
                                   {"lookup", ToJson(*found, ctx.session->role)}});
    }
    return JsonResponse(http::status::ok, json::object{{"codes", std::move(codes)}});
  });

  router.Add(http::verb::get, "/api/v1/items/{id}/label.png",
             [&catalog](RouteContext& ctx) { return LabelResponse(catalog, ctx, false); });
  router.Add(http::verb::get, "/api/v1/items/{id}/label.svg",
             [&catalog](RouteContext& ctx) { return LabelResponse(catalog, ctx, true); });
}

}  // namespace prokat::web
