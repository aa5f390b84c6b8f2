// Loan agreements and their papers:
//   POST /api/v1/agreements (a draft), GET /api/v1/agreements/{id},
//   POST /api/v1/agreements/{id}/cancel, GET /api/v1/agreements/{id}/rules,
//   POST /api/v1/agreements/{id}/acknowledgments, POST /api/v1/agreements/{id}/activate,
//   POST /api/v1/agreements/{id}/extend, GET/POST /api/v1/agreements/{id}/returns,
//   POST /api/v1/agreements/{id}/terminate, POST /api/v1/agreements/{id}/swap,
//   GET /api/v1/agreements/{id}/handover-act.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_agreements.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;
using inventory::AgreementId;

Response NoSuchAgreement() { return ErrorToResponse(Error::NotFound("no such agreement", "id")); }

// The inventory's field names as these requests name them ("family" -> "family_id"), so that
// a client can point at the input that was refused.
constexpr std::pair<std::string_view, std::string_view> kFieldNames[] = {
    {"family", "family_id"},
    {"child", "child_id"},
    {"rules", "rules_version_id"},
    {"agreement", "id"}};

// The due date of a new agreement: "due_date", or "term_months" counted from its start.
// Exactly one of them.
inventory::LoanTerm ReadLoanTerm(FieldReader& in) {
  auto due = in.OptionalDate("due_date");
  auto term = in.OptionalInt("term_months", 1, 120);
  if (in.error()) return {};
  if (due && term) in.Fail("term_months", "cannot be given together with due_date");
  if (!due && !term) in.Fail("due_date", "is required (or term_months)");
  if (due) return *due;
  return inventory::LoanTerm::Months(static_cast<int>(term.value_or(1)));
}

}  // namespace

