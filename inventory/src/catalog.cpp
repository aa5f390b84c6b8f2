#include "prokat/inventory/catalog.hpp"

#include <algorithm>
#include <cctype>

#include "care_ops.hpp"
#include "internal.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::inventory {
namespace {

using internal::Audit;
using internal::CheckDesk;
using internal::LoadItem;

// Taking an item out of the stock for good (a write-off, however it is asked for, or a loss) is
// a supervisor's decision, an admin's too.
Result<void> CheckSupervisorDecision(const Actor& actor, const char* refusal, const char* field) {
  if (actor.role == Role::kSupervisor || actor.role == Role::kAdmin) return {};
  return Error::Forbidden({}, refusal, field);
}

constexpr const char* kWriteOffRefusal =
    "only a supervisor writes an item off; choose needs_repair or ask a supervisor";

std::string Subject(ItemId id) { return "item/" + std::to_string(id.value); }

Result<void> ValidateComponents(const std::vector<Component>& components) {
  for (const auto& c : components) {
    if (c.name.empty()) return Error::InvalidArgument("component name is empty", "components");
    if (c.quantity < 1 || c.quantity > 10000)
      return Error::InvalidArgument("component quantity must be 1..10000", "components");
  }
  return {};
}

void WriteComponents(db::Connection& c, ItemId id, const std::vector<Component>& components) {
  c.Prepare("DELETE FROM item_component WHERE item_id = ?").BindAll(id.value).Run();
  auto ins = c.Prepare("INSERT INTO item_component(item_id, name, quantity) VALUES(?,?,?)");
  for (const auto& comp : components) ins.BindAll(id.value, comp.name, comp.quantity).Run();
}

void WriteDocuments(db::Connection& c, ItemId id, const std::vector<std::string>& documents) {
  c.Prepare("DELETE FROM item_document WHERE item_id = ?").BindAll(id.value).Run();
  auto ins = c.Prepare("INSERT INTO item_document(item_id, name) VALUES(?,?)");
  for (const auto& d : documents) ins.BindAll(id.value, d).Run();
}

bool IsOut(ItemStatus s) {
  return s == ItemStatus::kReserved || s == ItemStatus::kOutForDelivery ||
         s == ItemStatus::kOnLoan || s == ItemStatus::kInCustody;
}

RulesVersion ReadRules(db::Statement& s) {
  return RulesVersion{RulesVersionId(s.Get<std::int64_t>(0)),
                      RulesDocumentId(s.Get<std::int64_t>(1)),
                      s.Get<std::string>(2),
                      s.Get<int>(3),
                      s.Get<std::string>(4),
                      internal::StoredTimestamp(s, 5, "rules_version.published_at")};
}

constexpr const char* kRulesColumns =
    "SELECT v.id, v.document_id, d.title, v.version, v.text, v.published_at FROM rules_version v "
    "JOIN rules_document d ON d.id = v.document_id ";

}  // namespace

