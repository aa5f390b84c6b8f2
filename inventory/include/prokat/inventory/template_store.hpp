// TemplateStore: the editable texts of the printed documents (шаблоны): the loan agreement,
// the application, the consent to personal-data processing, the multibox act and report.
//
// Templates are versioned: publishing adds version n+1 and never changes an older one, so an
// agreement reprints with the text in force when it was activated (At). Until an admin
// publishes a kind, its built-in text (version 0) applies.
//
// Template text: paragraphs separated by blank lines; a line starting with "## " is a section
// heading; "{{key}}" is replaced by the renderer (documents/), e.g. {{org.name}},
// {{family.representative}}, {{agreement.number}}; unknown keys print as they are.
//
// Thread-safe: every call is one transaction; Publish writes an audit row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

enum class TemplateKind {
  kAgreement,
  kApplication,
  kConsent,
  kMultiboxAct,
  kMultiboxReport,
  kWriteOffAct,  // акт списания
  kLossAct,      // акт об утрате
};
inline constexpr TemplateKind kAllTemplateKinds[] = {
    TemplateKind::kAgreement,   TemplateKind::kApplication,    TemplateKind::kConsent,
    TemplateKind::kMultiboxAct, TemplateKind::kMultiboxReport, TemplateKind::kWriteOffAct,
    TemplateKind::kLossAct};

// "agreement", "application", "consent", "multibox_act", "multibox_report", "write_off_act",
// "loss_act".
std::string_view ToString(TemplateKind kind);
std::optional<TemplateKind> ParseTemplateKind(std::string_view name);

struct DocumentTemplate {
  TemplateKind kind = TemplateKind::kAgreement;
  int version = 0;  // 0: the built-in text
  std::string text;
  std::optional<Timestamp> published_at;  // none for the built-in text
  std::optional<UserId> published_by;
};

// The built-in text of a kind (version 0).
std::string_view DefaultTemplateText(TemplateKind kind);

class TemplateStore {
 public:
  // REQUIRES: db and clock outlive this object.
  TemplateStore(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The newest version of `kind` published at or before `at` (e.g. an agreement's
  // activated_at), or the built-in text when there is none. kStorage.
  Result<DocumentTemplate> At(TemplateKind kind, Timestamp at);
  // The newest published version, or the built-in text. kStorage.
  Result<DocumentTemplate> Current(TemplateKind kind);
  // Every published version, newest first (the built-in text is not listed).
  Result<std::vector<DocumentTemplate>> Versions(TemplateKind kind);
  // Adds version n+1. kForbidden unless the actor is an admin; kInvalidArgument (field "text")
  // when the text is blank or over 100,000 bytes.
  Result<DocumentTemplate> Publish(const Actor& actor, TemplateKind kind, const std::string& text);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace prokat::inventory