void AddAgreementRoutes(Router& router, inventory::AgreementService& agreements) {
  router.Add(http::verb::post, "/api/v1/agreements", [&agreements](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::NewAgreement draft;
    draft.family = in.Id<inventory::FamilyId>("family_id");
    draft.child = in.OptionalId<inventory::ChildId>("child_id");
    draft.items = in.Ids<inventory::ItemId>("items", 0, 200);
    draft.kits = in.Ids<inventory::KitId>("kits", 0, 50);
    draft.start_date = in.OptionalDate("start_date");
    draft.due_date = ReadLoanTerm(in);
    draft.delivery_mode = in.OptionalEnum<inventory::DeliveryMode>("delivery_mode")
                              .value_or(inventory::DeliveryMode::kAtPoint);
    if (!in.error() && draft.items.empty() && draft.kits.empty()) {
      in.Fail("items", "or kits must name at least one item or kit");
    }
    if (in.error()) return ErrorToResponse(*in.error());
    auto created = agreements.CreateDraft(ctx.actor(), draft);
    if (!created.ok()) return ErrorToResponse(created.error(), kFieldNames);
    return JsonResponse(http::status::created, AgreementJson(*created));
  });

  router.Add(http::verb::get, "/api/v1/agreements/{id}", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    auto agreement = agreements.Get(ctx.actor(), AgreementId(*id));
    if (!agreement.ok()) return ErrorToResponse(agreement.error(), kFieldNames);
    return JsonResponse(http::status::ok, AgreementJson(*agreement));
  });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/cancel", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    auto cancelled = agreements.CancelDraft(ctx.actor(), AgreementId(*id));
    if (!cancelled.ok()) return ErrorToResponse(cancelled.error(), kFieldNames);
    return JsonResponse(http::status::ok, AgreementJson(*cancelled));
  });

  router.Add(http::verb::get, "/api/v1/agreements/{id}/rules", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    auto rules = agreements.RulesToAcknowledge(ctx.actor(), AgreementId(*id));
    if (!rules.ok()) return ErrorToResponse(rules.error(), kFieldNames);
    json::array items;
    for (const auto& r : *rules) items.push_back(RequiredRulesJson(r));
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/acknowledgments",
             [&agreements](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchAgreement();
               auto body = ParseJsonObject(ctx.request);
               if (!body.ok()) return ErrorToResponse(body.error());
               FieldReader in(*body);
               auto rules = in.Id<inventory::RulesVersionId>("rules_version_id");
               if (in.error()) return ErrorToResponse(*in.error());
               auto ack = agreements.AcknowledgeRules(ctx.actor(), AgreementId(*id), rules);
               if (!ack.ok()) return ErrorToResponse(ack.error(), kFieldNames);
               return JsonResponse(http::status::created, AcknowledgmentJson(*ack));
             });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/activate",
             [&agreements](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchAgreement();
               auto body = ParseJsonObject(ctx.request);
               if (!body.ok()) return ErrorToResponse(body.error());
               auto act = agreements.Activate(ctx.actor(), AgreementId(*id));
               if (!act.ok()) return ErrorToResponse(act.error(), kFieldNames);
               return JsonResponse(http::status::created, HandoverActJson(*act));
             });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/extend", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    auto due = in.Date("new_due_date");
    auto reason = in.String("reason", 1, 1000);
    if (in.error()) return ErrorToResponse(*in.error());
    auto extended = agreements.Extend(ctx.actor(), AgreementId(*id), due, reason);
    if (!extended.ok()) return ErrorToResponse(extended.error(), kFieldNames);
    return JsonResponse(http::status::ok, AgreementJson(*extended));
  });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/returns", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    inventory::ReturnRequest request;
    request.kits = in.Ids<inventory::KitId>("kits", 0, 50);
    request.returned_on = in.OptionalDate("returned_on");
    request.note = in.OptionalString("note", 2000).value_or("");
    auto rating = in.OptionalInt("feedback_rating", 1, 5);
    if (rating) request.feedback_rating = static_cast<int>(*rating);
    request.feedback_comment = in.OptionalString("feedback_comment", 2000).value_or("");
    auto lines = ReadReturnLines(in, "items", 0);
    if (!lines.ok()) return ErrorToResponse(lines.error());
    request.items = std::move(*lines);
    if (request.items.empty() && request.kits.empty()) {
      return ErrorToResponse(
          Error::InvalidArgument("items or kits must name what comes back", "items"));
    }
    auto act = agreements.Return(ctx.actor(), AgreementId(*id), request);
    if (!act.ok()) return ErrorToResponse(act.error(), kFieldNames);
    return JsonResponse(http::status::created, ReturnActJson(*act));
  });

  router.Add(http::verb::get, "/api/v1/agreements/{id}/returns", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    // ListReturnActs answers an empty list for an unknown agreement; a 404 is clearer.
    if (auto agreement = agreements.Get(ctx.actor(), AgreementId(*id)); !agreement.ok()) {
      return ErrorToResponse(agreement.error(), kFieldNames);
    }
    auto acts = agreements.ListReturnActs(ctx.actor(), AgreementId(*id));
    if (!acts.ok()) return ErrorToResponse(acts.error(), kFieldNames);
    json::array items;
    for (const auto& a : *acts) items.push_back(ReturnActJson(a));
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/terminate",
             [&agreements](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchAgreement();
               auto body = ParseJsonObject(ctx.request);
               if (!body.ok()) return ErrorToResponse(body.error());
               FieldReader in(*body);
               auto reason = in.String("reason", 1, 1000);
               if (in.error()) return ErrorToResponse(*in.error());
               auto terminated = agreements.Terminate(ctx.actor(), AgreementId(*id), reason);
               if (!terminated.ok()) return ErrorToResponse(terminated.error(), kFieldNames);
               return JsonResponse(http::status::ok, AgreementJson(*terminated));
             });

  router.Add(http::verb::post, "/api/v1/agreements/{id}/swap", [&agreements](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return NoSuchAgreement();
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    auto old_kit = in.Id<inventory::KitId>("old_kit_id");
    auto new_kit = in.Id<inventory::KitId>("new_kit_id");
    auto due = ReadLoanTerm(in);
    auto lines = ReadReturnLines(in, "old_kit_lines", 0);
    if (!lines.ok()) return ErrorToResponse(lines.error());
    if (old_kit == new_kit)
      return ErrorToResponse(
          Error::InvalidArgument("new_kit_id must differ from old_kit_id", "new_kit_id"));
    auto act =
        agreements.SwapMultibox(ctx.actor(), AgreementId(*id), old_kit, new_kit, due, *lines);
    if (!act.ok()) return ErrorToResponse(act.error(), kFieldNames);
    return JsonResponse(http::status::created, HandoverActJson(*act));
  });

  router.Add(http::verb::get, "/api/v1/agreements/{id}/handover-act",
             [&agreements](RouteContext& ctx) {
               auto id = ctx.IdParam();
               if (!id) return NoSuchAgreement();
               auto act = agreements.GetHandoverAct(ctx.actor(), AgreementId(*id));
               if (!act.ok()) return ErrorToResponse(act.error(), kFieldNames);
               return JsonResponse(http::status::ok, HandoverActJson(*act));
             });
}

}  // namespace prokat::web
