#include "prokat/inventory/queries.hpp"

#include "internal.hpp"

namespace prokat::inventory {
namespace {

// Cursor "YYYY-MM-DD|id" for lists ordered by (due_date, id).
struct DueCursor {
  std::string date;
  std::int64_t id = 0;
};
std::optional<DueCursor> ParseDueCursor(const std::string& text) {
  if (text.empty()) return DueCursor{"", 0};
  auto bar = text.find('|');
  if (bar == std::string::npos || !ParseDate(text.substr(0, bar))) return std::nullopt;
  auto id = internal::CursorId(std::string_view(text).substr(bar + 1));
  if (!id) return std::nullopt;
  return DueCursor{text.substr(0, bar), *id};
}

constexpr const char* kDueSelect =
    "SELECT a.id, a.seq, a.year, a.family_id, f.representative, f.phone, a.due_date, "
    "(SELECT COUNT(*) FROM agreement_item ai WHERE ai.agreement_id = a.id AND ai.open = 1) "
    "FROM agreement a JOIN family f ON f.id = a.family_id "
    "WHERE a.state IN ('active', 'extended', 'partly_returned') ";

Page<DueEntry> ReadDue(db::Statement& s, int limit, Date today) {
  Page<DueEntry> out;
  while (s.Step()) {
    DueEntry e;
    e.agreement = AgreementId(s.Get<std::int64_t>(0));
    if (!s.IsNull(1)) e.number = AgreementNumber(s.Get<int>(1), s.Get<int>(2));
    e.family = FamilyId(s.Get<std::int64_t>(3));
    e.representative = s.Get<std::string>(4);
    e.phone = s.Get<std::string>(5);
    e.due_date = internal::StoredDate(s, 6, "agreement.due_date");
    e.open_items = s.Get<int>(7);
    if (today > e.due_date) e.days_overdue = (today - e.due_date).count();
    out.items.push_back(std::move(e));
  }
  if (static_cast<int>(out.items.size()) > limit) {
    out.items.pop_back();
    const auto& last = out.items.back();
    out.next_cursor = FormatDate(last.due_date) + "|" + std::to_string(last.agreement.value);
  }
  return out;
}

MovementEntry ReadMovement(db::Statement& s) {
  MovementEntry m;
  m.id = MovementId(s.Get<std::int64_t>(0));
  m.at = internal::StoredTimestamp(s, 1, "movement.at");
  m.item = ItemId(s.Get<std::int64_t>(2));
  m.inventory_number = s.Get<std::string>(3);
  if (auto f = s.Get<std::optional<std::string>>(4)) m.from = Parse<ItemStatus>(*f);
  m.to = Parse<ItemStatus>(s.Get<std::string>(5)).value_or(ItemStatus::kAvailable);
  if (auto a = s.Get<std::optional<std::int64_t>>(6)) m.agreement = AgreementId(*a);
  if (auto u = s.Get<std::optional<std::int64_t>>(7)) m.user = UserId(*u);
  m.note = s.Get<std::string>(8);
  return m;
}

constexpr const char* kMovementSelect =
    "SELECT m.id, m.at, m.item_id, i.inventory_number, m.from_status, m.to_status, "
    "m.agreement_id, m.user_id, m.note FROM movement m JOIN item i ON i.id = m.item_id ";

}  // namespace

Result<Page<DueEntry>> QueryService::DueInWindow(const Actor& actor, std::optional<Date> from,
                                                 std::optional<Date> to,
                                                 std::optional<PointId> point,
                                                 const PageRequest& page) {
  constexpr std::chrono::days kDefaultWindow{14};
  const Date start = from.value_or(LocalToday(clock_, settings_.Get()));
  const Date end = to.value_or(start + kDefaultWindow);
  if (end < start) return Error::InvalidArgument("to must not be before from", "to");
  return DueInWindow(actor, start, end, point, page);
}

Result<Page<DueEntry>> QueryService::DueInWindow(const Actor& actor, Date from, Date to,
                                                 std::optional<PointId> point,
                                                 const PageRequest& page) {
  if (to < from) return Error::InvalidArgument("the window ends before it starts", "to");
  auto cursor = ParseDueCursor(page.after);
  if (!cursor) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  auto out =
      internal::ReadTx<Page<DueEntry>>(db_, [&](db::Connection& c) -> Result<Page<DueEntry>> {
        auto points = internal::DeskPoints(c, actor, point);
        if (!points) return points.error();
        auto s = c.Prepare(std::string(kDueSelect) +
                           "AND a.due_date BETWEEN ?1 AND ?2 AND (a.due_date, a.id) > (?3, ?4) "
                           "AND (?5 IS NULL OR a.point_id IN (SELECT value FROM json_each(?5))) "
                           "ORDER BY a.due_date, a.id LIMIT ?6");
        s.BindAll(FormatDate(from), FormatDate(to), cursor->date, cursor->id, *points, limit + 1);
        return ReadDue(s, limit, LocalToday(clock_, settings_.Get()));
      });
  if (!out.ok()) return out;
  if (auto logged = internal::AuditRead(db_, clock_, actor, "report.due", "agreement/*",
                                        FormatDate(from) + ".." + FormatDate(to));
      !logged.ok())
    return logged.error();
  return out;
}

Result<Page<DueEntry>> QueryService::Overdue(const Actor& actor, std::optional<PointId> point,
                                             const PageRequest& page) {
  auto cursor = ParseDueCursor(page.after);
  if (!cursor) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  Date today = LocalToday(clock_, settings_.Get());
  auto out =
      internal::ReadTx<Page<DueEntry>>(db_, [&](db::Connection& c) -> Result<Page<DueEntry>> {
        auto points = internal::DeskPoints(c, actor, point);
        if (!points) return points.error();
        auto s = c.Prepare(std::string(kDueSelect) +
                           "AND a.due_date < ?1 AND (a.due_date, a.id) > (?2, ?3) "
                           "AND (?4 IS NULL OR a.point_id IN (SELECT value FROM json_each(?4))) "
                           "ORDER BY a.due_date, a.id LIMIT ?5");
        s.BindAll(FormatDate(today), cursor->date, cursor->id, *points, limit + 1);
        return ReadDue(s, limit, today);
      });
  if (!out.ok()) return out;
  if (auto logged = internal::AuditRead(db_, clock_, actor, "report.overdue", "agreement/*");
      !logged.ok())
    return logged.error();
  return out;
}

Result<std::vector<FamilyHistoryEntry>> QueryService::FamilyHistory(const Actor& actor,
                                                                    FamilyId family) {
  auto out = internal::ReadTx<std::vector<FamilyHistoryEntry>>(
      db_, [&](db::Connection& c) -> Result<std::vector<FamilyHistoryEntry>> {
        if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kFamily, family.value); !p)
          return p.error();
        std::vector<FamilyHistoryEntry> out;
        auto s = c.Prepare(
            "SELECT id, seq, year, state, start_date, due_date FROM agreement WHERE family_id = ? "
            "ORDER BY start_date DESC, id DESC");
        s.BindAll(family.value);
        while (s.Step()) {
          FamilyHistoryEntry e;
          e.agreement = AgreementId(s.Get<std::int64_t>(0));
          if (!s.IsNull(1)) e.number = AgreementNumber(s.Get<int>(1), s.Get<int>(2));
          e.state = Parse<AgreementState>(s.Get<std::string>(3)).value_or(AgreementState::kDraft);
          e.start_date = internal::StoredDate(s, 4, "agreement.start_date");
          e.due_date = internal::StoredDate(s, 5, "agreement.due_date");
          out.push_back(std::move(e));
        }
        s.Reset();
        auto items = c.Prepare(
            "SELECT i.inventory_number || ' ' || i.name FROM agreement_item ai JOIN item i ON "
            "i.id = ai.item_id WHERE ai.agreement_id = ? ORDER BY i.id");
        for (auto& e : out) {
          items.BindAll(e.agreement.value);
          while (items.Step()) e.items.push_back(items.Get<std::string>(0));
          items.Reset();
        }
        return out;
      });
  if (!out.ok()) return out;
  if (auto logged = internal::AuditRead(db_, clock_, actor, "family.history",
                                        "family/" + std::to_string(family.value));
      !logged.ok())
    return logged.error();
  return out;
}

