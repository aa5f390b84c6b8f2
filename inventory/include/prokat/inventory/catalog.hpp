// The catalogue: usage rules (Правила контроля за состоянием, эффективным и целевым
// использованием оборудования), item types, items (Единый реестр предметов проката), kits and
// multiboxes, and the after-return steps (cleaned and inspected, repair, write-off).
//
// Thread-safe: every call is one transaction on db::Database. Every mutating call checks the
// actor, writes its audit row and, when an item changes status, its movement-journal row, in
// the same transaction.
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

struct RulesVersion {
  RulesVersionId id;
  RulesDocumentId document;
  std::string title;
  int version = 0;  // 1, 2, ... per document
  std::string text;
  Timestamp published_at;
};

struct Component {
  std::string name;  // "Подголовник"
  int quantity = 1;
  friend bool operator==(const Component&, const Component&) = default;
};

struct ItemType {
  ItemTypeId id;
  std::string name;  // "Вертикализатор"
  ItemCategory category = ItemCategory::kRehabilitation;
  int default_term_days = 90;
  RulesDocumentId rules;
  // The longest loan of an item of this type (предельный срок): an agreement's due date, and
  // its extensions, stay within start + max_term_days. std::nullopt: the settings' bounds only.
  std::optional<int> max_term_days;
  std::vector<Component> components;  // the default set given to a new item of the type
  std::vector<std::string> documents;  // "Паспорт", "Руководство по эксплуатации"
};

struct NewItemType {
  std::string name;
  ItemCategory category = ItemCategory::kRehabilitation;
  int default_term_days = 90;
  RulesDocumentId rules;
  std::optional<int> max_term_days;  // >= default_term_days when given
  std::vector<Component> components;
  std::vector<std::string> documents;
};

// Fields left std::nullopt are unchanged; max_term_days holds std::optional<int>{} to lift the
// limit.
struct ItemTypeUpdate {
  std::optional<std::string> name;
  std::optional<ItemCategory> category;
  std::optional<int> default_term_days;
  std::optional<RulesDocumentId> rules;
  std::optional<std::optional<int>> max_term_days;
  std::optional<std::vector<Component>> components;
  std::optional<std::vector<std::string>> documents;
};

using DefectId = Id<struct DefectTag>;

// What a return act found missing (one component) or damaged on an item; it stays on the item
// until made good (restored) or a supervisor lets the item be lent without it (accepted).
enum class DefectKind { kMissing, kDamage };
struct ItemDefect {
  DefectId id;
  DefectKind kind = DefectKind::kMissing;
  std::string component;  // kMissing: the component's name
  std::string note;       // kDamage: the damage as the return act wrote it
  std::optional<ReturnActId> return_act;
  std::optional<AgreementId> agreement;
  std::string agreement_number;  // "17/2026"
  Timestamp found_at;
  std::optional<Timestamp> restored_at;
  std::optional<UserId> restored_by;
  std::optional<Timestamp> accepted_at;  // lend as incomplete, a supervisor's decision
  std::optional<UserId> accepted_by;
  std::string accepted_reason;
  // Neither made good nor accepted: the item is not lent (kRuleViolation "item_has_defects").
  bool open() const { return !restored_at && !accepted_at; }
};
std::string_view ToString(DefectKind kind);  // "missing", "damage"

struct Item {
  ItemId id;
  std::string inventory_number;  // unique, "ВР-0001"
  std::string label;             // the printed label payload (see lookup.hpp)
  std::string serial_number;
  std::optional<std::string> gtin;  // normalised to 14 digits
  std::string name;                 // name and model
  ItemTypeId type;
  PointId point;
  ItemCondition condition = ItemCondition::kGood;
  ItemStatus status = ItemStatus::kAvailable;
  std::string funding_source;
  std::optional<Date> acquired_on;
  std::optional<std::int64_t> cost_kopecks;
  std::vector<Component> components;
  std::vector<std::string> documents;  // "Паспорт", "Руководство по эксплуатации"
  std::string notes;
  std::string storage_place;  // where on the point's shelves: "Стеллаж 2, полка 3"
  std::optional<KitId> kit;
  // Not yet made good, oldest first: open ones and those a supervisor accepted.
  std::vector<ItemDefect> defects;
};

