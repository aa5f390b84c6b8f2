#include "prokat/inventory/templates.hpp"

#include <chrono>

#include "internal.hpp"

namespace prokat::inventory {

namespace {

constexpr std::size_t kMaxTemplateBytes = 100'000;
constexpr std::size_t kMaxOrgValueBytes = 500;

struct OrgKey {
  const char* key;
  std::string Organization::*field;
};
constexpr OrgKey kOrgKeys[] = {
    {"org.name", &Organization::name},
    {"org.address", &Organization::address},
    {"org.director", &Organization::director},
    {"org.director_title", &Organization::director_title},
    {"org.city", &Organization::city},
    {"org.phone", &Organization::phone},
};

Result<void> CheckAdmin(db::Connection& c, const Actor& actor) {
  if (auto r = internal::CheckActor(c, actor); !r) return r;
  if (actor.role != Role::kAdmin)
    return Error::Forbidden("role_not_allowed", "only an admin can change the document texts");
  return {};
}

DocumentTemplate Builtin(TemplateKind kind) {
  return {kind, 0, std::string(DefaultTemplateText(kind)), {}, std::nullopt};
}

DocumentTemplate ReadTemplate(const db::Statement& s, TemplateKind kind) {
  DocumentTemplate t;
  t.kind = kind;
  t.version = s.Get<int>(0);
  t.text = s.Get<std::string>(1);
  t.published_at = s.Get<std::string>(2);
  t.published_by = UserId(s.Get<std::int64_t>(3));
  return t;
}

// The UTC timestamp text of local midnight starting `day` at the point.
std::string LocalMidnightUtc(Date day, const InventorySettings& settings) {
  return FormatTimestamp(Timestamp(day) - std::chrono::minutes(settings.utc_offset_minutes));
}

}  // namespace

std::string_view ToString(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::kAgreement:
      return "agreement";
    case TemplateKind::kApplication:
      return "application";
    case TemplateKind::kConsent:
      return "consent";
    case TemplateKind::kMultiboxAct:
      return "multibox_act";
    case TemplateKind::kMultiboxReport:
      return "multibox_report";
  }
  return "agreement";
}

std::optional<TemplateKind> ParseTemplateKind(std::string_view name) {
  for (TemplateKind k : kAllTemplateKinds)
    if (ToString(k) == name) return k;
  return std::nullopt;
}

Result<DocumentTemplate> DocumentStore::TemplateAt(TemplateKind kind, std::string_view at) {
  return internal::ReadTx<DocumentTemplate>(
      db_, [&](db::Connection& c) -> Result<DocumentTemplate> {
        auto s = c.Prepare(
            "SELECT version, text, published_at, published_by FROM document_template "
            "WHERE kind = ? AND published_at <= ? ORDER BY version DESC LIMIT 1");
        if (!s.BindAll(ToString(kind), at).Step()) return Builtin(kind);
        return ReadTemplate(s, kind);
      });
}

Result<DocumentTemplate> DocumentStore::CurrentTemplate(TemplateKind kind) {
  return internal::ReadTx<DocumentTemplate>(
      db_, [&](db::Connection& c) -> Result<DocumentTemplate> {
        auto s = c.Prepare(
            "SELECT version, text, published_at, published_by FROM document_template "
            "WHERE kind = ? ORDER BY version DESC LIMIT 1");
        if (!s.BindAll(ToString(kind)).Step()) return Builtin(kind);
        return ReadTemplate(s, kind);
      });
}

Result<std::vector<DocumentTemplate>> DocumentStore::ListVersions(TemplateKind kind) {
  return internal::ReadTx<std::vector<DocumentTemplate>>(
      db_, [&](db::Connection& c) -> Result<std::vector<DocumentTemplate>> {
        auto s = c.Prepare(
            "SELECT version, text, published_at, published_by FROM document_template "
            "WHERE kind = ? ORDER BY version DESC");
        s.BindAll(ToString(kind));
        std::vector<DocumentTemplate> out;
        while (s.Step()) out.push_back(ReadTemplate(s, kind));
        return out;
      });
}

