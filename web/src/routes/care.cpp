// An item's care after its return (inventory::CareService):
//   GET  /api/v1/items/{id}/care                 defects, care journal, write-off/loss acts
//   POST /api/v1/items/{id}/care/steps           {kind: inspection|cleaning|repair, note}
//   POST /api/v1/items/{id}/care/restore         {defect_ids: [..] (empty or absent: all), note}
//   POST /api/v1/items/{id}/care/decision        {decision: repair|lend_incomplete|write_off|lost,
//                                                 reason}
// The acts themselves are documents (routes/documents.cpp).
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_catalog.hpp"
#include "routes/catalog_input.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

constexpr std::size_t kMaxNoteChars = 2000;

// The service's field names as these requests name them.
constexpr std::pair<std::string_view, std::string_view> kCareFieldNames[] = {
    {"defects", "defect_ids"}, {"items", "item_ids"}};

std::optional<Error> Unknown(const boost::json::object& body,
                             std::initializer_list<std::string_view> allowed) {
  return catalog::UnknownField(body, allowed);
}

}  // namespace

void AddCareRoutes(Router& router, inventory::CareService& care) {
  router.Add(http::verb::get, "/api/v1/items/{id}/care", [&care](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item"));
    auto answer = care.Get(ctx.actor(), inventory::ItemId(*id));
    if (!answer.ok()) return ErrorToResponse(answer.error());
    return JsonResponse(http::status::ok, ToJson(*answer));
  });

  router.Add(http::verb::post, "/api/v1/items/{id}/care/steps", [&care](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = Unknown(*body, {"kind", "note"})) return ErrorToResponse(*e);
    FieldReader in(*body);
    auto kind_name = in.String("kind", 1, 64);
    auto note = in.OptionalString("note", kMaxNoteChars).value_or("");
    auto kind = inventory::ParseCareStepKind(kind_name);
    if (!in.error() && !kind)
      in.Fail("kind", "must be inspection, cleaning or repair, got '" + kind_name + "'");
    if (in.error()) return ErrorToResponse(*in.error());
    auto answer = care.RecordStep(ctx.actor(), inventory::ItemId(*id), *kind, note);
    if (!answer.ok()) return ErrorToResponse(answer.error());
    return JsonResponse(http::status::ok, ToJson(*answer));
  });

  router.Add(http::verb::post, "/api/v1/items/{id}/care/restore", [&care](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = Unknown(*body, {"defect_ids", "note"})) return ErrorToResponse(*e);
    FieldReader in(*body);
    auto defects = in.Ids<inventory::DefectId>("defect_ids", 0, 200);
    auto note = in.OptionalString("note", kMaxNoteChars).value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    auto answer = care.MarkRestored(ctx.actor(), inventory::ItemId(*id), defects, note);
    if (!answer.ok()) return ErrorToResponse(answer.error(), kCareFieldNames);
    return JsonResponse(http::status::ok, ToJson(*answer));
  });

  router.Add(http::verb::post, "/api/v1/items/{id}/care/decision", [&care](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    if (auto e = Unknown(*body, {"decision", "reason"})) return ErrorToResponse(*e);
    FieldReader in(*body);
    auto name = in.String("decision", 1, 64);
    auto reason = in.String("reason", 1, kMaxNoteChars);
    auto decision = inventory::ParseCareDecision(name);
    if (!in.error() && !decision)
      in.Fail("decision", "must be repair, lend_incomplete, write_off or lost, got '" + name + "'");
    if (in.error()) return ErrorToResponse(*in.error());
    auto answer = care.Decide(ctx.actor(), inventory::ItemId(*id), *decision, reason);
    if (!answer.ok()) return ErrorToResponse(answer.error(), kCareFieldNames);
    return JsonResponse(http::status::ok, ToJson(*answer));
  });
}

}  // namespace prokat::web
