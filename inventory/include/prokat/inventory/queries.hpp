// Journals, registers and reports: read-only queries on one consistent snapshot each.
// Dates are the point's calendar dates. Thread-safe. Queries showing family contact data
// (DueInWindow, Overdue, FamilyHistory) take the actor and write a "viewed" audit row: the
// read runs on a reader, the row is appended through the writer's group commit, and the call
// returns only once the row is durable.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

// One open agreement with its due date (due returns and overdue lists).
struct DueEntry {
  AgreementId agreement;
  std::string number;
  FamilyId family;
  std::string representative;
  std::string phone;
  Date due_date;
  int open_items = 0;
  int days_overdue = 0;  // 0 when not yet due
};

// Электронный журнал регистрации договоров: one row per agreement activated in the period.
struct RegisterEntry {
  AgreementId agreement;
  std::string number;
  Date start_date;
  Date due_date;
  FamilyId family;
  std::string representative;
  std::string child;
  int items = 0;
  AgreementState state = AgreementState::kActive;
  std::optional<Timestamp> closed_at;
};

// Журнал учета движения оборудования: one row per item status change.
struct MovementEntry {
  MovementId id;
  Timestamp at;
  ItemId item;
  std::string inventory_number;
  std::optional<ItemStatus> from;  // std::nullopt for registration
  ItemStatus to = ItemStatus::kAvailable;
  std::optional<AgreementId> agreement;
  std::optional<UserId> user;
  std::string note;
};

struct MovementFilter {
  std::optional<ItemId> item;
  std::optional<AgreementId> agreement;
  std::optional<Date> from;  // inclusive, point's calendar
  std::optional<Date> to;    // inclusive
  std::optional<PointId> point;
};

// A family's agreements, newest first.
struct FamilyHistoryEntry {
  AgreementId agreement;
  std::string number;
  AgreementState state = AgreementState::kDraft;
  Date start_date;
  Date due_date;
  std::vector<std::string> items;  // "ХД-001 Ходунки ..."
};

// Figures for the grant and ministry reports, for agreements whose start date lies in the
// period (drafts and cancelled ones excluded):
//   agreements      number of agreements
//   families        distinct families
//   children        distinct children named on them
//   items_issued    agreement lines (an item lent twice counts twice)
//   by_category     items_issued per item category
//   by_target_group distinct families per target group (a family in two groups counts in both)
struct ReportCounts {
  int agreements = 0;
  int families = 0;
  int children = 0;
  int items_issued = 0;
  std::map<ItemCategory, int> by_category;
  std::map<TargetGroup, int> by_target_group;
};

class QueryService {
 public:
  QueryService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Every list and report shows the actor's points (see PointScope), or the one `point` chosen
  // among them (kForbidden "point_not_allowed" otherwise); a record of another point is
  // kNotFound.

  // Open agreements due in [from, to], by due date. kInvalidArgument (to before from, cursor).
  Result<Page<DueEntry>> DueInWindow(const Actor& actor, Date from, Date to,
                                     std::optional<PointId> point, const PageRequest& page);
  // The same with the board's default window: from today at the point, to 14 days after
  // `from`. kInvalidArgument "to must not be before from" (field to).
  Result<Page<DueEntry>> DueInWindow(const Actor& actor, std::optional<Date> from,
                                     std::optional<Date> to, std::optional<PointId> point,
                                     const PageRequest& page);
  // Open agreements whose due date is before today, most overdue first.
  Result<Page<DueEntry>> Overdue(const Actor& actor, std::optional<PointId> point,
                                 const PageRequest& page);
  Result<std::vector<FamilyHistoryEntry>> FamilyHistory(const Actor& actor, FamilyId family);
  // An item's journal, oldest first. kNotFound.
  Result<std::vector<MovementEntry>> ItemHistory(const Actor& actor, ItemId item);
  // The register shows the families' names: a caller answering a request with it logs the
  // read once (LogBulkRead), however many pages it took.
  Result<Page<RegisterEntry>> AgreementRegister(const Actor& actor, Date from, Date to,
                                                std::optional<PointId> point,
                                                const PageRequest& page);
  // The rows of the items at the actor's points, and the transfers out of them.
  Result<Page<MovementEntry>> MovementJournal(const Actor& actor, const MovementFilter& filter,
                                              const PageRequest& page);
  Result<ReportCounts> Counts(const Actor& actor, Date from, Date to, std::optional<PointId> point);
  // Items per status now (the register's figures, written-off and lost ones included), at
  // one point or at all; every status is present, 0 when it has no items.
  // The "viewed" audit row of one request that read personal data in bulk (a register page, an
  // export): `action` ("export.agreements"), and `detail` saying what was read (period, point,
  // rows). Durable when it returns ok; a caller answers only then.
  Result<void> LogBulkRead(const Actor& actor, std::string_view action, std::string_view detail);
  Result<std::map<ItemStatus, int>> ItemsByStatus(const Actor& actor, std::optional<PointId> point);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
