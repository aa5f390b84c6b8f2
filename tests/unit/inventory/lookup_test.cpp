// Scanned codes: our labels, inventory numbers, GTINs, and a clear "not ours" for the rest.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "prokat/inventory/lookup.hpp"

namespace prokat::inventory::testing {
namespace {

class Lookup : public InventoryTest {
 protected:
  Lookup() : lookup_(*db_, clock_) {}
  ScanResult Scan(std::string_view code) { return Must(lookup_.Resolve(staff_, code)); }
  LookupService lookup_;
};

TEST(LabelFormat, RoundTripsAndIsVersionedAndSelfIdentifying) {
  EXPECT_EQ(ItemLabel(ItemId(123)).substr(0, 13), "PK1-I-000123-");
  auto p = ParseLabel(ItemLabel(ItemId(123)));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, ParsedLabel::Kind::kItem);
  EXPECT_EQ(p->id, 123);
  auto k = ParseLabel(KitLabel(KitId(1234567)));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->kind, ParsedLabel::Kind::kKit);
  EXPECT_EQ(k->id, 1234567);
  // Scanners may send lower case and a trailing newline.
  std::string lower = AgreementCode(AgreementId(42));
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(ParseLabel(lower + "\r\n"));
}

TEST(LabelFormat, AnySingleMisreadCharacterOrAdjacentSwapIsRejected) {
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::int64_t id : {1, 123, 99999, 123456789}) {
    std::string label = ItemLabel(ItemId(id));
    for (std::size_t i = 0; i < label.size(); ++i) {
      if (label[i] == '-') continue;
      for (char ch : alphabet) {
        if (ch == label[i]) continue;
        std::string bad = label;
        bad[i] = ch;
        auto p = ParseLabel(bad);
        EXPECT_FALSE(p && p->kind == ParsedLabel::Kind::kItem && p->id != id) << bad;
        if (i >= 6) {
          EXPECT_FALSE(p) << bad;  // a misread in the number or check character
        }
      }
      if (i + 1 < label.size() && label[i + 1] != '-' && label[i] != label[i + 1] && i >= 6) {
        std::string swapped = label;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_FALSE(ParseLabel(swapped)) << swapped;
      }
    }
  }
}

TEST(Gtin, CheckDigitIsVerified) {
  EXPECT_EQ(NormalizeGtin("4006381333931"), "04006381333931");
  EXPECT_FALSE(NormalizeGtin("4006381333932"));
  EXPECT_EQ(NormalizeGtin("96385074"), "00000096385074");
  EXPECT_FALSE(NormalizeGtin("40063813339"));
  EXPECT_FALSE(NormalizeGtin("400638133393A"));
}

TEST_F(Lookup, ResolvesItemKitAgreementInventoryNumberAndGtin) {
  NewItem in;
  in.inventory_number = "ВР-0007";
  in.name = "Вертикализатор Кузнечик";
  in.type = walker_type_;
  in.point = point_;
  in.gtin = "4006381333931";
  ItemId a = Must(catalog_.CreateItem(staff_, in)).id;
  in.inventory_number = "ВР-0008";
  ItemId b = Must(catalog_.CreateItem(staff_, in)).id;
  KitId kit =
      Must(catalog_.CreateKit(staff_, {"Мультибокс №1", KitKind::kMultibox, point_, {b}, {}, ""}))
          .id;
  AgreementId agreement = Draft({a});
  ASSERT_OK(agreements_.Activate(staff_, agreement));

  auto item = std::get<ScannedItem>(Scan(ItemLabel(a)));
  EXPECT_EQ(item.item, a);
  EXPECT_EQ(item.status, ItemStatus::kOnLoan);
  EXPECT_EQ(std::get<ScannedItem>(Scan("ВР-0008")).item, b);
  EXPECT_EQ(std::get<ScannedKit>(Scan(KitLabel(kit))).kit, kit);
  auto ag = std::get<ScannedAgreement>(Scan(AgreementCode(agreement)));
  EXPECT_EQ(ag.number, "1/2026");
  auto model = std::get<ScannedModel>(Scan("4006381333931"));
  ASSERT_EQ(model.items.size(), 2u);
  EXPECT_EQ(std::get<ScannedModel>(Scan("(01)04006381333931")).items.size(), 2u);
  EXPECT_TRUE(std::get<ScannedModel>(Scan("96385074")).items.empty());  // valid, none of ours
}

TEST_F(Lookup, UnknownOrCorruptCodesAreNotOurs) {
  ItemId a = AddItem("ХД-001", walker_type_);
  std::string label = ItemLabel(a);
  std::string corrupt = label;
  corrupt[9] = corrupt[9] == '1' ? '2' : '1';
  EXPECT_TRUE(std::holds_alternative<NotOurs>(Scan(corrupt)));
  EXPECT_TRUE(std::holds_alternative<NotOurs>(Scan(ItemLabel(ItemId(999)))));
  EXPECT_TRUE(std::holds_alternative<NotOurs>(Scan("4006381333932")));  // bad check digit
  EXPECT_TRUE(std::holds_alternative<NotOurs>(Scan("https://example.com")));
  EXPECT_TRUE(std::holds_alternative<NotOurs>(Scan("")));
}

TEST_F(Lookup, AnInventoryNumberMayNotLookLikeALabel) {
  NewItem in;
  in.inventory_number = ItemLabel(ItemId(5));
  in.name = "x";
  in.type = walker_type_;
  in.point = point_;
  auto r = catalog_.CreateItem(staff_, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "inventory_number");
}

}  // namespace
}  // namespace prokat::inventory::testing
