#include "prokat/inventory/acknowledgment_journal.hpp"

#include <chrono>

#include "internal.hpp"

namespace prokat::inventory {

namespace {

// The UTC timestamp text of local midnight starting `day` at the point.
std::string LocalMidnightUtc(Date day, const InventorySettings& settings) {
  return FormatTimestamp(Timestamp(day) - std::chrono::minutes(settings.utc_offset_minutes));
}

}  // namespace

Result<std::vector<AcknowledgmentEntry>> AcknowledgmentJournal::Entries(
    const Actor& actor, Date from, Date to, std::optional<PointId> point) {
  if (to < from) return Error::InvalidArgument("'to' is before 'from'", "to");
  const InventorySettings settings = settings_.Get();
  return internal::ReadTx<std::vector<AcknowledgmentEntry>>(
      db_, [&](db::Connection& c) -> Result<std::vector<AcknowledgmentEntry>> {
        auto points = internal::DeskPoints(c, actor, point);
        if (!points) return points.error();
        auto s = c.Prepare(
            "SELECT r.acknowledged_at, a.id, a.seq, a.year, f.id, f.representative, d.title, "
            "v.version, u.display_name FROM rules_acknowledgment r "
            "JOIN agreement a ON a.id = r.agreement_id JOIN family f ON f.id = r.family_id "
            "JOIN rules_version v ON v.id = r.rules_version_id "
            "JOIN rules_document d ON d.id = v.document_id JOIN user u ON u.id = r.explained_by "
            "WHERE r.acknowledged_at >= ?1 AND r.acknowledged_at < ?2 "
            "AND (?3 IS NULL OR a.point_id IN (SELECT value FROM json_each(?3))) "
            "ORDER BY r.acknowledged_at, r.id");
        s.BindText(1, LocalMidnightUtc(from, settings));
        s.BindText(2, LocalMidnightUtc(to + std::chrono::days(1), settings));
        if (*points)
          s.BindText(3, **points);
        else
          s.BindNull(3);
        std::vector<AcknowledgmentEntry> out;
        while (s.Step()) {
          AcknowledgmentEntry e;
          e.acknowledged_at =
              internal::StoredTimestamp(s, 0, "rules_acknowledgment.acknowledged_at");
          e.agreement = AgreementId(s.Get<std::int64_t>(1));
          auto seq = s.Get<std::optional<int>>(2);
          auto year = s.Get<std::optional<int>>(3);
          if (seq && year) e.agreement_number = AgreementNumber(*seq, *year);
          e.family = FamilyId(s.Get<std::int64_t>(4));
          e.representative = s.Get<std::string>(5);
          e.rules_title = s.Get<std::string>(6);
          e.rules_version = s.Get<int>(7);
          e.explained_by = s.Get<std::string>(8);
          out.push_back(std::move(e));
        }
        return out;
      });
}

}  // namespace prokat::inventory
