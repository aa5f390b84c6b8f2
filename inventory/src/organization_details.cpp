#include "prokat/inventory/organization_details.hpp"

#include "internal.hpp"

namespace prokat::inventory {

namespace {

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

}  // namespace

Result<Organization> OrganizationDetails::Load() {
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

Result<void> OrganizationDetails::Save(const Actor& actor, const Organization& org) {
  for (const auto& k : kOrgKeys) {
    if ((org.*k.field).size() > kMaxOrgValueBytes)
      return Error::InvalidArgument("the value is too long", k.key);
  }
  return internal::WriteTx<void>(db_, [&](db::Connection& c) -> Result<void> {
    if (auto r = internal::CheckDocumentsAdmin(c, actor); !r) return r;
    auto s = c.Prepare(
        "INSERT INTO setting(key, value) VALUES(?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    for (const auto& k : kOrgKeys) s.BindAll(std::string_view(k.key), org.*k.field).Run();
    internal::Audit(c, clock_, actor, "organization.update", "settings/org");
    return {};
  });
}

}  // namespace prokat::inventory
