#include "prokat/inventory/demo_data.hpp"

#include "demo_tables.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <span>

#include "agreement_ops.hpp"
#include "care_ops.hpp"
#include "prokat/inventory/agreements.hpp"
#include "prokat/inventory/applications.hpp"
#include "prokat/inventory/care.hpp"
#include "prokat/inventory/catalog.hpp"
#include "prokat/inventory/deliveries.hpp"
#include "prokat/inventory/families.hpp"
#include "prokat/inventory/lookup.hpp"
#include "prokat/inventory/photos.hpp"
#include "prokat/inventory/users.hpp"

#define PROKAT_TRY(var, expr)                                     \
  auto var##_result = (expr);                                     \
  if (!var##_result.ok()) return std::move(var##_result).error(); \
  auto var = std::move(var##_result).value()
#define PROKAT_CHECK(expr)                      \
  do {                                          \
    auto r_ = (expr);                           \
    if (!r_.ok()) return std::move(r_).error(); \
  } while (0)

namespace prokat::inventory {
namespace {

using namespace demo;  // NOLINT: the tables of demo_tables.hpp

// splitmix64: the same sequence on every platform (std distributions are not portable).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(Below(N))];
  }

 private:
  std::uint64_t state_;
};

// The signature a demo delivery is confirmed with: a confirmation names an image uploaded at
// the door, here a blank one-pixel PNG.
constexpr unsigned char kBlankPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0x0f, 0x00, 0x01, 0x01, 0x01, 0x00, 0xb1, 0x38, 0xf6, 0x14, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

std::string Phone(Rng& rng) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "+7 (9%02d) %03d-%02d-%02d", rng.Below(100), rng.Below(1000),
                rng.Below(100), rng.Below(100));
  return buf;
}

// Trips each demo driver has on the last day (the point's today).
constexpr int kTripsToday = 3;

// The state of the simulation, kept beside the database so it needs no reads.
struct OpenLoan {
  AgreementId id;
  FamilyId family;
  std::vector<ItemId> items;
  std::optional<KitId> kit;
  Date due;
  bool will_be_late = false;  // never returned: becomes overdue
  int extensions = 0;
  bool awaiting_delivery = false;
};

}  // namespace