namespace internal {

std::optional<Item> LoadItem(db::Connection& c, ItemId id) {
  auto s = c.Prepare(
      "SELECT i.id, inventory_number, serial_number, gtin, name, type_id, point_id, condition, "
      "status, funding_source, acquired_on, cost_kopecks, notes, k.kit_id, storage_place FROM item "
      "i "
      "LEFT JOIN kit_item k ON k.item_id = i.id WHERE i.id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  Item it;
  it.id = ItemId(s.Get<std::int64_t>(0));
  it.inventory_number = s.Get<std::string>(1);
  it.label = ItemLabel(it.id);
  it.serial_number = s.Get<std::string>(2);
  it.gtin = s.Get<std::optional<std::string>>(3);
  it.name = s.Get<std::string>(4);
  it.type = ItemTypeId(s.Get<std::int64_t>(5));
  it.point = PointId(s.Get<std::int64_t>(6));
  it.condition = Parse<ItemCondition>(s.Get<std::string>(7)).value_or(ItemCondition::kGood);
  it.status = Parse<ItemStatus>(s.Get<std::string>(8)).value_or(ItemStatus::kAvailable);
  it.funding_source = s.Get<std::string>(9);
  it.acquired_on = internal::StoredOptionalDate(s, 10, "item.acquired_on");
  it.cost_kopecks = s.Get<std::optional<std::int64_t>>(11);
  it.notes = s.Get<std::string>(12);
  if (auto k = s.Get<std::optional<std::int64_t>>(13)) it.kit = KitId(*k);
  it.storage_place = s.Get<std::string>(14);
  s.Reset();
  auto comps = c.Prepare("SELECT name, quantity FROM item_component WHERE item_id = ? ORDER BY id");
  comps.BindAll(id.value);
  while (comps.Step()) it.components.push_back({comps.Get<std::string>(0), comps.Get<int>(1)});
  auto docs = c.Prepare("SELECT name FROM item_document WHERE item_id = ? ORDER BY id");
  docs.BindAll(id.value);
  while (docs.Step()) it.documents.push_back(docs.Get<std::string>(0));
  docs.Reset();
  it.defects = LoadDefects(c, id, /*current_only=*/true);
  return it;
}

}  // namespace internal

namespace {

Result<void> ValidateDocuments(const std::vector<std::string>& documents) {
  for (const auto& d : documents)
    if (d.empty()) return Error::InvalidArgument("document name is empty", "documents");
  return {};
}

Result<void> ValidateItemType(const std::string& name, int default_term_days,
                              std::optional<int> max_term_days,
                              const std::vector<Component>& components,
                              const std::vector<std::string>& documents) {
  if (name.empty()) return Error::InvalidArgument("item type name is empty", "name");
  if (default_term_days < 1 || default_term_days > 366)
    return Error::InvalidArgument("default term must be 1..366 days", "default_term_days");
  if (max_term_days && (*max_term_days < 1 || *max_term_days > 3660))
    return Error::InvalidArgument("term limit must be 1..3660 days", "max_term_days");
  if (max_term_days && *max_term_days < default_term_days)
    return Error::InvalidArgument("term limit is shorter than the default term", "max_term_days");
  if (auto r = ValidateComponents(components); !r) return r.error();
  return ValidateDocuments(documents);
}

void WriteTypeDefaults(db::Connection& c, ItemTypeId id, const std::vector<Component>& components,
                       const std::vector<std::string>& documents) {
  c.Prepare("DELETE FROM item_type_component WHERE type_id = ?").BindAll(id.value).Run();
  auto comp = c.Prepare("INSERT INTO item_type_component(type_id, name, quantity) VALUES(?,?,?)");
  for (const auto& x : components) comp.BindAll(id.value, x.name, x.quantity).Run();
  c.Prepare("DELETE FROM item_type_document WHERE type_id = ?").BindAll(id.value).Run();
  auto doc = c.Prepare("INSERT INTO item_type_document(type_id, name) VALUES(?,?)");
  for (const auto& d : documents) doc.BindAll(id.value, d).Run();
}

std::optional<ItemType> LoadItemType(db::Connection& c, ItemTypeId id) {
  auto s = c.Prepare(
      "SELECT name, category, default_term_days, rules_document_id, max_term_days "
      "FROM item_type WHERE id = ?");
  if (!s.BindAll(id.value).Step()) return std::nullopt;
  ItemType t;
  t.id = id;
  t.name = s.Get<std::string>(0);
  t.category = Parse<ItemCategory>(s.Get<std::string>(1)).value_or(ItemCategory::kBaby);
  t.default_term_days = s.Get<int>(2);
  t.rules = RulesDocumentId(s.Get<std::int64_t>(3));
  if (auto m = s.Get<std::optional<std::int64_t>>(4)) t.max_term_days = static_cast<int>(*m);
  s.Reset();
  auto comps =
      c.Prepare("SELECT name, quantity FROM item_type_component WHERE type_id = ? ORDER BY id");
  comps.BindAll(id.value);
  while (comps.Step()) t.components.push_back({comps.Get<std::string>(0), comps.Get<int>(1)});
  auto docs = c.Prepare("SELECT name FROM item_type_document WHERE type_id = ? ORDER BY id");
  docs.BindAll(id.value);
  while (docs.Step()) t.documents.push_back(docs.Get<std::string>(0));
  return t;
}

}  // namespace

std::optional<std::string> NormalizeGtin(std::string_view digits) {
  if (digits.size() != 8 && digits.size() != 12 && digits.size() != 13 && digits.size() != 14)
    return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return std::nullopt;
  std::string g = std::string(14 - digits.size(), '0') + std::string(digits);
  int sum = 0;
  for (int i = 0; i < 13; ++i) sum += (g[static_cast<std::size_t>(i)] - '0') * (i % 2 == 0 ? 3 : 1);
  int check = (10 - sum % 10) % 10;
  if (check != g[13] - '0') return std::nullopt;
  return g;
}

Result<RulesVersion> CatalogService::PublishRules(const Actor& actor, const std::string& title,
                                                  const std::string& text) {
  if (title.empty()) return Error::InvalidArgument("rules title is empty", "title");
  if (text.empty()) return Error::InvalidArgument("rules text is empty", "text");
  return internal::WriteTx<RulesVersion>(db_, [&](db::Connection& c) -> Result<RulesVersion> {
    if (auto r = CheckDesk(c, actor); !r) return r.error();
    c.Prepare("INSERT INTO rules_document(title) VALUES(?) ON CONFLICT(title) DO NOTHING")
        .BindAll(title)
        .Run();
    auto doc = c.Prepare(
        "SELECT d.id, COALESCE(MAX(v.version), 0) FROM rules_document d "
        "LEFT JOIN rules_version v ON v.document_id = d.id WHERE d.title = ? GROUP BY d.id");
    doc.BindAll(title).Step();
    std::int64_t doc_id = doc.Get<std::int64_t>(0);
    int version = doc.Get<int>(1) + 1;
    doc.Reset();
    const Timestamp now = internal::NowTimestamp(clock_);
    c.Prepare(
         "INSERT INTO rules_version(document_id, version, text, published_at, published_by) "
         "VALUES(?,?,?,?,?)")
        .BindAll(doc_id, version, text, FormatTimestamp(now), actor.user.value)
        .Run();
    RulesVersion v{
        RulesVersionId(c.LastInsertRowId()), RulesDocumentId(doc_id), title, version, text, now};
    Audit(c, clock_, actor, "rules.publish", "rules/" + std::to_string(doc_id),
          "version " + std::to_string(version));
    return v;
  });
}

Result<RulesVersion> CatalogService::CurrentRules(RulesDocumentId document) {
  return internal::ReadTx<RulesVersion>(db_, [&](db::Connection& c) -> Result<RulesVersion> {
    auto s = c.Prepare(std::string(kRulesColumns) +
                       "WHERE v.document_id = ? ORDER BY v.version DESC LIMIT 1");
    if (!s.BindAll(document.value).Step()) return Error::NotFound("no such rules", "rules");
    return ReadRules(s);
  });
}

Result<RulesVersion> CatalogService::RulesForType(ItemTypeId type) {
  return internal::ReadTx<RulesVersion>(db_, [&](db::Connection& c) -> Result<RulesVersion> {
    auto s = c.Prepare(std::string(kRulesColumns) +
                       "JOIN item_type t ON t.rules_document_id = v.document_id WHERE t.id = ? "
                       "ORDER BY v.version DESC LIMIT 1");
    if (!s.BindAll(type.value).Step()) return Error::NotFound("no such item type", "type");
    return ReadRules(s);
  });
}

Result<ItemType> CatalogService::CreateItemType(const Actor& actor, const std::string& name,
                                                ItemCategory category, int default_term_days,
                                                RulesDocumentId rules) {
  NewItemType type;
  type.name = name;
  type.category = category;
  type.default_term_days = default_term_days;
  type.rules = rules;
  return CreateItemType(actor, type);
}

Result<ItemType> CatalogService::CreateItemType(const Actor& actor, const NewItemType& in) {
  if (auto r = ValidateItemType(in.name, in.default_term_days, in.max_term_days, in.components,
                                in.documents);
      !r)
    return r.error();
  return internal::WriteTx<ItemType>(db_, [&](db::Connection& c) -> Result<ItemType> {
    if (auto r = CheckDesk(c, actor); !r) return r.error();
    if (!c.Prepare("SELECT 1 FROM rules_document WHERE id = ?").BindAll(in.rules.value).Step())
      return Error::NotFound("no such rules document", "rules");
    if (c.Prepare("SELECT 1 FROM item_type WHERE name = ?").BindAll(in.name).Step())
      return Error::Conflict("duplicate_name", "item type '" + in.name + "' exists", "name");
    c.Prepare(
         "INSERT INTO item_type(name, category, default_term_days, rules_document_id, "
         "max_term_days) VALUES(?,?,?,?,?)")
        .BindAll(in.name, ToString(in.category), in.default_term_days, in.rules.value,
                 in.max_term_days)
        .Run();
    ItemTypeId id(c.LastInsertRowId());
    WriteTypeDefaults(c, id, in.components, in.documents);
    Audit(c, clock_, actor, "item_type.create", "item_type/" + std::to_string(id.value), in.name);
    return *LoadItemType(c, id);
  });
}

Result<ItemType> CatalogService::UpdateItemType(const Actor& actor, ItemTypeId id,
                                                const ItemTypeUpdate& u) {
  return internal::WriteTx<ItemType>(db_, [&](db::Connection& c) -> Result<ItemType> {
    if (auto r = CheckDesk(c, actor); !r) return r.error();
    auto cur = LoadItemType(c, id);
    if (!cur) return Error::NotFound("no such item type", "type");
    ItemType next = *cur;
    if (u.name) next.name = *u.name;
    if (u.category) next.category = *u.category;
    if (u.default_term_days) next.default_term_days = *u.default_term_days;
    if (u.rules) next.rules = *u.rules;
    if (u.max_term_days) next.max_term_days = *u.max_term_days;
    if (u.components) next.components = *u.components;
    if (u.documents) next.documents = *u.documents;
    if (auto r = ValidateItemType(next.name, next.default_term_days, next.max_term_days,
                                  next.components, next.documents);
        !r)
      return r.error();
    if (!c.Prepare("SELECT 1 FROM rules_document WHERE id = ?").BindAll(next.rules.value).Step())
      return Error::NotFound("no such rules document", "rules");
    if (c.Prepare("SELECT 1 FROM item_type WHERE name = ? AND id <> ?")
            .BindAll(next.name, id.value)
            .Step())
      return Error::Conflict("duplicate_name", "item type '" + next.name + "' exists", "name");
    c.Prepare(
         "UPDATE item_type SET name = ?, category = ?, default_term_days = ?, "
         "rules_document_id = ?, max_term_days = ? WHERE id = ?")
        .BindAll(next.name, ToString(next.category), next.default_term_days, next.rules.value,
                 next.max_term_days, id.value)
        .Run();
    if (u.components || u.documents) WriteTypeDefaults(c, id, next.components, next.documents);
    Audit(c, clock_, actor, "item_type.update", "item_type/" + std::to_string(id.value), next.name);
    return *LoadItemType(c, id);
  });
}

Result<std::vector<ItemType>> CatalogService::ListItemTypes() {
  return internal::ReadTx<std::vector<ItemType>>(
      db_, [&](db::Connection& c) -> Result<std::vector<ItemType>> {
        std::vector<ItemTypeId> ids;
        auto s = c.Prepare("SELECT id FROM item_type ORDER BY name");
        while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
        s.Reset();
        std::vector<ItemType> out;
        for (auto id : ids) out.push_back(*LoadItemType(c, id));
        return out;
      });
}

Result<ItemType> CatalogService::GetItemType(ItemTypeId id) {
  return internal::ReadTx<ItemType>(db_, [&](db::Connection& c) -> Result<ItemType> {
    auto t = LoadItemType(c, id);
    if (!t) return Error::NotFound("no such item type", "type");
    return *t;
  });
}

Result<Item> CatalogService::CreateItem(const Actor& actor, const NewItem& in) {
  if (in.inventory_number.empty() || in.inventory_number.size() > 40)
    return Error::InvalidArgument("inventory number must be 1..40 characters", "inventory_number");
  if (ParseLabel(in.inventory_number))
    return Error::InvalidArgument("inventory number must not look like a Prokat label",
                                  "inventory_number");
  if (in.name.empty()) return Error::InvalidArgument("item name is empty", "name");
  std::optional<std::string> gtin;
  if (!in.gtin.empty()) {
    gtin = NormalizeGtin(in.gtin);
    if (!gtin)
      return Error::InvalidArgument("GTIN is malformed or its check digit is wrong", "gtin");
  }
  if (in.cost_kopecks && *in.cost_kopecks < 0)
    return Error::InvalidArgument("cost is negative", "cost_kopecks");
  if (auto r = ValidateComponents(in.components); !r) return r.error();
  if (auto r = ValidateDocuments(in.documents); !r) return r.error();
  if (in.storage_place.size() > 200)
    return Error::InvalidArgument("storage place is over 200 characters", "storage_place");
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    auto scope = internal::DeskScopeOf(c, actor);
    if (!scope) return scope.error();
    if (!c.Prepare("SELECT 1 FROM item_type WHERE id = ?").BindAll(in.type.value).Step())
      return Error::NotFound("no such item type", "type");
    if (auto r = internal::CheckPointAllowed(c, *scope, in.point); !r) return r.error();
    if (c.Prepare("SELECT 1 FROM item WHERE inventory_number = ?")
            .BindAll(in.inventory_number)
            .Step())
      return Error::Conflict("duplicate_inventory_number",
                             "inventory number '" + in.inventory_number + "' is taken",
                             "inventory_number");
    std::optional<std::string> acquired;
    if (in.acquired_on) acquired = FormatDate(*in.acquired_on);
    c.Prepare(
         "INSERT INTO item(inventory_number, serial_number, gtin, name, type_id, point_id, "
         "condition, status, funding_source, acquired_on, cost_kopecks, notes, created_at, "
         "storage_place) VALUES(?,?,?,?,?,?,?,'available',?,?,?,?,?,?)")
        .BindAll(in.inventory_number, in.serial_number, gtin, in.name, in.type.value,
                 in.point.value, ToString(in.condition), in.funding_source, acquired,
                 in.cost_kopecks, in.notes, internal::Now(clock_), in.storage_place)
        .Run();
    ItemId id(c.LastInsertRowId());
    WriteComponents(c, id, in.components);
    WriteDocuments(c, id, in.documents);
    c.Prepare(
         "INSERT INTO movement(at, item_id, from_status, to_status, user_id, note) "
         "VALUES(?,?,NULL,'available',?,'registered')")
        .BindAll(internal::Now(clock_), id.value, actor.user.value)
        .Run();
    Audit(c, clock_, actor, "item.create", Subject(id), in.inventory_number);
    internal::OfferToWaitingList(c, clock_, settings_.Get(), actor, id);
    return *LoadItem(c, id);
  });
}