Result<std::vector<MovementEntry>> QueryService::ItemHistory(const Actor& actor, ItemId item) {
  return internal::ReadTx<std::vector<MovementEntry>>(
      db_, [&](db::Connection& c) -> Result<std::vector<MovementEntry>> {
        if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kItem, item.value); !p)
          return p.error();
        std::vector<MovementEntry> out;
        auto s = c.Prepare(std::string(kMovementSelect) + "WHERE m.item_id = ? ORDER BY m.id");
        s.BindAll(item.value);
        while (s.Step()) out.push_back(ReadMovement(s));
        return out;
      });
}

Result<Page<RegisterEntry>> QueryService::AgreementRegister(const Actor& actor, Date from, Date to,
                                                            std::optional<PointId> point,
                                                            const PageRequest& page) {
  if (to < from) return Error::InvalidArgument("the period ends before it starts", "to");
  auto after = internal::CursorId(page.after);
  if (!after) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  return internal::ReadTx<
      Page<RegisterEntry>>(db_, [&](db::Connection& c) -> Result<Page<RegisterEntry>> {
    auto points = internal::DeskPoints(c, actor, point);
    if (!points) return points.error();
    auto s = c.Prepare(
        "SELECT a.id, a.seq, a.year, a.start_date, a.due_date, a.family_id, f.representative, "
        "COALESCE(ch.name, ''), (SELECT COUNT(*) FROM agreement_item ai WHERE "
        "ai.agreement_id = a.id), a.state, a.closed_at FROM agreement a "
        "JOIN family f ON f.id = a.family_id LEFT JOIN child ch ON ch.id = a.child_id "
        "WHERE a.state <> 'draft' AND a.state <> 'cancelled' AND a.start_date BETWEEN ?1 AND ?2 "
        "AND a.id > ?3 AND (?4 IS NULL OR a.point_id IN (SELECT value FROM json_each(?4))) "
        "ORDER BY a.id LIMIT ?5");
    s.BindAll(FormatDate(from), FormatDate(to), *after, *points, limit + 1);
    Page<RegisterEntry> out;
    while (s.Step()) {
      RegisterEntry e;
      e.agreement = AgreementId(s.Get<std::int64_t>(0));
      if (!s.IsNull(1)) e.number = AgreementNumber(s.Get<int>(1), s.Get<int>(2));
      e.start_date = internal::StoredDate(s, 3, "agreement.start_date");
      e.due_date = internal::StoredDate(s, 4, "agreement.due_date");
      e.family = FamilyId(s.Get<std::int64_t>(5));
      e.representative = s.Get<std::string>(6);
      e.child = s.Get<std::string>(7);
      e.items = s.Get<int>(8);
      e.state = Parse<AgreementState>(s.Get<std::string>(9)).value_or(AgreementState::kActive);
      e.closed_at = internal::StoredOptionalTimestamp(s, 10, "agreement.closed_at");
      out.items.push_back(std::move(e));
    }
    if (static_cast<int>(out.items.size()) > limit) {
      out.items.pop_back();
      out.next_cursor = std::to_string(out.items.back().agreement.value);
    }
    return out;
  });
}

