#include "prokat/inventory/types.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

#include "internal.hpp"

namespace prokat::inventory {
namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Role, 4> kRoles{{{Role::kStaff, "staff"},
                                 {Role::kDriver, "driver"},
                                 {Role::kSupervisor, "supervisor"},
                                 {Role::kAdmin, "admin"}}};
constexpr Names<ItemStatus, 9> kItemStatuses{{{ItemStatus::kAvailable, "available"},
                                              {ItemStatus::kReserved, "reserved"},
                                              {ItemStatus::kOutForDelivery, "out_for_delivery"},
                                              {ItemStatus::kOnLoan, "on_loan"},
                                              {ItemStatus::kInspection, "inspection"},
                                              {ItemStatus::kInRepair, "in_repair"},
                                              {ItemStatus::kInCustody, "in_custody"},
                                              {ItemStatus::kLost, "lost"},
                                              {ItemStatus::kWrittenOff, "written_off"}}};
constexpr Names<ItemCondition, 5> kConditions{{{ItemCondition::kNew, "new"},
                                               {ItemCondition::kGood, "good"},
                                               {ItemCondition::kFair, "fair"},
                                               {ItemCondition::kPoor, "poor"},
                                               {ItemCondition::kBroken, "broken"}}};
constexpr Names<ItemCategory, 4> kCategoryNames{{{ItemCategory::kRehabilitation, "rehabilitation"},
                                                 {ItemCategory::kBaby, "baby"},
                                                 {ItemCategory::kLeisureSport, "leisure_sport"},
                                                 {ItemCategory::kMultibox, "multibox"}}};
constexpr Names<AgreementState, 7> kStates{{{AgreementState::kDraft, "draft"},
                                            {AgreementState::kActive, "active"},
                                            {AgreementState::kExtended, "extended"},
                                            {AgreementState::kPartlyReturned, "partly_returned"},
                                            {AgreementState::kClosed, "closed"},
                                            {AgreementState::kTerminated, "terminated"},
                                            {AgreementState::kCancelled, "cancelled"}}};
constexpr Names<DeliveryMode, 2> kModes{
    {{DeliveryMode::kAtPoint, "at_point"}, {DeliveryMode::kDelivery, "delivery"}}};
constexpr Names<DeliveryKind, 2> kKinds{
    {{DeliveryKind::kDelivery, "delivery"}, {DeliveryKind::kPickup, "pickup"}}};
constexpr Names<DeliveryStatus, 4> kDeliveryStatuses{{{DeliveryStatus::kPlanned, "planned"},
                                                      {DeliveryStatus::kOut, "out"},
                                                      {DeliveryStatus::kDone, "done"},
                                                      {DeliveryStatus::kFailed, "failed"}}};
constexpr Names<ApplicationStatus, 5> kApplicationStatuses{
    {{ApplicationStatus::kWaiting, "waiting"},
     {ApplicationStatus::kReserved, "reserved"},
     {ApplicationStatus::kFulfilled, "fulfilled"},
     {ApplicationStatus::kLapsed, "lapsed"},
     {ApplicationStatus::kCancelled, "cancelled"}}};
constexpr Names<ChildCategory, 3> kChildCategories{
    {{ChildCategory::kNone, "none"},
     {ChildCategory::kDisabled, "disabled"},
     {ChildCategory::kSpecialNeeds, "special_needs"}}};
constexpr Names<TargetGroup, 6> kTargetGroups{
    {{TargetGroup::kDisabledChild, "disabled_child"},
     {TargetGroup::kSpecialNeedsChild, "special_needs_child"},
     {TargetGroup::kServicemanFamily, "serviceman_family"},
     {TargetGroup::kDifficultSituation, "difficult_situation"},
     {TargetGroup::kNewbornKept, "newborn_kept"},
     {TargetGroup::kDisabledAdult, "disabled_adult"}}};
constexpr Names<KitKind, 2> kKitKinds{{{KitKind::kKit, "kit"}, {KitKind::kMultibox, "multibox"}}};
constexpr Names<ContactForm, 3> kContactForms{{{ContactForm::kInPerson, "in_person"},
                                               {ContactForm::kPhone, "phone"},
                                               {ContactForm::kVideo, "video"}}};
constexpr Names<CheckForm, 3> kCheckForms{
    {{CheckForm::kVisit, "visit"}, {CheckForm::kCall, "call"}, {CheckForm::kVideo, "video"}}};
constexpr Names<PhotoOccasion, 4> kOccasions{{{PhotoOccasion::kHandover, "handover"},
                                              {PhotoOccasion::kReturn, "return"},
                                              {PhotoOccasion::kDoor, "door"},
                                              {PhotoOccasion::kInspection, "inspection"}}};
constexpr Names<Signer, 2> kSigners{{{Signer::kFamily, "family"}, {Signer::kStaff, "staff"}}};

template <typename E, std::size_t N>
std::string_view NameOf(const Names<E, N>& names, E v) {
  for (const auto& [e, n] : names)
    if (e == v) return n;
  return "unknown";
}
template <typename E, std::size_t N>
std::optional<E> ValueOf(const Names<E, N>& names, std::string_view name) {
  for (const auto& [e, n] : names)
    if (n == name) return e;
  return std::nullopt;
}

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

#define PROKAT_ENUM_NAMES(E, table)                           \
  std::string_view ToString(E v) { return NameOf(table, v); } \
  template <>                                                 \
  std::optional<E> Parse<E>(std::string_view name) {          \
    return ValueOf(table, name);                              \
  }
PROKAT_ENUM_NAMES(Role, kRoles)
PROKAT_ENUM_NAMES(ItemStatus, kItemStatuses)
PROKAT_ENUM_NAMES(ItemCondition, kConditions)
PROKAT_ENUM_NAMES(ItemCategory, kCategoryNames)
PROKAT_ENUM_NAMES(AgreementState, kStates)
PROKAT_ENUM_NAMES(DeliveryMode, kModes)
PROKAT_ENUM_NAMES(DeliveryKind, kKinds)
PROKAT_ENUM_NAMES(DeliveryStatus, kDeliveryStatuses)
PROKAT_ENUM_NAMES(ApplicationStatus, kApplicationStatuses)
PROKAT_ENUM_NAMES(ChildCategory, kChildCategories)
PROKAT_ENUM_NAMES(TargetGroup, kTargetGroups)
PROKAT_ENUM_NAMES(KitKind, kKitKinds)
PROKAT_ENUM_NAMES(ContactForm, kContactForms)
PROKAT_ENUM_NAMES(CheckForm, kCheckForms)
PROKAT_ENUM_NAMES(PhotoOccasion, kOccasions)
PROKAT_ENUM_NAMES(Signer, kSigners)
#undef PROKAT_ENUM_NAMES

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseInt(text.substr(0, 4), y) || !ParseInt(text.substr(5, 2), m) ||
      !ParseInt(text.substr(8, 2), d))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