Result<Item> CatalogService::GetItem(const Actor& actor, ItemId id) {
  return internal::ReadTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    if (auto p = internal::VisiblePointOf(c, actor, internal::Owned::kItem, id.value); !p)
      return p.error();
    return *LoadItem(c, id);
  });
}

Result<Item> CatalogService::FindItemByInventoryNumber(const Actor& actor,
                                                       const std::string& number) {
  return internal::ReadTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    auto scope = internal::ScopeOf(c, actor);
    if (!scope) return scope.error();
    auto s = c.Prepare("SELECT id, point_id FROM item WHERE inventory_number = ?");
    if (!s.BindAll(number).Step() || !scope->Contains(PointId(s.Get<std::int64_t>(1))))
      return Error::NotFound("no item with this inventory number", "inventory_number");
    return *LoadItem(c, ItemId(s.Get<std::int64_t>(0)));
  });
}

Result<Item> CatalogService::UpdateItem(const Actor& actor, ItemId id, const ItemUpdate& u) {
  if (u.name && u.name->empty()) return Error::InvalidArgument("item name is empty", "name");
  if (u.components) {
    if (auto r = ValidateComponents(*u.components); !r) return r.error();
  }
  if (u.documents) {
    if (auto r = ValidateDocuments(*u.documents); !r) return r.error();
  }
  if (u.storage_place && u.storage_place->size() > 200)
    return Error::InvalidArgument("storage place is over 200 characters", "storage_place");
  if (u.cost_kopecks && *u.cost_kopecks && **u.cost_kopecks < 0)
    return Error::InvalidArgument("cost is negative", "cost_kopecks");
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kItem, id.value); !p)
      return p.error();
    auto cur = LoadItem(c, id);
    if (!cur) return Error::NotFound("no such item", "item");
    if (u.type && *u.type != cur->type) {
      if (IsOut(cur->status))
        return Error::RuleViolation("item_on_loan",
                                    "the type of an item that is out (" +
                                        std::string(ToString(cur->status)) + ") cannot change",
                                    "type");
      if (!c.Prepare("SELECT 1 FROM item_type WHERE id = ?").BindAll(u.type->value).Step())
        return Error::NotFound("no such item type", "type");
    }
    if (cur->status == ItemStatus::kWrittenOff)
      return Error::RuleViolation("item_written_off", "a written-off item cannot be edited",
                                  "item");
    std::optional<std::string> acquired;
    if (auto on = u.acquired_on.value_or(cur->acquired_on)) acquired = FormatDate(*on);
    auto cost = u.cost_kopecks.value_or(cur->cost_kopecks);
    c.Prepare(
         "UPDATE item SET name = ?, serial_number = ?, type_id = ?, condition = ?, "
         "funding_source = ?, notes = ?, storage_place = ?, acquired_on = ?, cost_kopecks = ? "
         "WHERE id = ?")
        .BindAll(u.name.value_or(cur->name), u.serial_number.value_or(cur->serial_number),
                 u.type.value_or(cur->type).value, ToString(u.condition.value_or(cur->condition)),
                 u.funding_source.value_or(cur->funding_source), u.notes.value_or(cur->notes),
                 u.storage_place.value_or(cur->storage_place), acquired, cost, id.value)
        .Run();
    if (u.components) WriteComponents(c, id, *u.components);
    if (u.documents) WriteDocuments(c, id, *u.documents);
    Audit(c, clock_, actor, "item.update", Subject(id));
    return *LoadItem(c, id);
  });
}