Result<void> QueryService::LogBulkRead(const Actor& actor, std::string_view action,
                                       std::string_view detail) {
  return internal::AuditRead(db_, clock_, actor, action, "*", detail);
}

Result<Page<MovementEntry>> QueryService::MovementJournal(const Actor& actor,
                                                          const MovementFilter& f,
                                                          const PageRequest& page) {
  auto after = internal::CursorId(page.after);
  if (!after) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  auto offset = std::chrono::minutes(settings_.Get().utc_offset_minutes);
  std::optional<std::string> from, to;
  if (f.from) from = FormatTimestamp(Timestamp(*f.from) - offset);
  if (f.to) to = FormatTimestamp(Timestamp(*f.to + std::chrono::days(1)) - offset);
  return internal::ReadTx<Page<MovementEntry>>(
      db_, [&](db::Connection& c) -> Result<Page<MovementEntry>> {
        auto scope = internal::ScopeOf(c, actor);
        if (!scope) return scope.error();
        auto points = internal::PointsParam(*scope, f.point);
        if (!points) return points.error();
        // The rows of the items at the actor's points, and the transfers out of them.
        auto s = c.Prepare(std::string(kMovementSelect) +
                           "WHERE m.id > ?1 AND (?2 IS NULL OR m.item_id = ?2) AND "
                           "(?3 IS NULL OR m.agreement_id = ?3) AND (?4 IS NULL OR m.at >= ?4) AND "
                           "(?5 IS NULL OR m.at < ?5) AND (?7 IS NULL OR i.point_id IN "
                           "(SELECT value FROM json_each(?7)) OR m.from_point IN "
                           "(SELECT value FROM json_each(?7))) ORDER BY m.id LIMIT ?6");
        std::optional<std::int64_t> item, agreement;
        if (f.item) item = f.item->value;
        if (f.agreement) agreement = f.agreement->value;
        s.BindAll(*after, item, agreement, from, to, limit + 1, *points);
        Page<MovementEntry> out;
        while (s.Step()) out.items.push_back(ReadMovement(s));
        if (static_cast<int>(out.items.size()) > limit) {
          out.items.pop_back();
          out.next_cursor = std::to_string(out.items.back().id.value);
        }
        return out;
      });
}

Result<std::map<ItemStatus, int>> QueryService::ItemsByStatus(const Actor& actor,
                                                              std::optional<PointId> point) {
  return internal::ReadTx<std::map<ItemStatus, int>>(
      db_, [&](db::Connection& c) -> Result<std::map<ItemStatus, int>> {
        auto points = internal::DeskPoints(c, actor, point);
        if (!points) return points.error();
        std::map<ItemStatus, int> out;
        for (auto status : kAllItemStatuses) out[status] = 0;
        auto s = c.Prepare(
            "SELECT status, COUNT(*) FROM item WHERE "
            "(?1 IS NULL OR point_id IN (SELECT value FROM json_each(?1))) GROUP BY status");
        s.BindAll(*points);
        while (s.Step()) {
          if (auto status = Parse<ItemStatus>(s.Get<std::string>(0))) out[*status] = s.Get<int>(1);
        }
        return out;
      });
}

}  // namespace prokat::inventory
