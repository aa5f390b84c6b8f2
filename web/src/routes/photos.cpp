// Photos of an item's condition, taken at the desk:
//   POST /api/v1/agreements/{id}/photos   raw image/jpeg or image/png body;
//                                         ?item_id=N&occasion=handover|return
//   POST /api/v1/items/{id}/photos        raw image/jpeg or image/png body, outside any
//                                         agreement (registration, stocktake);
//                                         ?occasion=inspection (default)
//   GET  /api/v1/agreements/{id}/photos   the agreement's photos (signatures included, their
//   GET  /api/v1/items/{id}/photos        item_id is null), and an item's
//   GET  /api/v1/photos/{id}              one photo's image
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/images.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

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

void AddPhotoRoutes(Router& router, inventory::PhotoStore& photos) {
  router.Add(http::verb::post, "/api/v1/agreements/{id}/photos", [&photos](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
    if (auto refusal = CheckImageBody(ctx.request, kMaxPhotoBytes)) return std::move(*refusal);
    QueryReader q(ctx.url);
    auto item = q.Id<inventory::ItemId>("item_id");
    auto occasion =
        q.Enum<inventory::PhotoOccasion>("occasion").value_or(inventory::PhotoOccasion::kHandover);
    if (!q.error() && !item) q.Fail("item_id", "is required");
    if (q.error()) return ErrorToResponse(*q.error());
    auto photo = photos.Attach(ctx.actor(), item, inventory::AgreementId(*id), occasion,
                               BodyBytes(ctx.request));
    if (!photo.ok()) return ErrorToResponse(photo.error());
    return JsonResponse(http::status::created, PhotoJson(*photo));
  });

  router.Add(http::verb::get, "/api/v1/agreements/{id}/photos", [&photos](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
    return PhotoList(photos.List(ctx.actor(), std::nullopt, inventory::AgreementId(*id)));
  });

  router.Add(http::verb::post, "/api/v1/items/{id}/photos", [&photos](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item", "id"));
    if (auto refusal = CheckImageBody(ctx.request, kMaxPhotoBytes)) return std::move(*refusal);
    QueryReader q(ctx.url);
    auto occasion = q.Enum<inventory::PhotoOccasion>("occasion")
                        .value_or(inventory::PhotoOccasion::kInspection);
    if (q.error()) return ErrorToResponse(*q.error());
    auto photo = photos.Attach(ctx.actor(), inventory::ItemId(*id), std::nullopt, occasion,
                               BodyBytes(ctx.request));
    if (!photo.ok()) return ErrorToResponse(photo.error());
    return JsonResponse(http::status::created, PhotoJson(*photo));
  });

  router.Add(http::verb::get, "/api/v1/items/{id}/photos", [&photos](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item", "id"));
    return PhotoList(photos.List(ctx.actor(), inventory::ItemId(*id), std::nullopt));
  });

  router.Add(http::verb::get, "/api/v1/photos/{id}", [&photos](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such photo", "id"));
    auto photo = photos.Get(ctx.actor(), inventory::PhotoId(*id));
    if (!photo.ok()) return ErrorToResponse(photo.error());
    auto bytes = photos.Read(*photo);
    if (!bytes.ok()) return ErrorToResponse(bytes.error());
    Response res{http::status::ok, ctx.request.version()};
    res.set(http::field::content_type,
            photo->file_name.ends_with(".png") ? "image/png" : "image/jpeg");
    res.set(http::field::cache_control, "private, max-age=86400");
    res.body() = std::move(*bytes);
    res.prepare_payload();
    return res;
  });
}

}  // namespace prokat::web
