#include "prokat/inventory/template_store.hpp"

#include "internal.hpp"

namespace prokat::inventory {

namespace {

constexpr std::size_t kMaxTemplateBytes = 100'000;

DocumentTemplate Builtin(TemplateKind kind) {
  return {kind, 0, std::string(DefaultTemplateText(kind)), {}, std::nullopt};
}

DocumentTemplate ReadTemplate(const db::Statement& s, TemplateKind kind) {
  DocumentTemplate t;
  t.kind = kind;
  t.version = s.Get<int>(0);
  t.text = s.Get<std::string>(1);
  t.published_at = internal::StoredTimestamp(s, 2, "document_template.published_at");
  t.published_by = UserId(s.Get<std::int64_t>(3));
  return t;
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
    case TemplateKind::kWriteOffAct:
      return "write_off_act";
    case TemplateKind::kLossAct:
      return "loss_act";
  }
  return "agreement";
}

std::optional<TemplateKind> ParseTemplateKind(std::string_view name) {
  for (TemplateKind k : kAllTemplateKinds)
    if (ToString(k) == name) return k;
  return std::nullopt;
}

Result<DocumentTemplate> TemplateStore::At(TemplateKind kind, Timestamp at) {
  return internal::ReadTx<DocumentTemplate>(
      db_, [&](db::Connection& c) -> Result<DocumentTemplate> {
        auto s = c.Prepare(
            "SELECT version, text, published_at, published_by FROM document_template "
            "WHERE kind = ? AND published_at <= ? ORDER BY version DESC LIMIT 1");
        if (!s.BindAll(ToString(kind), FormatTimestamp(at)).Step()) return Builtin(kind);
        return ReadTemplate(s, kind);
      });
}

Result<DocumentTemplate> TemplateStore::Current(TemplateKind kind) {
  return internal::ReadTx<DocumentTemplate>(
      db_, [&](db::Connection& c) -> Result<DocumentTemplate> {
        auto s = c.Prepare(
            "SELECT version, text, published_at, published_by FROM document_template "
            "WHERE kind = ? ORDER BY version DESC LIMIT 1");
        if (!s.BindAll(ToString(kind)).Step()) return Builtin(kind);
        return ReadTemplate(s, kind);
      });
}

Result<std::vector<DocumentTemplate>> TemplateStore::Versions(TemplateKind kind) {
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

Result<DocumentTemplate> TemplateStore::Publish(const Actor& actor, TemplateKind kind,
                                                const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::InvalidArgument("the text is empty", "text");
  if (text.size() > kMaxTemplateBytes)
    return Error::InvalidArgument("the text is longer than 100000 bytes", "text");
  return internal::WriteTx<
      DocumentTemplate>(db_, [&](db::Connection& c) -> Result<DocumentTemplate> {
    if (auto r = internal::CheckDocumentsAdmin(c, actor); !r) return r.error();
    auto next =
        c.Prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM document_template WHERE kind = ?");
    next.BindAll(ToString(kind)).Step();
    DocumentTemplate t{kind, next.Get<int>(0), text, internal::NowTimestamp(clock_), actor.user};
    next.Reset();
    c.Prepare(
         "INSERT INTO document_template(kind, version, text, published_at, published_by) "
         "VALUES(?,?,?,?,?)")
        .BindAll(ToString(kind), t.version, t.text, FormatTimestamp(*t.published_at),
                 actor.user.value)
        .Run();
    internal::Audit(c, clock_, actor, "template.publish", "template/" + std::string(ToString(kind)),
                    "version " + std::to_string(t.version));
    return t;
  });
}

}  // namespace prokat::inventory
