// OrganizationDetails: the organisation's details (реквизиты) printed in the header and the
// signature blocks of every document, kept in the `setting` table under org.name,
// org.address, org.director, org.director_title, org.city, org.phone.
//
// Thread-safe: every call is one transaction; Save writes an audit row.
#pragma once

#include <string>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

// Empty fields fall back to the point's name and address where the renderer has them.
struct Organization {
  std::string name;  // "КГБУСО «Комплексный центр социального обслуживания ...»"
  std::string address;         // "656052, г. Барнаул, ул. Телефонная, 50а"
  std::string director;        // "Жмылева Н. Ю."
  std::string director_title;  // "Директор"
  std::string city;            // "г. Барнаул"
  std::string phone;
};

class OrganizationDetails {
 public:
  // REQUIRES: db and clock outlive this object.
  OrganizationDetails(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The stored details; a field never saved is empty. kStorage.
  Result<Organization> Load();
  // Replaces every field. kForbidden unless admin; kInvalidArgument (the field's key) when a
  // value is over 500 bytes.
  Result<void> Save(const Actor& actor, const Organization& org);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace prokat::inventory
