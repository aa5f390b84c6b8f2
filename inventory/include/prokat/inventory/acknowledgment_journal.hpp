// AcknowledgmentJournal: the rules acknowledgment journal (Журнал учета ознакомления с
// правилами пользования оборудованием): who was told which rules version, on which agreement,
// by whom, read over a period of the point's calendar.
//
// Thread-safe: every call is one read transaction.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "prokat/core/result.hpp"
#include "prokat/inventory/live_settings.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

// One line of the journal.
struct AcknowledgmentEntry {
  Timestamp acknowledged_at;
  AgreementId agreement;
  std::string agreement_number;  // empty while the agreement is a draft
  FamilyId family;
  std::string representative;
  std::string rules_title;
  int rules_version = 0;
  std::string explained_by;  // the staff member's display name
};

class AcknowledgmentJournal {
 public:
  // REQUIRES: db outlives this object. The settings give the point's UTC offset.
  AcknowledgmentJournal(db::Database& db, SettingsRef settings)
      : db_(db), settings_(std::move(settings)) {}

  // Acknowledgments made in [from, to] (the point's calendar) at `point` (every point of the
  // actor's when std::nullopt), oldest first. kInvalidArgument (field "to") when to is before
  // from; kForbidden "point_not_allowed".
  Result<std::vector<AcknowledgmentEntry>> Entries(const Actor& actor, Date from, Date to,
                                                   std::optional<PointId> point);

 private:
  db::Database& db_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