struct NewItem {
  std::string inventory_number;
  std::string serial_number;
  std::string gtin;  // empty, or 8/12/13/14 digits with a valid check digit
  std::string name;
  ItemTypeId type;
  PointId point;
  ItemCondition condition = ItemCondition::kGood;
  std::string funding_source;
  std::optional<Date> acquired_on;
  std::optional<std::int64_t> cost_kopecks;
  std::vector<Component> components;
  std::vector<std::string> documents;
  std::string notes;
  std::string storage_place;
};

// Fields left std::nullopt are unchanged.
struct ItemUpdate {
  std::optional<std::string> name;
  std::optional<std::string> serial_number;
  std::optional<ItemTypeId> type;  // refused while the item is out (item_on_loan)
  std::optional<ItemCondition> condition;
  std::optional<std::string> funding_source;
  std::optional<std::vector<Component>> components;
  std::optional<std::vector<std::string>> documents;
  std::optional<std::string> notes;
  std::optional<std::string> storage_place;
  std::optional<std::optional<Date>> acquired_on;  // holding std::nullopt clears it
  std::optional<std::optional<std::int64_t>> cost_kopecks;
};

struct ItemFilter {
  std::optional<ItemStatus> status;
  std::optional<ItemTypeId> type;
  std::optional<PointId> point;
  std::optional<ItemCategory> category;
  std::string text;           // substring of inventory number or name, empty for any
  std::string storage_place;  // substring of the storage place, empty for any
};

// What staff decide after a returned item was looked at.
enum class InspectionOutcome {
  kCleanedAndInspected,  // -> available (or reserved for the next in the waiting list)
  kNeedsRepair,          // -> in_repair
  kWriteOff,             // -> written_off
};

struct Kit {
  KitId id;
  std::string name;  // "Мультибокс №3 «Сенсорика»"
  KitKind kind = KitKind::kKit;
  PointId point;
  std::string label;
  std::vector<ItemId> items;
  std::vector<Component> loose_components;  // parts that are not items of their own
  std::string notes;
  std::optional<Timestamp> taken_apart_at;  // set once the kit is taken apart: no items left
};

struct NewKit {
  std::string name;
  KitKind kind = KitKind::kKit;
  PointId point;
  std::vector<ItemId> items;  // each in no other kit, at the same point
  std::vector<Component> loose_components;
  std::string notes;
};

// Fields left std::nullopt are unchanged; `items` is the kit's whole new list.
struct KitUpdate {
  std::optional<std::string> name;
  std::optional<std::vector<ItemId>> items;
  std::optional<std::vector<Component>> loose_components;
  std::optional<std::string> notes;
};