Result<Page<Item>> CatalogService::ListItems(const Actor& actor, const ItemFilter& f,
                                             const PageRequest& page) {
  auto after = internal::CursorId(page.after);
  if (!after) return Error::InvalidArgument("malformed cursor", "after");
  int limit = internal::ClampLimit(page.limit);
  return internal::ReadTx<Page<Item>>(db_, [&](db::Connection& c) -> Result<Page<Item>> {
    auto scope = internal::ScopeOf(c, actor);
    if (!scope) return scope.error();
    auto points = internal::PointsParam(*scope, f.point, "point_id");
    if (!points) return points.error();
    auto s = c.Prepare(
        "SELECT i.id FROM item i JOIN item_type t ON t.id = i.type_id WHERE i.id > ?1 "
        "AND (?2 IS NULL OR i.status = ?2) AND (?3 IS NULL OR i.type_id = ?3) "
        "AND (?4 IS NULL OR i.point_id IN (SELECT value FROM json_each(?4))) "
        "AND (?5 IS NULL OR t.category = ?5) "
        "AND (?6 = '' OR instr(i.inventory_number, ?6) > 0 OR instr(i.name, ?6) > 0) "
        "AND (?8 = '' OR instr(lower(i.storage_place), lower(?8)) > 0) "
        "ORDER BY i.id LIMIT ?7");
    std::optional<std::string_view> status, category;
    if (f.status) status = ToString(*f.status);
    if (f.category) category = ToString(*f.category);
    std::optional<std::int64_t> type;
    if (f.type) type = f.type->value;
    s.BindAll(*after, status, type, *points, category, f.text, limit + 1, f.storage_place);
    std::vector<ItemId> ids;
    while (s.Step()) ids.emplace_back(s.Get<std::int64_t>(0));
    s.Reset();
    Page<Item> out;
    for (std::size_t i = 0; i < ids.size() && static_cast<int>(i) < limit; ++i)
      out.items.push_back(*LoadItem(c, ids[i]));
    if (static_cast<int>(ids.size()) > limit)
      out.next_cursor = std::to_string(out.items.back().id.value);
    return out;
  });
}

