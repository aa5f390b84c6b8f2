// Vocabulary of the inventory module: enumerations with their stable names, dates and times,
// the acting user, paging and the settings every service takes. Plain values.
//
// Dates and times: a Timestamp is an instant (stored in UTC as "YYYY-MM-DDTHH:MM:SSZ"); a Date
// is a calendar date as the point sees it (stored as "YYYY-MM-DD"). Due dates are Dates. The
// point's time zone is a fixed UTC offset (Russia has kept fixed offsets without daylight
// saving since 2014; GCC 12 ships no tz database), InventorySettings::utc_offset_minutes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prokat/core/clock.hpp"
#include "prokat/core/result.hpp"
#include "prokat/inventory/ids.hpp"

namespace prokat::db {
class Database;
}

namespace prokat::inventory {

using Date = std::chrono::sys_days;
using Timestamp = std::chrono::sys_seconds;

// "2026-03-01"; std::nullopt when `text` is not a valid calendar date in that form.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date date);
// "2026-03-01T09:30:00Z"; parsing also accepts the form without seconds' fraction only.
std::optional<Timestamp> ParseTimestamp(std::string_view text);
std::string FormatTimestamp(Timestamp t);
// `date` plus `months` calendar months; the day is clamped to the end of a shorter month
// (31 January + 1 month = 28/29 February).
Date AddMonths(Date date, int months);

enum class Role { kStaff, kDriver, kSupervisor, kAdmin };

// Статус предмета проката. See docs/DOMAIN.md "Life of an item".
enum class ItemStatus {
  kAvailable,
  kReserved,        // held for an application (waiting list)
  kOutForDelivery,  // handed over on paper, a driver is taking it to the family
  kOnLoan,
  kInspection,  // came back; needs "cleaned and inspected" (or repair, write-off)
  kInRepair,
  kInCustody,  // signed out to a staff member (mobile rehabilitation course)
  kLost,
  kWrittenOff,  // списание
};

enum class ItemCondition { kNew, kGood, kFair, kPoor, kBroken };
enum class ItemCategory { kRehabilitation, kBaby, kLeisureSport, kMultibox };

// Договор: draft -> active -> extended -> partly_returned -> closed; or terminated early;
// a draft may be cancelled. Overdue is derived (open and due date past), not a state.
enum class AgreementState {
  kDraft,
  kActive,
  kExtended,
  kPartlyReturned,
  kClosed,
  kTerminated,
  kCancelled
};
enum class DeliveryMode { kAtPoint, kDelivery };
enum class DeliveryKind { kDelivery, kPickup };
enum class DeliveryStatus { kPlanned, kOut, kDone, kFailed };
enum class ApplicationStatus { kWaiting, kReserved, kFulfilled, kLapsed, kCancelled };
enum class ChildCategory { kNone, kDisabled, kSpecialNeeds };
enum class TargetGroup {
  kDisabledChild,       // дети-инвалиды
  kSpecialNeedsChild,   // дети с ОВЗ
  kServicemanFamily,    // семьи участников СВО
  kDifficultSituation,  // семьи в ТЖС
  kNewbornKept,    // мамы, решившие сохранить новорожденного
  kDisabledAdult,  // семьи со взрослым после инсульта или травмы
};
enum class KitKind { kKit, kMultibox };
enum class ContactForm { kInPerson, kPhone, kVideo };
enum class CheckForm { kVisit, kCall, kVideo };
enum class PhotoOccasion { kHandover, kReturn, kDoor, kInspection };
// Who signed an act: the family's legal representative, or the staff member of the point.
enum class Signer { kFamily, kStaff };

// Stable lower-case names ("on_loan", "rehabilitation", ...) as stored and as web/ shows them;
// Parse* returns std::nullopt for an unknown name.
std::string_view ToString(Role v);
std::string_view ToString(ItemStatus v);
std::string_view ToString(ItemCondition v);
std::string_view ToString(ItemCategory v);
std::string_view ToString(AgreementState v);
std::string_view ToString(DeliveryMode v);
std::string_view ToString(DeliveryKind v);
std::string_view ToString(DeliveryStatus v);
std::string_view ToString(ApplicationStatus v);
std::string_view ToString(ChildCategory v);
std::string_view ToString(TargetGroup v);
std::string_view ToString(KitKind v);
std::string_view ToString(ContactForm v);
std::string_view ToString(CheckForm v);
std::string_view ToString(PhotoOccasion v);
std::string_view ToString(Signer v);
template <typename E>
std::optional<E> Parse(std::string_view name);  // defined for every enum above
template <>
std::optional<Role> Parse<Role>(std::string_view name);
template <>
std::optional<ItemStatus> Parse<ItemStatus>(std::string_view name);
template <>
std::optional<ItemCondition> Parse<ItemCondition>(std::string_view name);
template <>
std::optional<ItemCategory> Parse<ItemCategory>(std::string_view name);
template <>
std::optional<AgreementState> Parse<AgreementState>(std::string_view name);
template <>
std::optional<DeliveryMode> Parse<DeliveryMode>(std::string_view name);
template <>
std::optional<DeliveryKind> Parse<DeliveryKind>(std::string_view name);
template <>
std::optional<DeliveryStatus> Parse<DeliveryStatus>(std::string_view name);
template <>
std::optional<ApplicationStatus> Parse<ApplicationStatus>(std::string_view name);
template <>
std::optional<ChildCategory> Parse<ChildCategory>(std::string_view name);
template <>
std::optional<TargetGroup> Parse<TargetGroup>(std::string_view name);
template <>
std::optional<KitKind> Parse<KitKind>(std::string_view name);
template <>
std::optional<ContactForm> Parse<ContactForm>(std::string_view name);
template <>
std::optional<CheckForm> Parse<CheckForm>(std::string_view name);
template <>
std::optional<PhotoOccasion> Parse<PhotoOccasion>(std::string_view name);
template <>
std::optional<Signer> Parse<Signer>(std::string_view name);

inline constexpr TargetGroup kAllTargetGroups[] = {
    TargetGroup::kDisabledChild,    TargetGroup::kSpecialNeedsChild,
    TargetGroup::kServicemanFamily, TargetGroup::kDifficultSituation,
    TargetGroup::kNewbornKept,      TargetGroup::kDisabledAdult};
inline constexpr ItemStatus kAllItemStatuses[] = {
    ItemStatus::kAvailable, ItemStatus::kReserved,   ItemStatus::kOutForDelivery,
    ItemStatus::kOnLoan,    ItemStatus::kInspection, ItemStatus::kInRepair,
    ItemStatus::kInCustody, ItemStatus::kLost,       ItemStatus::kWrittenOff};
inline constexpr ItemCategory kAllCategories[] = {ItemCategory::kRehabilitation,
                                                  ItemCategory::kBaby, ItemCategory::kLeisureSport,
                                                  ItemCategory::kMultibox};

// Who is acting: written to the audit log and the movement journal. web/ fills it from the
// session; inventory/ checks that the user exists and is active.
struct Actor {
  UserId user;
  Role role = Role::kStaff;
};

// The rental points a user's account is given: every point, or the listed ones. Families,
// agreements, items, deliveries and the documents and registers made of them are seen and
// changed only within it; services read it from the database for each call (the actor's
// account, not what a caller claims).
struct PointScope {
  bool all = false;
  std::vector<PointId> points;  // sorted, without duplicates; ignored when `all`