class CatalogService {
 public:
  CatalogService(db::Database& db, const Clock& clock, SettingsRef settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  // Usage rules: a document with versions. PublishRules creates the document on first use of
  // `title` and adds version n+1. kInvalidArgument (title/text empty).
  Result<RulesVersion> PublishRules(const Actor& actor, const std::string& title,
                                    const std::string& text);
  // The newest version of a document; kNotFound.
  Result<RulesVersion> CurrentRules(RulesDocumentId document);
  // The rules that apply to an item type (its document's newest version); kNotFound.
  Result<RulesVersion> RulesForType(ItemTypeId type);

  // kInvalidArgument (name, default_term_days), kNotFound (rules), kConflict "duplicate_name".
  Result<ItemType> CreateItemType(const Actor& actor, const std::string& name,
                                  ItemCategory category, int default_term_days,
                                  RulesDocumentId rules);
  // The same with the type's term limit, default components and documents: kInvalidArgument
  // also for max_term_days (1..3660, not below default_term_days), components, documents.
  Result<ItemType> CreateItemType(const Actor& actor, const NewItemType& type);
  // Changes an item type; the items registered already keep their components and documents.
  // kNotFound (type, rules), kInvalidArgument as CreateItemType, kConflict "duplicate_name".
  Result<ItemType> UpdateItemType(const Actor& actor, ItemTypeId id, const ItemTypeUpdate& update);
  Result<std::vector<ItemType>> ListItemTypes();
  Result<ItemType> GetItemType(ItemTypeId id);

  // Registers an item, status available (and reserved at once when the waiting list for its
  // type is not empty). kInvalidArgument (inventory_number, name, gtin, components...),
  // kNotFound (type, point), kConflict "duplicate_inventory_number".
  Result<Item> CreateItem(const Actor& actor, const NewItem& item);
  // kNotFound also for an item of a point outside the actor's (see PointScope).
  Result<Item> GetItem(const Actor& actor, ItemId id);
  Result<Item> FindItemByInventoryNumber(const Actor& actor, const std::string& inventory_number);
  // kRuleViolation "item_on_loan" when the type is changed while the item is reserved, out for
  // delivery, on loan or in custody; kNotFound; kInvalidArgument.
  Result<Item> UpdateItem(const Actor& actor, ItemId id, const ItemUpdate& update);
  // The items of the actor's points, or of filter.point (kForbidden "point_not_allowed" when it
  // is not one of them).
  Result<Page<Item>> ListItems(const Actor& actor, const ItemFilter& filter,
                               const PageRequest& page);

  // After a return: REQUIRES status inspection (kRuleViolation "item_not_in_inspection").
  // kWriteOff is a write-off: kForbidden (field outcome) unless a supervisor or admin acts.
  // kCleanedAndInspected is refused with kRuleViolation "item_has_defects" (field outcome) while
  // a defect is open: cleaning does not make a missing part good (see CareService).
  Result<Item> CompleteInspection(const Actor& actor, ItemId id, InspectionOutcome outcome,
                                  std::optional<ItemCondition> condition, const std::string& note);
  // in_repair -> available (or reserved for the waiting list); the repair makes every defect
  // still on the item good. kRuleViolation "item_not_in_repair".
  Result<Item> CompleteRepair(const Actor& actor, ItemId id, ItemCondition condition,
                              const std::string& note);
  // Any state where the item is at the point (available, inspection, in_repair, lost) ->
  // written_off. kRuleViolation "item_on_loan" while reserved/out/on loan/in custody. Only a
  // supervisor or an admin writes off (kForbidden, field actor). Writes the act (DisposalAct).
  Result<Item> WriteOff(const Actor& actor, ItemId id, const std::string& reason);
  // Records an item at the point as lost (stocktake). kRuleViolation "item_on_loan" for an item
  // that is out: a family's loss goes on the return act (ReturnLine::lost). Writes the act.
  Result<Item> MarkLost(const Actor& actor, ItemId id, const std::string& note);
  // Moves an available item to another rental point: the one thing that crosses from one point
  // to another, with its journal row (movement from_point, to_point) and audit row. A supervisor
  // or admin given both points (kForbidden). kRuleViolation "item_not_available" unless the item
  // is available, "item_in_kit" while it is in a kit, "same_point"; kInvalidArgument (reason).
  Result<Item> Transfer(const Actor& actor, ItemId id, PointId to, const std::string& reason);

  // Kits and multiboxes. kInvalidArgument (name, items empty), kNotFound (item),
  // kConflict "item_in_other_kit".
  // Free items only: each available, at the kit's point (kRuleViolation "item_not_free",
  // "item_at_other_point").
  Result<Kit> CreateKit(const Actor& actor, const NewKit& kit);
  Result<Kit> GetKit(const Actor& actor, KitId id);
  // Renames, re-composes (items added must be free, as for CreateKit) or changes the loose parts
  // or notes of a kit that is at the point. kRuleViolation "kit_not_at_point" while any of its
  // items is reserved, out, on loan or in custody; "kit_taken_apart"; kInvalidArgument (name,
  // items empty, an item listed twice, loose components); kNotFound.
  Result<Kit> UpdateKit(const Actor& actor, KitId id, const KitUpdate& update);
  // Takes a kit at the point apart: its items become loose items of the point, its loose parts
  // are dropped, and the kit is no longer listed. kRuleViolation "kit_not_at_point",
  // "kit_taken_apart"; kNotFound.
  Result<Kit> TakeKitApart(const Actor& actor, KitId id);
  // The kits not taken apart.
  Result<std::vector<Kit>> ListKits(const Actor& actor, std::optional<KitKind> kind,
                                    std::optional<PointId> point);

 private:
  db::Database& db_;
  const Clock& clock_;
  SettingsRef settings_;  // read once per call (Get)
};

// GTIN/EAN check digit validation; `digits` of length 8, 12, 13 or 14. Returns the GTIN-14
// form (left-padded with zeros) or std::nullopt when malformed or the check digit is wrong.
std::optional<std::string> NormalizeGtin(std::string_view digits);

}  // namespace prokat::inventory
