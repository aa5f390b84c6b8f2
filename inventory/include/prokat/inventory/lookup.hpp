// Scanned codes: labels we print, and the one function that turns any scanned string into what
// it refers to.
//
// Label payload format, version 1 (printed as QR or Code 128 on items, kits and acts):
//
//     PK1-<K>-<NNNNNN>-<C>        e.g. "PK1-I-000123-7"
//
//   PK1     "Prokat label, format 1" (self-identifying; a future format is PK2-...)
//   K       what it names: I = item, K = kit or multibox, A = agreement (QR on the acts)
//   NNNNNN  the row id in decimal, at least 6 digits (zero-padded), at most 12
//   C       check character: Luhn mod 36 over the characters of "PK1" + K + NNNNNN
//           (digits 0-9 then A-Z), so any single mistyped or misread character and any swap
//           of two adjacent characters is detected.
// Scanners may add lower case, whitespace or a trailing newline; those are tolerated.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/types.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

std::string ItemLabel(ItemId id);
std::string KitLabel(KitId id);
std::string AgreementCode(AgreementId id);

// The decoded form of a label in our format, or std::nullopt for anything else (wrong prefix,
// unknown kind, bad digits, wrong check character).
struct ParsedLabel {
  enum class Kind { kItem, kKit, kAgreement } kind;
  std::int64_t id = 0;
};
std::optional<ParsedLabel> ParseLabel(std::string_view text);

// What a scanned string refers to.
struct ScannedItem {
  ItemId item;
  std::string inventory_number;
  std::string name;
  ItemStatus status;
};
struct ScannedKit {
  KitId kit;
  std::string name;
};
struct ScannedAgreement {
  AgreementId agreement;
  std::string number;  // "17/2026"
  AgreementState state;
};
// A manufacturer GTIN: every item of that model we hold (possibly none).
struct ScannedModel {
  std::string gtin;
  std::vector<ScannedItem> items;
};
// Not a code of ours: malformed, a wrong check character, or a well-formed label whose id does
// not exist. `why` is a short human explanation; never a guess at a near match.
struct NotOurs {
  std::string why;
};
using ScanResult = std::variant<ScannedItem, ScannedKit, ScannedAgreement, ScannedModel, NotOurs>;

class LookupService {
 public:
  LookupService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Resolves, in this order: our label format (PK1-...); a bare inventory number (exact,
  // case-sensitive); a GTIN/EAN of 8, 12, 13 or 14 digits with a valid check digit (a GS1
  // element string "(01)..." or "01..." is accepted too). Anything else is NotOurs, and so is
  // the code of an item, kit or agreement of a point outside the actor's (a model lists the
  // actor's items only). kStorage; kNotFound / kForbidden for an actor who may not act.
  Result<ScanResult> Resolve(const Actor& actor, std::string_view scanned);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace prokat::inventory
