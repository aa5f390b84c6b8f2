// Scanned codes and printed labels:
//   GET  /api/v1/lookup?code=...            what a scanned string refers to
//   POST /api/v1/scan/decode                a JPEG/PNG photo (raw body) -> its codes, each looked
//   up GET  /api/v1/items/{id}/label.png|svg   the item's label, for printing
#include <boost/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_catalog.hpp"
#include "app.hpp"
#include "prokat/scanner/label.hpp"
#include "routes/catalog_input.hpp"

namespace prokat::web {

namespace {

using catalog::NoSuch;
using catalog::Refuse;

namespace json = boost::json;

// Photos larger than this many pixels are refused before decoding (a small file can declare a
// huge image; decoding it would take gigabytes). 64 Mpx covers every phone camera.
constexpr std::uint64_t kMaxPhotoPixels = 64ull * 1000 * 1000;

enum class ImageFormat { kPng, kJpeg };

std::uint32_t BigEndian(std::string_view bytes, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

// The image's width and height from its header, or std::nullopt when `bytes` is not a PNG or
// JPEG file of that format (wrong signature, truncated header).
std::optional<std::pair<std::uint32_t, std::uint32_t>> ImageDimensions(std::string_view bytes,
                                                                       ImageFormat format) {
  if (format == ImageFormat::kPng) {
    constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
    if (bytes.size() < 24 || bytes.substr(0, 8) != kSignature || bytes.substr(12, 4) != "IHDR")
      return std::nullopt;
    return std::pair{BigEndian(bytes, 16, 4), BigEndian(bytes, 20, 4)};
  }
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
      static_cast<unsigned char>(bytes[1]) != 0xD8) {
    return std::nullopt;
  }
  std::size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
    const unsigned marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      at += 2;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA)
      return std::nullopt;  // end of image or scan before a frame header
    const std::size_t length = BigEndian(bytes, at + 2, 2);
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (at + 9 > bytes.size()) return std::nullopt;
      return std::pair{BigEndian(bytes, at + 7, 2), BigEndian(bytes, at + 5, 2)};
    }
    if (length < 2) return std::nullopt;
    at += 2 + length;
  }
  return std::nullopt;
}

Response UnreadableImage(const std::string& why) {
  return ErrorToResponse(Error{ErrorCode::kInvalidArgument, why, "body", "unreadable_image"});
}

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
Response LabelResponse(App& app, RouteContext& ctx, bool svg) {
  auto id = ctx.IdParam();
  if (!id) return NoSuch("item");
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
  auto item = app.services.catalog.GetItem(inventory::ItemId(*id));
  if (!item.ok()) return Refuse(item.error());
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

void AddScanRoutes(Router& router, App& app) {
  router.Add(http::verb::get, "/api/v1/lookup", [&app](RouteContext& ctx) {
    QueryReader query(ctx.url);
    auto code = query.String("code", 500);
    if (!query.error() && !code) query.Fail("code", "is required");
    if (query.error()) return ErrorToResponse(*query.error());
    auto found = app.services.lookup.Resolve(*code);
    if (!found.ok()) return Refuse(found.error());
    return JsonResponse(http::status::ok, ToJson(*found, ctx.session->role));
  });

  router.Add(http::verb::post, "/api/v1/scan/decode", [&app](RouteContext& ctx) {
    auto type = ctx.request[http::field::content_type];
    type = type.substr(0, type.find(';'));
    std::optional<ImageFormat> format;
    if (boost::beast::iequals(type, "image/png")) format = ImageFormat::kPng;
    if (boost::beast::iequals(type, "image/jpeg")) format = ImageFormat::kJpeg;
    if (!format) {
      return ErrorResponse(
          http::status::unsupported_media_type, "unsupported_media_type",
          "send the photo as the raw body with Content-Type image/jpeg or image/png");
    }
    const std::string& body = ctx.request.body();
    if (body.size() > app.options.max_photo_bytes) {
      return ErrorResponse(
          http::status::payload_too_large, "photo_too_large",
          "the photo exceeds " + std::to_string(app.options.max_photo_bytes) + " bytes", "body");
    }
    if (body.empty()) return UnreadableImage("the body is empty: send the photo's bytes");
    auto dimensions = ImageDimensions(body, *format);
    if (!dimensions || dimensions->first == 0 || dimensions->second == 0) {
      return UnreadableImage(std::string("the body is not a ") +
                             (*format == ImageFormat::kPng ? "PNG" : "JPEG") + " image");
    }
    if (std::uint64_t{dimensions->first} * dimensions->second > kMaxPhotoPixels) {
      return UnreadableImage("the image has more than " +
                             std::to_string(kMaxPhotoPixels / 1'000'000) + " megapixels");
    }
    cv::Mat frame;
    try {
      const cv::Mat raw(1, static_cast<int>(body.size()), CV_8UC1, const_cast<char*>(body.data()));
      frame = cv::imdecode(raw, cv::IMREAD_GRAYSCALE);
    } catch (const cv::Exception&) {
      frame = cv::Mat();
    }
    if (frame.empty())
      return UnreadableImage("the image could not be decoded (corrupt or truncated)");

    scanner::DecodeOptions options;
    options.retry_budget = std::chrono::milliseconds(500);  // a photo, not a live frame
    json::array codes;
    for (const auto& code : scanner::Decode(frame, options)) {
      auto found = app.services.lookup.Resolve(code.text);
      if (!found.ok()) return Refuse(found.error());
      codes.push_back(json::object{{"text", code.text},
                                   {"format", scanner::FormatName(code.format)},
                                   {"quality", static_cast<double>(code.quality)},
                                   {"lookup", ToJson(*found, ctx.session->role)}});
    }
    return JsonResponse(http::status::ok, json::object{{"codes", std::move(codes)}});
  });

  router.Add(http::verb::get, "/api/v1/items/{id}/label.png",
             [&app](RouteContext& ctx) { return LabelResponse(app, ctx, false); });
  router.Add(http::verb::get, "/api/v1/items/{id}/label.svg",
             [&app](RouteContext& ctx) { return LabelResponse(app, ctx, true); });
}

}  // namespace prokat::web