Result<Item> CatalogService::CompleteInspection(const Actor& actor, ItemId id,
                                                InspectionOutcome outcome,
                                                std::optional<ItemCondition> condition,
                                                const std::string& note) {
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kItem, id.value); !p)
      return p.error();
    if (outcome == InspectionOutcome::kWriteOff) {
      if (auto r = CheckSupervisorDecision(actor, kWriteOffRefusal, "outcome"); !r)
        return r.error();
    }
    auto status = internal::ItemStatusOf(c, id);
    if (!status) return Error::NotFound("no such item", "item");
    if (*status != ItemStatus::kInspection)
      return Error::RuleViolation(
          "item_not_in_inspection",
          "the item is " + std::string(ToString(*status)) + ", not waiting for inspection", "item");
    if (outcome == InspectionOutcome::kCleanedAndInspected) {
      if (auto r = internal::CheckNoOpenDefects(c, id, "outcome"); !r) return r.error();
    }
    if (condition) {
      c.Prepare("UPDATE item SET condition = ? WHERE id = ?")
          .BindAll(ToString(*condition), id.value)
          .Run();
    }
    ItemStatus to = outcome == InspectionOutcome::kCleanedAndInspected ? ItemStatus::kAvailable
                    : outcome == InspectionOutcome::kNeedsRepair       ? ItemStatus::kInRepair
                                                                       : ItemStatus::kWrittenOff;
    std::string what = outcome == InspectionOutcome::kCleanedAndInspected ? "cleaned and inspected"
                       : outcome == InspectionOutcome::kNeedsRepair       ? "needs repair"
                                                                          : "written off";
    internal::MoveItem(c, clock_, actor, id, *status, to, std::nullopt,
                       note.empty() ? what : what + ": " + note);
    Audit(c, clock_, actor, "item.inspect", Subject(id), what);
    internal::AddCareStep(c, clock_, actor, id, CareStepKind::kInspection, note);
    if (outcome == InspectionOutcome::kCleanedAndInspected)
      internal::AddCareStep(c, clock_, actor, id, CareStepKind::kCleaning, {});
    if (outcome == InspectionOutcome::kWriteOff)
      internal::RecordDisposal(c, clock_, actor, id, DisposalKind::kWriteOff,
                               note.empty() ? what : note);
    if (to == ItemStatus::kAvailable)
      internal::OfferToWaitingList(c, clock_, settings_.Get(), actor, id);
    return *LoadItem(c, id);
  });
}

