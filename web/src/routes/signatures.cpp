// Signatures drawn on screen, kept as photos of the agreement (PhotoStore) so that they are
// backed up with the photos and listed beside them:
//   POST /api/v1/agreements/{id}/signatures   at the desk (raw image/png body;
//                                             ?occasion=handover|return&signer=family|staff,
//                                             default family): for the handover act before the
//                                             activation, or for the return recorded next
//   POST /api/v1/deliveries/{id}/signature    the recipient's at the door (raw image/png
//                                             body), for the confirmation's signature_ref
// The answer names the stored file: {"photo_id": N, "signature_ref": "photo-N.png"}.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/images.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

Response SignatureAnswer(const Result<inventory::Photo>& photo) {
  if (!photo.ok()) return ErrorToResponse(photo.error());
  return JsonResponse(
      http::status::created,
      boost::json::object{{"photo_id", photo->id.value}, {"signature_ref", photo->file_name}});
}

}  // namespace

void AddSignatureRoutes(Router& router, inventory::DeliveryService& deliveries,
                        inventory::PhotoStore& photos) {
  router.Add(http::verb::post, "/api/v1/agreements/{id}/signatures", [&photos](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
    if (auto refusal = CheckImageBody(ctx.request, kMaxPhotoBytes)) return std::move(*refusal);
    QueryReader q(ctx.url);
    auto occasion =
        q.Enum<inventory::PhotoOccasion>("occasion").value_or(inventory::PhotoOccasion::kHandover);
    auto signer = q.Enum<inventory::Signer>("signer").value_or(inventory::Signer::kFamily);
    if (q.error()) return ErrorToResponse(*q.error());
    return SignatureAnswer(photos.AttachSignature(ctx.actor(), inventory::AgreementId(*id),
                                                  occasion, signer, BodyBytes(ctx.request)));
  });

  router.Add(http::verb::post, "/api/v1/deliveries/{id}/signature",
             [&deliveries, &photos](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return ErrorToResponse(Error::NotFound("no such delivery", "id"));
               if (auto refusal = CheckImageBody(ctx.request, kMaxPhotoBytes))
                 return std::move(*refusal);
               // The delivery as the signed-in user may see it (a driver, only his own trips).
               auto delivery = deliveries.Get(ctx.actor(), inventory::DeliveryId(*id));
               if (!delivery.ok())
                 return ErrorToResponse(Error::NotFound("no such delivery", "id"));
               return SignatureAnswer(photos.Attach(ctx.actor(), std::nullopt, delivery->agreement,
                                                    inventory::PhotoOccasion::kDoor,
                                                    BodyBytes(ctx.request)));
             });
}

}  // namespace prokat::web