std::string FormatDate(Date date) {
  std::chrono::year_month_day ymd(date);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z') return std::nullopt;
  auto date = ParseDate(text.substr(0, 10));
  int h = 0, mi = 0, s = 0;
  if (!date || text[13] != ':' || text[16] != ':' || !ParseInt(text.substr(11, 2), h) ||
      !ParseInt(text.substr(14, 2), mi) || !ParseInt(text.substr(17, 2), s) || h > 23 || mi > 59 ||
      s > 60)
    return std::nullopt;
  return Timestamp(*date) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}

std::string FormatTimestamp(Timestamp t) {
  Date day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::hh_mm_ss hms(t - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatDate(day).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

Date AddMonths(Date date, int months) {
  std::chrono::year_month_day ymd(date);
  auto ym = std::chrono::year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
  auto last = std::chrono::year_month_day_last(ym.year(), std::chrono::month_day_last(ym.month()));
  auto day = std::min(ymd.day(), last.day());
  return Date(std::chrono::year_month_day(ym.year(), ym.month(), day));
}

Date LocalToday(const Clock& clock, const InventorySettings& settings) {
  return std::chrono::floor<std::chrono::days>(clock.Now() +
                                               std::chrono::minutes(settings.utc_offset_minutes));
}

std::string AgreementNumber(int seq, int year) {
  return std::to_string(seq) + "/" + std::to_string(year);
}

bool PointScope::Contains(PointId point) const {
  return all || std::binary_search(points.begin(), points.end(), point);
}

}  // namespace prokat::inventory