Result<Item> CatalogService::CompleteRepair(const Actor& actor, ItemId id, ItemCondition condition,
                                            const std::string& note) {
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    if (auto p = internal::DeskPointOf(c, actor, internal::Owned::kItem, id.value); !p)
      return p.error();
    auto status = internal::ItemStatusOf(c, id);
    if (!status) return Error::NotFound("no such item", "item");
    if (*status != ItemStatus::kInRepair)
      return Error::RuleViolation("item_not_in_repair", "the item is not in repair", "item");
    c.Prepare("UPDATE item SET condition = ? WHERE id = ?")
        .BindAll(ToString(condition), id.value)
        .Run();
    internal::MoveItem(c, clock_, actor, id, *status, ItemStatus::kAvailable, std::nullopt,
                       "repaired" + (note.empty() ? "" : ": " + note));
    internal::RestoreAllDefects(c, clock_, actor, id);
    internal::AddCareStep(c, clock_, actor, id, CareStepKind::kRepair, note);
    Audit(c, clock_, actor, "item.repaired", Subject(id), note);
    internal::OfferToWaitingList(c, clock_, settings_.Get(), actor, id);
    return *LoadItem(c, id);
  });
}

Result<Item> CatalogService::WriteOff(const Actor& actor, ItemId id, const std::string& reason) {
  return internal::WriteTx<Item>(
      db_, [&](db::Connection& c) { return internal::WriteOffIn(c, clock_, actor, id, reason); });
}

