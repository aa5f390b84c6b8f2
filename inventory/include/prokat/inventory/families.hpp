// Families (семьи): the legal representative, consent to personal-data processing, children
// and target groups. Store only what the agreement needs. Thread-safe; every call is one
// transaction; mutations write an audit row.
#pragma once

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

struct Child {
  ChildId id;
  FamilyId family;
  std::string name;
  Date birth_date;
  ChildCategory category = ChildCategory::kNone;
};

struct NewChild {
  std::string name;
  Date birth_date;  // not in the future
  ChildCategory category = ChildCategory::kNone;
};

struct Family {
  FamilyId id;
  PointId point;
  std::string representative;  // законный представитель, full name
  std::string phone;
  std::string address;
  std::string district;
  Date consent_on;  // согласие на обработку персональных данных
  std::vector<TargetGroup> target_groups;
  std::vector<Child> children;
  std::string notes;
};

struct NewFamily {
  PointId point;
  std::string representative;  // required
  std::string phone;           // required; digits with optional + ( ) - and spaces, 5..20 digits
  std::string address;         // required
  std::string district;
  std::optional<Date> consent_on;  // required: no family is stored without consent
  std::vector<TargetGroup> target_groups;
  std::vector<NewChild> children;
  std::string notes;
};

struct FamilyUpdate {
  std::optional<std::string> representative;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> district;
  std::optional<std::vector<TargetGroup>> target_groups;
  std::optional<std::string> notes;
};

struct FamilyFilter {
  std::optional<PointId> point;
  std::optional<TargetGroup> target_group;
  std::string text;  // substring of representative name or phone
};

class FamilyService {
 public:
  FamilyService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // kInvalidArgument naming the field (representative, phone, address, consent_on,
  // children.name, children.birth_date); kNotFound (point).
  Result<Family> CreateFamily(const Actor& actor, const NewFamily& family);
  Result<Family> UpdateFamily(const Actor& actor, FamilyId id, const FamilyUpdate& update);
  Result<Child> AddChild(const Actor& actor, FamilyId family, const NewChild& child);
  // Reading a family's personal data writes an audit row ("family.view") naming the actor:
  // log who looked.
  Result<Family> GetFamily(const Actor& actor, FamilyId id);
  Result<Page<Family>> ListFamilies(const Actor& actor, const FamilyFilter& filter,
                                    const PageRequest& page);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

}  // namespace prokat::inventory
