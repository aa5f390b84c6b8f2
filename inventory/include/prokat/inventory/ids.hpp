// Distinct id types for the inventory's entities. An Id is the row id of its table; ids of
// different entities do not convert into each other, so a FamilyId cannot be passed where an
// ItemId is expected. Plain values, thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace prokat::inventory {

template <typename Tag>
struct Id {
  std::int64_t value = 0;

  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  constexpr bool valid() const { return value > 0; }
  friend constexpr auto operator<=>(const Id&, const Id&) = default;
};

using PointId = Id<struct PointTag>;
using UserId = Id<struct UserTag>;
using RulesDocumentId = Id<struct RulesDocumentTag>;
using RulesVersionId = Id<struct RulesVersionTag>;
using ItemTypeId = Id<struct ItemTypeTag>;
using ItemId = Id<struct ItemTag>;
using KitId = Id<struct KitTag>;
using FamilyId = Id<struct FamilyTag>;
using ChildId = Id<struct ChildTag>;
using ApplicationId = Id<struct ApplicationTag>;
using AgreementId = Id<struct AgreementTag>;
using HandoverActId = Id<struct HandoverActTag>;
using ReturnActId = Id<struct ReturnActTag>;
using DeliveryId = Id<struct DeliveryTag>;
using CustodyId = Id<struct CustodyTag>;
using ConditionCheckId = Id<struct ConditionCheckTag>;
using ConsultationId = Id<struct ConsultationTag>;
using PhotoId = Id<struct PhotoTag>;
using MovementId = Id<struct MovementTag>;

}  // namespace prokat::inventory

template <typename Tag>
struct std::hash<prokat::inventory::Id<Tag>> {
  std::size_t operator()(const prokat::inventory::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