Result<Item> CatalogService::MarkLost(const Actor& actor, ItemId id, const std::string& note) {
  return internal::WriteTx<Item>(
      db_, [&](db::Connection& c) { return internal::MarkLostIn(c, clock_, actor, id, note); });
}

namespace internal {

Result<Item> WriteOffIn(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                        const std::string& reason) {
  if (reason.empty()) return Error::InvalidArgument("a write-off needs a reason", "reason");
  if (auto p = DeskPointOf(c, actor, Owned::kItem, id.value); !p) return p.error();
  if (auto r = CheckSupervisorDecision(actor, kWriteOffRefusal, "actor"); !r) return r.error();
  auto status = ItemStatusOf(c, id);
  if (!status) return Error::NotFound("no such item", "item");
  if (IsOut(*status))
    return Error::RuleViolation(
        "item_on_loan",
        "an item that is " + std::string(ToString(*status)) + " cannot be written off", "item");
  if (*status == ItemStatus::kWrittenOff)
    return Error::RuleViolation("item_written_off", "the item is already written off", "item");
  MoveItem(c, clock, actor, id, *status, ItemStatus::kWrittenOff, std::nullopt, reason);
  Audit(c, clock, actor, "item.write_off", Subject(id), reason);
  RecordDisposal(c, clock, actor, id, DisposalKind::kWriteOff, reason);
  return *LoadItem(c, id);
}

Result<Item> MarkLostIn(db::Connection& c, const Clock& clock, const Actor& actor, ItemId id,
                        const std::string& note) {
  if (auto p = DeskPointOf(c, actor, Owned::kItem, id.value); !p) return p.error();
  if (auto r = CheckSupervisorDecision(actor, "only a supervisor declares an item lost", "actor");
      !r)
    return r.error();
  auto status = ItemStatusOf(c, id);
  if (!status) return Error::NotFound("no such item", "item");
  if (IsOut(*status))
    return Error::RuleViolation("item_on_loan",
                                "an item that is out is reported lost on its return act "
                                "(ReturnLine::lost) or custody",
                                "item");
  if (*status == ItemStatus::kWrittenOff || *status == ItemStatus::kLost)
    return Error::RuleViolation("item_written_off", "the item is already gone", "item");
  MoveItem(c, clock, actor, id, *status, ItemStatus::kLost, std::nullopt, note);
  Audit(c, clock, actor, "item.lost", Subject(id), note);
  RecordDisposal(c, clock, actor, id, DisposalKind::kLoss, note);
  return *LoadItem(c, id);
}

}  // namespace internal