Result<DocumentTemplate> DocumentStore::PublishTemplate(const Actor& actor, TemplateKind kind,
                                                        const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::InvalidArgument("the text is empty", "text");
  if (text.size() > kMaxTemplateBytes)
    return Error::InvalidArgument("the text is longer than 100000 bytes", "text");
  return internal::WriteTx<DocumentTemplate>(
      db_, [&](db::Connection& c) -> Result<DocumentTemplate> {
        if (auto r = CheckAdmin(c, actor); !r) return r.error();
        auto next =
            c.Prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM document_template WHERE kind = ?");
        next.BindAll(ToString(kind)).Step();
        DocumentTemplate t{kind, next.Get<int>(0), text, internal::Now(clock_), actor.user};
        next.Reset();
        c.Prepare(
             "INSERT INTO document_template(kind, version, text, published_at, published_by) "
             "VALUES(?,?,?,?,?)")
            .BindAll(ToString(kind), t.version, t.text, t.published_at, actor.user.value)
            .Run();
        internal::Audit(c, clock_, actor, "template.publish",
                        "template/" + std::string(ToString(kind)),
                        "version " + std::to_string(t.version));
        return t;
      });
}

Result<Organization> DocumentStore::LoadOrganization() {
  return internal::ReadTx<Organization>(db_, [&](db::Connection& c) -> Result<Organization> {
    Organization org;
    auto s = c.Prepare("SELECT value FROM setting WHERE key = ?");
    for (const auto& k : kOrgKeys) {
      if (s.BindAll(std::string_view(k.key)).Step()) org.*k.field = s.Get<std::string>(0);
      s.Reset();
    }
    return org;
  });
}

Result<void> DocumentStore::SaveOrganization(const Actor& actor, const Organization& org) {
  for (const auto& k : kOrgKeys) {
    if ((org.*k.field).size() > kMaxOrgValueBytes)
      return Error::InvalidArgument("the value is too long", k.key);
  }
  return internal::WriteTx<void>(db_, [&](db::Connection& c) -> Result<void> {
    if (auto r = CheckAdmin(c, actor); !r) return r;
    auto s = c.Prepare(
        "INSERT INTO setting(key, value) VALUES(?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    for (const auto& k : kOrgKeys) s.BindAll(std::string_view(k.key), org.*k.field).Run();
    internal::Audit(c, clock_, actor, "organization.update", "settings/org");
    return {};
  });
}

Result<RulesVersion> DocumentStore::GetRulesVersion(RulesVersionId id) {
  return internal::ReadTx<RulesVersion>(db_, [&](db::Connection& c) -> Result<RulesVersion> {
    auto s = c.Prepare(
        "SELECT v.document_id, d.title, v.version, v.text, v.published_at FROM rules_version v "
        "JOIN rules_document d ON d.id = v.document_id WHERE v.id = ?");
    if (!s.BindAll(id.value).Step()) return Error::NotFound("no such rules version", "rules");
    return RulesVersion{id,
                        RulesDocumentId(s.Get<std::int64_t>(0)),
                        s.Get<std::string>(1),
                        s.Get<int>(2),
                        s.Get<std::string>(3),
                        s.Get<std::string>(4)};
  });
}

Result<std::vector<AcknowledgmentEntry>> DocumentStore::AcknowledgmentJournal(
    Date from, Date to, std::optional<PointId> point) {
  if (to < from) return Error::InvalidArgument("'to' is before 'from'", "to");
  return internal::ReadTx<std::vector<AcknowledgmentEntry>>(
      db_, [&](db::Connection& c) -> Result<std::vector<AcknowledgmentEntry>> {
        auto s = c.Prepare(
            "SELECT r.acknowledged_at, a.id, a.seq, a.year, f.id, f.representative, d.title, "
            "v.version, u.display_name FROM rules_acknowledgment r "
            "JOIN agreement a ON a.id = r.agreement_id JOIN family f ON f.id = r.family_id "
            "JOIN rules_version v ON v.id = r.rules_version_id "
            "JOIN rules_document d ON d.id = v.document_id JOIN user u ON u.id = r.explained_by "
            "WHERE r.acknowledged_at >= ?1 AND r.acknowledged_at < ?2 "
            "AND (?3 IS NULL OR a.point_id = ?3) ORDER BY r.acknowledged_at, r.id");
        s.BindText(1, LocalMidnightUtc(from, settings_));
        s.BindText(2, LocalMidnightUtc(to + std::chrono::days(1), settings_));
        if (point)
          s.BindInt64(3, point->value);
        else
          s.BindNull(3);
        std::vector<AcknowledgmentEntry> out;
        while (s.Step()) {
          AcknowledgmentEntry e;
          e.acknowledged_at = s.Get<std::string>(0);
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
