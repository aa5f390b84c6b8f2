// Read-only queries: GET /api/v1/due, /api/v1/overdue, /api/v1/journal/movements,
// /api/v1/register/agreements, /api/v1/reports/counts; the board's tiles:
// /api/v1/reports/board-summary; its charts: /api/v1/reports/utilisation,
// /api/v1/reports/waiting-list.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "api/json_catalog.hpp"
#include "api/json_reports.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;

template <typename T, typename ToJson>
Response PageResponse(const Result<inventory::Page<T>>& page, ToJson to_json) {
  if (!page.ok()) return ErrorToResponse(page.error());
  json::array items;
  for (const auto& entry : page->items) items.push_back(to_json(entry));
  return JsonResponse(http::status::ok, json::object{{"items", std::move(items)},
                                                     {"next_cursor", page->next_cursor}});
}

// The period [from, to] of a register or report: both required, to not before from.
struct Period {
  inventory::Date from, to;
};
std::optional<Period> ReadPeriod(QueryReader& q) {
  auto from = q.Date("from");
  auto to = q.Date("to");
  if (q.error()) return std::nullopt;
  if (!from) q.Fail("from", "is required");
  if (!to) q.Fail("to", "is required");
  if (from && to && *to < *from) q.Fail("to", "must not be before from");
  if (q.error()) return std::nullopt;
  return Period{*from, *to};
}

}  // namespace

void AddReportRoutes(Router& router, inventory::QueryService& queries,
                     inventory::BoardQueries& board) {
  // Open agreements due in [from, to] (default: today and the next 14 days), by due date.
  router.Add(http::verb::get, "/api/v1/due", [&queries](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto from = q.Date("from");
    auto to = q.Date("to");
    auto point = q.Id<inventory::PointId>("point");
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    return PageResponse(queries.DueInWindow(ctx.actor(), from, to, point, page), DueEntryJson);
  });

  // Open agreements past their due date, most overdue first.
  router.Add(http::verb::get, "/api/v1/overdue", [&queries](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto point = q.Id<inventory::PointId>("point");
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    return PageResponse(queries.Overdue(ctx.actor(), point, page), DueEntryJson);
  });

  // Журнал учета движения оборудования; filters item, agreement, point, from, to (inclusive).
  router.Add(http::verb::get, "/api/v1/journal/movements", [&queries](RouteContext& ctx) {
    QueryReader q(ctx.url);
    inventory::MovementFilter filter;
    filter.item = q.Id<inventory::ItemId>("item");
    filter.agreement = q.Id<inventory::AgreementId>("agreement");
    filter.from = q.Date("from");
    filter.to = q.Date("to");
    filter.point = q.Id<inventory::PointId>("point");
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    if (filter.from && filter.to && *filter.to < *filter.from) {
      return ErrorToResponse(Error::InvalidArgument("to must not be before from", "to"));
    }
    return PageResponse(queries.MovementJournal(ctx.actor(), filter, page),
                        [](const inventory::MovementEntry& e) { return ToJson(e); });
  });

  // Электронный журнал регистрации договоров for agreements activated in [from, to].
  router.Add(http::verb::get, "/api/v1/register/agreements", [&queries](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto period = ReadPeriod(q);
    auto point = q.Id<inventory::PointId>("point");
    auto page = q.Page();
    if (q.error()) return ErrorToResponse(*q.error());
    auto register_page =
        queries.AgreementRegister(ctx.actor(), period->from, period->to, point, page);
    if (register_page.ok()) {
      const std::string detail = inventory::FormatDate(period->from) + ".." +
                                 inventory::FormatDate(period->to) + ", " +
                                 std::to_string(register_page->items.size()) + " shown";
      if (auto logged = queries.LogBulkRead(ctx.actor(), "register.agreements", detail);
          !logged.ok())
        return ErrorToResponse(logged.error());
    }
    return PageResponse(register_page, RegisterEntryJson);
  });

  router.Add(http::verb::get, "/api/v1/reports/counts", [&queries](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto period = ReadPeriod(q);
    auto point = q.Id<inventory::PointId>("point");
    if (q.error()) return ErrorToResponse(*q.error());
    auto counts = queries.Counts(ctx.actor(), period->from, period->to, point);
    if (!counts.ok()) return ErrorToResponse(counts.error());
    json::object out = CountsJson(*counts);
    out["from"] = inventory::FormatDate(period->from);
    out["to"] = inventory::FormatDate(period->to);
    return JsonResponse(http::status::ok, out);
  });

  // The board's counts, with the weeks they are for (the lists come from /due, /overdue,
  // /deliveries and /items, a page at a time).
  router.Add(http::verb::get, "/api/v1/reports/board-summary", [&board](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto point = q.Id<inventory::PointId>("point");
    if (q.error()) return ErrorToResponse(*q.error());
    auto s = board.Summary(ctx.actor(), point);
    if (!s.ok()) return ErrorToResponse(s.error());
    using inventory::FormatDate;
    return JsonResponse(
        http::status::ok,
        json::object{{"today", FormatDate(s->today)},
                     {"overdue", s->overdue},
                     {"this_week", json::object{{"from", FormatDate(s->today)},
                                                {"to", FormatDate(s->this_week_to)},
                                                {"due", s->due_this_week}}},
                     {"next_week", json::object{{"from", FormatDate(s->next_week_from)},
                                                {"to", FormatDate(s->next_week_to)},
                                                {"due", s->due_next_week}}},
                     {"deliveries",
                      json::object{{"planned", s->deliveries_planned}, {"out", s->deliveries_out}}},
                     {"items", json::object{{"inspection", s->items_in_inspection},
                                            {"in_repair", s->items_in_repair}}}});
  });

  // Per item type: items in use and how many are with families now.
  router.Add(http::verb::get, "/api/v1/reports/utilisation", [&board](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto point = q.Id<inventory::PointId>("point");
    if (q.error()) return ErrorToResponse(*q.error());
    auto types = board.Utilisation(ctx.actor(), point);
    if (!types.ok()) return ErrorToResponse(types.error());
    json::array items;
    for (const auto& u : *types) {
      items.push_back(json::object{{"type_id", u.type.value},
                                   {"name", u.name},
                                   {"category", inventory::ToString(u.category)},
                                   {"items", u.items},
                                   {"lent", u.lent}});
    }
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  // The waiting list's length at the end of each of the last `months` months (default 12).
  router.Add(http::verb::get, "/api/v1/reports/waiting-list", [&board](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto months = q.Int("months", 1, 60).value_or(12);
    auto point = q.Id<inventory::PointId>("point");
    if (q.error()) return ErrorToResponse(*q.error());
    auto list = board.WaitingListByMonth(ctx.actor(), static_cast<int>(months), point);
    if (!list.ok()) return ErrorToResponse(list.error());
    json::array items;
    for (const auto& m : *list)
      items.push_back(json::object{{"month", m.month}, {"waiting", m.waiting}});
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });
}

}  // namespace prokat::web