Result<Item> CatalogService::Transfer(const Actor& actor, ItemId id, PointId to,
                                      const std::string& reason) {
  if (reason.empty()) return Error::InvalidArgument("a transfer needs a reason", "reason");
  return internal::WriteTx<Item>(db_, [&](db::Connection& c) -> Result<Item> {
    auto from = internal::DeskPointOf(c, actor, internal::Owned::kItem, id.value);
    if (!from) return from.error();
    if (auto r =
            CheckSupervisorDecision(actor, "only a supervisor moves items between points", "actor");
        !r)
      return r.error();
    auto scope = internal::StoredScope(c, actor.user);
    if (auto r = internal::CheckPointAllowed(c, scope, to, "to_point_id"); !r) return r.error();
    if (*from == to)
      return Error::RuleViolation("same_point", "the item is already at that point", "to_point_id");
    auto status = internal::ItemStatusOf(c, id);
    if (status != ItemStatus::kAvailable)
      return Error::RuleViolation("item_not_available",
                                  "only an available item moves to another point (it is " +
                                      std::string(ToString(*status)) + ")",
                                  "item");
    if (c.Prepare("SELECT 1 FROM kit_item WHERE item_id = ?").BindAll(id.value).Step())
      return Error::RuleViolation("item_in_kit", "the item is in a kit: take it out first", "item");
    c.Prepare("UPDATE item SET point_id = ? WHERE id = ?").BindAll(to.value, id.value).Run();
    c.Prepare(
         "INSERT INTO movement(at, item_id, from_status, to_status, user_id, note, from_point, "
         "to_point) VALUES(?,?,'available','available',?,?,?,?)")
        .BindAll(internal::Now(clock_), id.value, actor.user.value, reason, from->value, to.value)
        .Run();
    Audit(c, clock_, actor, "item.transfer", Subject(id),
          std::to_string(from->value) + " -> " + std::to_string(to.value) + ": " + reason);
    internal::OfferToWaitingList(c, clock_, settings_.Get(), actor, id);
    return *LoadItem(c, id);
  });
}

}  // namespace prokat::inventory
