#include "prokat/inventory/rules_versions.hpp"

#include "internal.hpp"

namespace prokat::inventory {

Result<RulesVersion> RulesVersions::Get(RulesVersionId id) {
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
                        internal::StoredTimestamp(s, 4, "rules_version.published_at")};
  });
}

Result<std::vector<RulesVersion>> RulesVersions::List() {
  return internal::ReadTx<std::vector<RulesVersion>>(
      db_, [&](db::Connection& c) -> Result<std::vector<RulesVersion>> {
        auto s = c.Prepare(
            "SELECT v.id, v.document_id, d.title, v.version, v.text, v.published_at "
            "FROM rules_version v JOIN rules_document d ON d.id = v.document_id "
            "ORDER BY v.document_id, v.version DESC");
        std::vector<RulesVersion> out;
        while (s.Step()) {
          out.push_back(RulesVersion{
              RulesVersionId(s.Get<std::int64_t>(0)), RulesDocumentId(s.Get<std::int64_t>(1)),
              s.Get<std::string>(2), s.Get<int>(3), s.Get<std::string>(4),
              internal::StoredTimestamp(s, 5, "rules_version.published_at")});
        }
        return out;
      });
}

}  // namespace prokat::inventory
