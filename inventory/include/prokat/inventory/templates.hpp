// What the printed documents need beyond the other services: the editable texts of the
// documents (шаблоны: the loan agreement, the application, the consent to personal-data
// processing, the multibox act and report), the organisation's details printed on them, rules
// versions by id (the version a family acknowledged), and the rules acknowledgment journal
// (Журнал учета ознакомления с правилами пользования оборудованием).
//
// Templates are versioned: publishing adds version n+1 and never changes an older one, so an
// agreement reprints with the text in force when it was activated (TemplateAt). Until an admin
// publishes a kind, its built-in text (version 0) applies.
//
// Template text: paragraphs separated by blank lines; a line starting with "## " is a section
// heading; "{{key}}" is replaced by the renderer (web/src/documents/), e.g. {{org.name}},
// {{family.representative}}, {{agreement.number}}; unknown keys print as they are.
//
// Thread-safe: every call is one transaction; PublishTemplate and SaveOrganization write an
// audit row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

enum class TemplateKind { kAgreement, kApplication, kConsent, kMultiboxAct, kMultiboxReport };
inline constexpr TemplateKind kAllTemplateKinds[] = {
    TemplateKind::kAgreement, TemplateKind::kApplication, TemplateKind::kConsent,
    TemplateKind::kMultiboxAct, TemplateKind::kMultiboxReport};

// "agreement", "application", "consent", "multibox_act", "multibox_report".
std::string_view ToString(TemplateKind kind);
std::optional<TemplateKind> ParseTemplateKind(std::string_view name);

struct DocumentTemplate {
  TemplateKind kind = TemplateKind::kAgreement;
  int version = 0;  // 0: the built-in text
  std::string text;
  std::string published_at;  // empty for the built-in text
  std::optional<UserId> published_by;
};

// The built-in text of a kind (version 0).
std::string_view DefaultTemplateText(TemplateKind kind);

// Printed in the header of the documents; stored in `setting` under org.name, org.address,
// org.director, org.director_title, org.city, org.phone. Empty fields fall back to the point's
// name and address where the renderer has them.
struct Organization {
  std::string name;  // "КГБУСО «Комплексный центр социального обслуживания ...»"
  std::string address;         // "656052, г. Барнаул, ул. Телефонная, 50а"
  std::string director;        // "Жмылева Н. Ю."
  std::string director_title;  // "Директор"
  std::string city;            // "г. Барнаул"
  std::string phone;
};

// One line of the rules acknowledgment journal.
struct AcknowledgmentEntry {
  std::string acknowledged_at;  // UTC timestamp
  AgreementId agreement;
  std::string agreement_number;  // empty while the agreement is a draft
  FamilyId family;
  std::string representative;
  std::string rules_title;
  int rules_version = 0;
  std::string explained_by;  // the staff member's display name
};

class DocumentStore {
 public:
  DocumentStore(db::Database& db, const Clock& clock, InventorySettings settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // The newest version of `kind` published at or before `at` (a UTC timestamp as stored, e.g.
  // an agreement's activated_at), or the built-in text when there is none. kStorage.
  Result<DocumentTemplate> TemplateAt(TemplateKind kind, std::string_view at);
  Result<DocumentTemplate> CurrentTemplate(TemplateKind kind);
  // Every published version, newest first (the built-in text is not listed).
  Result<std::vector<DocumentTemplate>> ListVersions(TemplateKind kind);
  // Adds version n+1. kForbidden unless the actor is an admin; kInvalidArgument (field "text")
  // when the text is blank or over 100,000 bytes.
  Result<DocumentTemplate> PublishTemplate(const Actor& actor, TemplateKind kind,
                                           const std::string& text);

  Result<Organization> LoadOrganization();
  // kForbidden unless admin; kInvalidArgument (field) when a value is over 500 bytes.
  Result<void> SaveOrganization(const Actor& actor, const Organization& org);

  // A rules version by id, whether or not it is the newest. kNotFound.
  Result<RulesVersion> GetRulesVersion(RulesVersionId id);
  // Acknowledgments made in [from, to] (the point's calendar), oldest first.
  // kInvalidArgument (to before from).
  Result<std::vector<AcknowledgmentEntry>> AcknowledgmentJournal(Date from, Date to,
                                                                 std::optional<PointId> point);

 private:
  db::Database& db_;
  const Clock& clock_;
  InventorySettings settings_;
};

}  // namespace prokat::inventory
