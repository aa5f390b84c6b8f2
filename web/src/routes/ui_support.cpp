// Small routes the browser UI needs beside the core API:
//   GET  /api/v1/clock                            the server's today and now (its clock can be
//                                                 moved in tests; a browser's clock is not the
//                                                 point's)
//   GET  /api/v1/drivers                          the drivers a desk can assign a trip to
//   POST /api/v1/agreements/{id}/signatures       a signature drawn on screen at the desk (raw
//                                                 image/png body; ?occasion=handover|return
//                                                 &signer=family|staff, default family): for
//                                                 the handover act before the activation, or
//                                                 for the return recorded next
//   POST /api/v1/deliveries/{id}/signature        the recipient's signature at the door (raw
//                                                 image/png body), for the confirmation's
//                                                 signature_ref
//   POST /api/v1/agreements/{id}/photos           a photo of an item's condition (raw image/jpeg
//                                                 or image/png body;
//                                                 ?item_id=N&occasion=handover|return)
//   GET  /api/v1/agreements/{id}/photos           the agreement's photos (signatures included,
//   GET  /api/v1/items/{id}/photos                their item_id is null), and an item's
//   GET  /api/v1/photos/{id}                      one photo's image
// Signatures are kept as photos of the agreement (PhotoStore), so they are backed up with the
// photos and listed beside them. The answer names the stored file: {"signature_ref":
// "photo-N.png"}.
#include <boost/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <span>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/images.hpp"
#include "app.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

// The refusal of a body that is not a readable PNG or JPEG image within the limits.
std::optional<Response> CheckImageBody(const RouteContext& ctx, const App& app) {
  auto image = DecodeImageBody(ctx.request, app.options.max_photo_bytes, cv::IMREAD_GRAYSCALE);
  if (auto* refusal = std::get_if<Response>(&image)) return std::move(*refusal);
  return std::nullopt;
}

std::span<const std::byte> BodyBytes(const RouteContext& ctx) {
  const std::string& body = ctx.request.body();
  return std::as_bytes(std::span<const char>(body.data(), body.size()));
}

Response SignatureAnswer(const Result<inventory::Photo>& photo) {
  if (!photo.ok()) return ErrorToResponse(photo.error());
  return JsonResponse(http::status::created, json::object{{"photo_id", photo->id.value},
                                                          {"signature_ref", photo->file_name}});
}

json::object PhotoJson(const inventory::Photo& p) {
  return {{"id", p.id.value},
          {"item_id", p.item ? json::value(p.item->value) : json::value(nullptr)},
          {"agreement_id", p.agreement ? json::value(p.agreement->value) : json::value(nullptr)},
          {"occasion", inventory::ToString(p.occasion)},
          {"signer", p.signer ? json::value(inventory::ToString(*p.signer)) : json::value(nullptr)},
          {"taken_at", inventory::FormatTimestamp(p.taken_at)}};
}

Response PhotoList(const Result<std::vector<inventory::Photo>>& photos) {
  if (!photos.ok()) return ErrorToResponse(photos.error());
  json::array items;
  for (const auto& p : *photos) items.push_back(PhotoJson(p));
  return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
}

}  // namespace

void AddUiSupportRoutes(Router& router, App& app) {
  router.Add(http::verb::get, "/api/v1/clock", [&app](RouteContext&) {
    return JsonResponse(
        http::status::ok,
        json::object{
            {"today", inventory::FormatDate(inventory::LocalToday(app.clock, app.settings))},
            {"now", inventory::FormatTimestamp(
                        std::chrono::floor<std::chrono::seconds>(app.clock.Now()))}});
  });

  router.Add(http::verb::get, "/api/v1/drivers", [&app](RouteContext&) {
    inventory::UserFilter filter;
    filter.role = inventory::Role::kDriver;
    auto users = app.services.users.ListUsers(filter, inventory::PageRequest{{}, 1000});
    if (!users.ok()) return ErrorToResponse(users.error());
    json::array items;
    for (const auto& u : users->items) {
      items.push_back(json::object{{"id", u.id.value}, {"display_name", u.display_name}});
    }
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/signatures", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
    if (auto refusal = CheckImageBody(ctx, app)) return std::move(*refusal);
    QueryReader q(ctx.url);
    auto occasion =
        q.Enum<inventory::PhotoOccasion>("occasion").value_or(inventory::PhotoOccasion::kHandover);
    auto signer = q.Enum<inventory::Signer>("signer").value_or(inventory::Signer::kFamily);
    if (q.error()) return ErrorToResponse(*q.error());
    return SignatureAnswer(app.services.photos.AttachSignature(
        ctx.actor(), inventory::AgreementId(*id), occasion, signer, BodyBytes(ctx)));
  });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/photos", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
    if (auto refusal = CheckImageBody(ctx, app)) return std::move(*refusal);
    QueryReader q(ctx.url);
    auto item = q.Id<inventory::ItemId>("item_id");
    auto occasion =
        q.Enum<inventory::PhotoOccasion>("occasion").value_or(inventory::PhotoOccasion::kHandover);
    if (!q.error() && !item) q.Fail("item_id", "is required");
    if (q.error()) return ErrorToResponse(*q.error());
    auto photo = app.services.photos.Attach(ctx.actor(), item, inventory::AgreementId(*id),
                                            occasion, BodyBytes(ctx));
    if (!photo.ok()) return ErrorToResponse(photo.error());
    return JsonResponse(http::status::created, PhotoJson(*photo));
  });

  router.Add(http::verb::get, "/api/v1/agreements/{id}/photos", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
    return PhotoList(app.services.photos.List(std::nullopt, inventory::AgreementId(*id)));
  });

  router.Add(http::verb::get, "/api/v1/items/{id}/photos", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item", "id"));
    return PhotoList(app.services.photos.List(inventory::ItemId(*id), std::nullopt));
  });

  router.Add(http::verb::get, "/api/v1/photos/{id}", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such photo", "id"));
    auto photo = app.services.photos.Get(inventory::PhotoId(*id));
    if (!photo.ok()) return ErrorToResponse(photo.error());
    auto bytes = app.services.photos.Read(*photo);
    if (!bytes.ok()) return ErrorToResponse(bytes.error());
    Response res{http::status::ok, ctx.request.version()};
    res.set(http::field::content_type,
            photo->file_name.ends_with(".png") ? "image/png" : "image/jpeg");
    res.set(http::field::cache_control, "private, max-age=86400");
    res.body() = std::move(*bytes);
    res.prepare_payload();
    return res;
  });

  router.Add(http::verb::post, "/api/v1/deliveries/{id}/signature", [&app](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such delivery", "id"));
    if (auto refusal = CheckImageBody(ctx, app)) return std::move(*refusal);
    auto delivery = app.services.deliveries.Get(inventory::DeliveryId(*id));
    // Another driver's trip is as unknown as a missing one (ids cannot be probed).
    if (!delivery.ok() ||
        (ctx.session->role == inventory::Role::kDriver && delivery->driver != ctx.session->user)) {
      return ErrorToResponse(Error::NotFound("no such delivery", "id"));
    }
    return SignatureAnswer(
        app.services.photos.Attach(ctx.actor(), std::nullopt, delivery->agreement,
                                   inventory::PhotoOccasion::kDoor, BodyBytes(ctx)));
  });
}

}  // namespace prokat::web
