// RulesVersions: any published version of the usage rules by its id, whether or not it is the
// newest, so that a document shows the version a family acknowledged. Publishing rules and
// the version in force for an item type are CatalogService's.
//
// Thread-safe: every call is one read transaction.
#pragma once

#include <vector>

#include "prokat/core/result.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

class RulesVersions {
 public:
  // REQUIRES: db outlives this object.
  explicit RulesVersions(db::Database& db) : db_(db) {}

  // kNotFound (field "rules") for an unknown id.
  Result<RulesVersion> Get(RulesVersionId id);
  // Every published version of every rules document: by document (oldest document first),
  // then newest version first. kStorage.
  Result<std::vector<RulesVersion>> List();

 private:
  db::Database& db_;
};

}  // namespace prokat::inventory