Result<DemoDataSummary> GenerateDemoData(db::Database& db, const Clock& real_clock,
                                         const DemoDataOptions& options) {
  if (options.families < 1 || options.families > 100000)
    return Error::InvalidArgument("families must be 1..100000", "families");
  if (options.multiboxes < 0 || options.multiboxes > static_cast<int>(kBoxNames.size()) * 10)
    return Error::InvalidArgument("multiboxes must be 0..100", "multiboxes");
  if (options.days_of_history < 30 || options.days_of_history > 3650)
    return Error::InvalidArgument("days_of_history must be 30..3650", "days_of_history");
  auto loaded = LoadSettings(db);
  if (!loaded) return loaded.error();
  InventorySettings settings = *loaded;
  const Date end = LocalToday(real_clock, settings);
  const Date start = end - std::chrono::days(options.days_of_history);
  const auto offset = std::chrono::minutes(settings.utc_offset_minutes);
  // Each simulated day starts at 09:00 local time; every operation moves a minute on. The
  // last day (today) must not run past the real now: it starts half an hour before now (not
  // before midnight, not after 09:00), its operations move a second on and stop at now.
  const auto now = std::chrono::floor<std::chrono::seconds>(real_clock.Now());
  ManualClock clock(Timestamp(start) + std::chrono::hours(9) - offset);
  bool last_day = false;
  auto set_day = [&](Date d) {
    const auto nine = Timestamp(d) + std::chrono::hours(9) - offset;
    last_day = d == end;
    clock.Set(last_day ? std::clamp(now - std::chrono::minutes(30), Timestamp(d) - offset, nine)
                       : nine);
  };
  auto tick = [&] {
    if (!last_day) return clock.Advance(std::chrono::minutes(1));
    if (clock.Now() < now) clock.Advance(std::chrono::seconds(1));
  };

  return internal::WriteTx<DemoDataSummary>(db, [&](db::Connection& c) -> Result<DemoDataSummary> {
    {
      auto any = c.Prepare("SELECT (SELECT COUNT(*) FROM user) + (SELECT COUNT(*) FROM item)");
      any.Step();
      if (any.Get<int>(0) > 0)
        return Error::Conflict("database_not_empty", "demo data goes into a new database only");
    }
    Rng rng(options.seed);
    UserService users(db, clock);
    CatalogService catalog(db, clock, settings);
    CareService care(db, clock, settings);
    FamilyService families(db, clock, settings);
    AgreementService agreements(db, clock, settings);
    ApplicationService applications(db, clock, settings);
    DeliveryService deliveries(db, clock, settings);
    PhotoStore photos(db, clock, settings);
    DemoDataSummary summary;

    PROKAT_TRY(point, users.CreatePoint("Социальный пункт проката СМФЦ г. Барнаула",
                                        "г. Барнаул, ул. Малахова, 15", "DEMO"));
    PROKAT_TRY(admin_user,
               users.CreateUser(
                   std::nullopt,
                   {"admin", "Администратор системы", Role::kAdmin, {point.id, {}, true}, ""}));
    Actor admin{admin_user.id, Role::kAdmin};
    std::vector<Actor> staff, drivers;
    std::size_t trips_planned = 0;
    for (auto [login, name] : {std::pair{"ivanova", "Иванова Анна Петровна"},
                               std::pair{"sokolova", "Соколова Мария Игоревна"}}) {
      PROKAT_TRY(u, users.CreateUser(admin, {login, name, Role::kStaff, {point.id}, ""}));
      staff.push_back({u.id, Role::kStaff});
    }
    for (auto [login, name] : {std::pair{"petrov", "Петров Виктор Сергеевич"},
                               std::pair{"sidorov", "Сидоров Олег Николаевич"}}) {
      PROKAT_TRY(u, users.CreateUser(admin, {login, name, Role::kDriver, {point.id}, ""}));
      drivers.push_back({u.id, Role::kDriver});
    }
    PROKAT_TRY(supervisor_user, users.CreateUser(admin, {"zaveduyushaya",
                                                         "Заведующая сектором Лебедева Е.В.",
                                                         Role::kSupervisor,
                                                         {point.id},
                                                         ""}));
    const Actor supervisor{supervisor_user.id, Role::kSupervisor};
    summary.users = 6;
    auto who = [&] { return staff[static_cast<std::size_t>(rng.Below(2))]; };

    std::vector<RulesDocumentId> rules;
    for (const char* title : kRules) {
      PROKAT_TRY(r, catalog.PublishRules(admin, title,
                                         std::string(title) +
                                             ".\n1. Использовать оборудование по назначению.\n"
                                             "2. Соблюдать инструкцию изготовителя.\n"
                                             "3. Сообщать о неисправностях в пункт проката.\n"
                                             "4. Вернуть оборудование в срок в чистом виде."));
      rules.push_back(r.document);
    }
    std::vector<ItemTypeId> types;
    std::map<std::int64_t, std::vector<ItemId>> free_by_type;  // available, not in a kit
    std::map<std::int64_t, ItemTypeId> type_of;
    const std::array<const char*, 3> funding = {"Грант Фонда поддержки детей", "Краевой бюджет",
                                                "Благотворительное пожертвование"};
    for (const auto& spec : kTypes) {
      int term = spec.category == ItemCategory::kLeisureSport ? 30 : 90;
      PROKAT_TRY(t, catalog.CreateItemType(admin, spec.name, spec.category, term,
                                           rules[static_cast<std::size_t>(spec.rules)]));
      types.push_back(t.id);
      for (int n = 1; n <= spec.count; ++n) {
        NewItem in;
        char number[32];
        std::snprintf(number, sizeof number, "%s-%04d", spec.prefix, n);
        in.inventory_number = number;
        in.name = std::string(spec.name) + " " + rng.Pick(spec.models);
        in.serial_number = "SN" + std::to_string(100000 + rng.Below(900000));
        in.type = t.id;
        in.point = point.id;
        in.condition = rng.Chance(40) ? ItemCondition::kNew : ItemCondition::kGood;
        in.funding_source = rng.Pick(funding);
        in.acquired_on = start - std::chrono::days(rng.Below(400));
        in.cost_kopecks = (3000 + rng.Below(60000)) * 100LL;
        in.components = {{spec.components[0], 1}, {spec.components[1], 1 + rng.Below(2)}};
        in.documents = {"Паспорт изделия", "Руководство по эксплуатации"};
        tick();
        PROKAT_TRY(item, catalog.CreateItem(admin, in));
        free_by_type[t.id.value].push_back(item.id);
        type_of[item.id.value] = t.id;
        ++summary.items;
      }
    }
    PROKAT_TRY(box_type, catalog.CreateItemType(admin, "Наполнение мультибокса",
                                                ItemCategory::kMultibox, 60, rules[3]));
    std::vector<KitId> free_boxes;
    std::set<std::int64_t> kit_items;  // multibox contents always come back into service
    for (int b = 0; b < options.multiboxes; ++b) {
      std::vector<ItemId> contents;
      for (std::size_t k = 0; k < kBoxContents.size(); ++k) {
        NewItem in;
        char number[48];
        std::snprintf(number, sizeof number, "МБ-%02d-%d", b + 1, static_cast<int>(k) + 1);
        in.inventory_number = number;
        in.name = kBoxContents[k];
        in.type = box_type.id;
        in.point = point.id;
        in.funding_source = funding[0];
        in.components = {{"Методические рекомендации", 1}};
        tick();
        PROKAT_TRY(item, catalog.CreateItem(admin, in));
        contents.push_back(item.id);
        kit_items.insert(item.id.value);
        ++summary.items;
      }
      std::string name = "Мультибокс №" + std::to_string(b + 1) + " «" +
                         kBoxNames[static_cast<std::size_t>(b) % kBoxNames.size()] + "»";
      PROKAT_TRY(kit, catalog.CreateKit(admin, {name,
                                                KitKind::kMultibox,
                                                point.id,
                                                contents,
                                                {{"Контейнер", 1}, {"Инструкция", 1}},
                                                ""}));
      free_boxes.push_back(kit.id);
      ++summary.kits;
    }

    // Families arrive over the history: a third at the start, the rest spread out.
    std::vector<FamilyId> family_ids;
    std::map<std::int64_t, std::optional<ChildId>> first_child;
    std::map<std::int64_t, bool> has_loan;
    auto add_family = [&](Date today) -> Result<void> {
      NewFamily f;
      f.point = point.id;
      std::string surname = rng.Pick(kSurnames);
      f.representative = surname + " " + rng.Pick(kMothers) + " " + rng.Pick(kPatronymics);
      f.phone = Phone(rng);
      f.district = rng.Pick(kDistricts);
      f.address = "г. Барнаул, " + std::string(rng.Pick(kStreets)) + ", д. " +
                  std::to_string(1 + rng.Below(120)) + ", кв. " +
                  std::to_string(1 + rng.Below(200));
      f.consent_on = today;
      int g = rng.Below(100);
      f.target_groups.push_back(g < 35   ? TargetGroup::kDisabledChild
                                : g < 60 ? TargetGroup::kSpecialNeedsChild
                                : g < 72 ? TargetGroup::kServicemanFamily
                                : g < 87 ? TargetGroup::kDifficultSituation
                                : g < 95 ? TargetGroup::kNewbornKept
                                         : TargetGroup::kDisabledAdult);
      if (rng.Chance(15) && f.target_groups[0] != TargetGroup::kDifficultSituation)
        f.target_groups.push_back(TargetGroup::kDifficultSituation);
      int kids =
          f.target_groups[0] == TargetGroup::kDisabledAdult ? rng.Below(2) : 1 + rng.Below(2);
      for (int k = 0; k < kids; ++k) {
        NewChild ch;
        std::string child_surname = surname.substr(0, surname.size() - 2);  // drop "а"
        ch.name = child_surname + " " + rng.Pick(kChildren);
        bool newborn = f.target_groups[0] == TargetGroup::kNewbornKept && k == 0;
        ch.birth_date =
            today - std::chrono::days(newborn ? rng.Below(200) : 365 + rng.Below(365 * 14));
        ch.category = f.target_groups[0] == TargetGroup::kDisabledChild && k == 0
                          ? ChildCategory::kDisabled
                      : f.target_groups[0] == TargetGroup::kSpecialNeedsChild && k == 0
                          ? ChildCategory::kSpecialNeeds
                          : ChildCategory::kNone;
        f.children.push_back(ch);
      }
      tick();
      auto created = families.CreateFamily(who(), f);
      if (!created) return created.error();
      family_ids.push_back(created->id);
      if (!created->children.empty()) first_child[created->id.value] = created->children[0].id;
      ++summary.families;
      return {};
    };

    std::vector<OpenLoan> open;
    std::vector<std::pair<ItemId, Date>> in_inspection, in_repair;
    const int initial_families = std::max(1, options.families / 3);
    const int total_days = options.days_of_history;
    int families_added = 0;
    for (Date today = start; today <= end; today += std::chrono::days(1)) {
      set_day(today);
      const int day = (today - start).count();
      // Family arrivals.
      int due_families = initial_families +
                         (options.families - initial_families) * day / std::max(1, total_days - 14);
      if (day == 0) due_families = initial_families;
      while (families_added < std::min(due_families, options.families)) {
        if (auto r = add_family(today); !r) return r.error();
        ++families_added;
      }
      std::chrono::weekday wd(today);
      if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) continue;
      Actor desk = who();

      // Drivers confirm the previous days' trips (the last two days stay out for delivery).
      for (auto& loan : open) {
        if (!loan.awaiting_delivery || today >= end - std::chrono::days(4)) continue;
        auto d = c.Prepare(
            "SELECT id, driver_id FROM delivery WHERE agreement_id = ? AND status = 'out'");
        if (!d.BindAll(loan.id.value).Step()) continue;
        DeliveryId trip(d.Get<std::int64_t>(0));
        Actor driver{UserId(d.Get<std::int64_t>(1)), Role::kDriver};
        d.Reset();
        DeliveryConfirmation door;
        for (auto item : loan.items)
          door.scans.push_back({ItemLabel(item),
                                std::chrono::floor<std::chrono::seconds>(clock.Now()),
                                std::nullopt});
        door.received_by = "представитель семьи";
        PROKAT_TRY(signature, photos.Attach(driver, std::nullopt, loan.id, PhotoOccasion::kDoor,
                                            std::as_bytes(std::span(kBlankPng))));
        door.signature_ref = signature.file_name;
        tick();
        PROKAT_CHECK(deliveries.Confirm(driver, trip, door));
        loan.awaiting_delivery = false;
      }

      // Inspections and repairs.
      for (auto it = in_inspection.begin(); it != in_inspection.end();) {
        if ((today - it->second).count() < 1 + rng.Below(3)) {
          ++it;
          continue;
        }
        int roll = rng.Below(100);
        if (kit_items.count(it->first.value)) roll = 0;
        InspectionOutcome outcome = roll < 94   ? InspectionOutcome::kCleanedAndInspected
                                    : roll < 99 ? InspectionOutcome::kNeedsRepair
                                                : InspectionOutcome::kWriteOff;
        tick();
        // A write-off is the supervisor's decision, the other outcomes the desk's.
        const Actor& inspector = outcome == InspectionOutcome::kWriteOff ? supervisor : desk;
        // Scuffs noted on the return act are seen to before the item is cleaned and lent again.
        if (outcome == InspectionOutcome::kCleanedAndInspected &&
            !internal::LoadDefects(c, it->first, /*current_only=*/true).empty())
          PROKAT_CHECK(care.MarkRestored(desk, it->first, {}, "потёртости устранены"));
        PROKAT_TRY(item, catalog.CompleteInspection(inspector, it->first, outcome, std::nullopt,
                                                    outcome == InspectionOutcome::kWriteOff
                                                        ? "износ, восстановлению не подлежит"
                                                        : ""));
        if (item.status == ItemStatus::kAvailable && !item.kit)
          free_by_type[item.type.value].push_back(item.id);
        if (item.status == ItemStatus::kInRepair) in_repair.emplace_back(item.id, today);
        it = in_inspection.erase(it);
      }
      for (auto it = in_repair.begin(); it != in_repair.end();) {
        if ((today - it->second).count() < 10) {
          ++it;
          continue;
        }
        tick();
        PROKAT_TRY(
            item, catalog.CompleteRepair(desk, it->first, ItemCondition::kGood, "ремонт выполнен"));
        if (item.status == ItemStatus::kAvailable) free_by_type[item.type.value].push_back(item.id);
        it = in_repair.erase(it);
      }

      // Returns, extensions, terminations of loans that are due.
      for (auto it = open.begin(); it != open.end();) {
        OpenLoan& loan = *it;
        if (loan.awaiting_delivery || loan.will_be_late ||
            today < loan.due - std::chrono::days(2)) {
          ++it;
          continue;
        }
        if (loan.extensions == 0 && rng.Chance(15)) {
          Date next = AddMonths(loan.due, 1 + rng.Below(2));
          tick();
          auto ext = agreements.Extend(desk, loan.id, next, "продолжение курса реабилитации");
          if (ext) {
            loan.due = next;
            ++loan.extensions;
            ++it;
            continue;
          }
        }
        if (today < loan.due && !rng.Chance(30)) {
          ++it;
          continue;
        }
        ReturnRequest back;
        std::vector<ItemId> returning = loan.items;
        bool partial = loan.items.size() > 1 && !loan.kit && rng.Chance(30);
        if (partial) returning.resize(1);
        for (auto item : returning) {
          ReturnLine line{
              item, rng.Chance(85) ? ItemCondition::kGood : ItemCondition::kFair, {}, ""};
          if (rng.Chance(5)) line.damage_note = "незначительные потёртости";
          back.items.push_back(line);
        }
        if (loan.kit) {
          back.items.clear();
          back.kits = {*loan.kit};
        }
        if (rng.Chance(60)) {
          back.feedback_rating = 4 + rng.Below(2);
          back.feedback_comment = rng.Chance(50) ? "Спасибо, очень помогло!" : "";
        }
        tick();
        PROKAT_CHECK(agreements.Return(desk, loan.id, back));
        for (auto item : returning) in_inspection.emplace_back(item, today);
        if (loan.kit) free_boxes.push_back(*loan.kit);
        if (partial) {
          loan.items.erase(loan.items.begin());
          loan.due = std::max(loan.due, today + std::chrono::days(7));
          ++it;
          continue;
        }
        has_loan[loan.family.value] = false;
        it = open.erase(it);
      }

      // New agreements: about one and a half a working day.
      int new_loans = rng.Below(4) == 0 ? 0 : 1 + rng.Below(2);
      for (int n = 0; n < new_loans; ++n) {
        FamilyId family =
            family_ids[static_cast<std::size_t>(rng.Below(static_cast<int>(family_ids.size())))];
        if (has_loan[family.value] && rng.Chance(70)) continue;
        NewAgreement a;
        a.family = family;
        a.child = first_child[family.value];
        std::optional<KitId> kit;
        if (!free_boxes.empty() && rng.Chance(12)) {
          kit = free_boxes.back();
          free_boxes.pop_back();
          a.kits = {*kit};
        } else {
          int wanted = rng.Chance(25) ? 2 : 1;
          for (int w = 0; w < wanted; ++w) {
            ItemTypeId type =
                types[static_cast<std::size_t>(rng.Below(static_cast<int>(types.size())))];
            auto& pool = free_by_type[type.value];
            if (pool.empty()) {
              if (w == 0 && rng.Chance(30)) {
                tick();
                (void)applications.Apply(desk, {family, a.child, type, "ожидает освобождения"});
              }
              continue;
            }
            if (std::find(a.items.begin(), a.items.end(), pool.back()) != a.items.end()) continue;
            a.items.push_back(pool.back());
            pool.pop_back();
          }
          if (a.items.empty()) continue;
        }
        const Date due = AddMonths(today, 1 + rng.Below(kit ? 2 : 6));
        a.due_date = due;
        a.delivery_mode = rng.Chance(today >= end - std::chrono::days(4) ? 90 : 25)
                              ? DeliveryMode::kDelivery
                              : DeliveryMode::kAtPoint;
        tick();
        auto draft = agreements.CreateDraft(desk, a);
        if (!draft) return draft.error();
        for (const auto& r : internal::RequiredRulesIn(c, draft->id))
          PROKAT_CHECK(agreements.AcknowledgeRules(desk, draft->id, r.rules.id));
        tick();
        auto act = agreements.Activate(desk, draft->id);
        if (!act) {
          // A reserved item went to its applicant instead: drop this draft.
          PROKAT_CHECK(agreements.CancelDraft(desk, draft->id));
          continue;
        }
        ++summary.agreements;
        OpenLoan loan{draft->id, family, {}, kit, due, false, 0, false};
        for (const auto& line : draft->lines) loan.items.push_back(line.item);
        // Loans due in the last weeks sometimes stay out: they are the overdue ones.
        loan.will_be_late = due > end - std::chrono::days(45) && due < end && rng.Chance(35);
        if (a.delivery_mode == DeliveryMode::kDelivery) {
          // Drivers take turns, so that both have trips out at the end.
          Actor driver = drivers[trips_planned++ % drivers.size()];
          PROKAT_TRY(trip,
                     deliveries.Plan(desk, {draft->id, DeliveryKind::kDelivery, today, driver.user,
                                            rng.Chance(50) ? "Лада Ларгус" : "ГАЗель Next", ""}));
          PROKAT_CHECK(deliveries.Depart(driver, trip.id));
          loan.awaiting_delivery = true;
        }
        has_loan[family.value] = true;
        open.push_back(std::move(loan));
      }
      if (day % 7 == 0) PROKAT_CHECK(applications.LapseReservations(desk));
    }

    // A waiting list at the end: families without a loan ask for the scarcest type.
    {
      std::size_t scarce = 0;
      for (std::size_t t = 0; t < types.size(); ++t)
        if (free_by_type[types[t].value].size() < free_by_type[types[scarce].value].size())
          scarce = t;
      int applied = 0;
      const int wanted = static_cast<int>(free_by_type[types[scarce].value].size()) + 4;
      for (auto family : family_ids) {
        if (has_loan[family.value] || applied >= wanted) continue;
        tick();
        if (applications.Apply(staff[0], {family, first_child[family.value], types[scarce],
                                          "нужен как можно скорее"}))
          ++applied;
      }
    }
    // Every driver has trips on the point's today, whatever day the demo is made (the days
    // above skip weekends, and deliveries are dated the day their loan began): pickups of the
    // overdue loans first, then of those due soonest.
    {
      std::vector<const OpenLoan*> candidates;
      for (const auto& loan : open)
        if (!loan.awaiting_delivery) candidates.push_back(&loan);
      std::stable_sort(candidates.begin(), candidates.end(),
                       [&](const OpenLoan* a, const OpenLoan* b) {
                         return std::pair{!(a->will_be_late && a->due < end), a->due} <
                                std::pair{!(b->will_be_late && b->due < end), b->due};
                       });
      auto next = candidates.begin();
      for (const Actor& driver : drivers) {
        auto today_trips = c.Prepare(
            "SELECT COUNT(*) FROM delivery WHERE driver_id = ? AND planned_on = ? AND status IN "
            "('planned', 'out')");
        today_trips.BindAll(driver.user.value, FormatDate(end)).Step();
        int trips = today_trips.Get<int>(0);
        today_trips.Reset();
        for (; trips < kTripsToday && next != candidates.end(); ++next) {
          tick();
          if (deliveries.Plan(staff[0], {(*next)->id, DeliveryKind::kPickup, end, driver.user,
                                         "Лада Ларгус", ""}))
            ++trips;
        }
      }
    }
    auto count = [&](const char* sql) {
      auto s = c.Prepare(sql);
      s.Step();
      return s.Get<int>(0);
    };
    std::string today_text = FormatDate(end);
    summary.open_agreements = count(
        "SELECT COUNT(*) FROM agreement WHERE state IN ('active','extended','partly_returned')");
    {
      auto s = c.Prepare(
          "SELECT COUNT(*) FROM agreement WHERE state IN ('active','extended','partly_returned') "
          "AND due_date < ?");
      s.BindAll(today_text).Step();
      summary.overdue = s.Get<int>(0);
    }
    summary.out_for_delivery = count(
        "SELECT COUNT(DISTINCT agreement_id) FROM delivery WHERE status IN ('planned','out')");
    summary.applications_waiting =
        count("SELECT COUNT(*) FROM application WHERE status = 'waiting'");
    return summary;
  });
}

}  // namespace prokat::inventory