  bool Contains(PointId point) const;
};

// Cursor paging: pass the previous page's next_cursor as `after` (empty for the first page).
// Cursors are opaque strings. limit is clamped to 1..1000.
struct PageRequest {
  std::string after;
  int limit = 50;
};
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty when this is the last page
};

// Settings of the installation; stored in the `setting` table under the keys named beside
// each field (LoadSettings/SaveSettings), defaults as given.
struct InventorySettings {
  int min_term_months = 1;         // loan.min_term_months
  int max_term_months = 6;         // loan.max_term_months
  int max_total_term_months = 12;  // loan.max_total_term_months: extension cap, start to due
  int reservation_lapse_days = 3;  // applications.reservation_lapse_days
  int utc_offset_minutes = 180;    // point.utc_offset_minutes (Moscow +03:00)
  int custody_default_days = 10;   // custody.default_days
  std::string photo_dir;           // photos.dir; empty: "<database path>.photos"
};

// Reads the settings (missing keys keep their defaults). Fails with kInvalidArgument naming
// the key when a stored value is not a valid number in range; kStorage on SQLite failure.
Result<InventorySettings> LoadSettings(db::Database& db);
Result<void> SaveSettings(db::Database& db, const InventorySettings& settings);

// Today's date at the point.
Date LocalToday(const Clock& clock, const InventorySettings& settings);

// Agreement number as printed: "17/2026" (sequence within the point and year).
std::string AgreementNumber(int seq, int year);

}  // namespace prokat::inventory
