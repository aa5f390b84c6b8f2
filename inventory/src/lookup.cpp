#include "prokat/inventory/lookup.hpp"

#include <cctype>

#include "internal.hpp"
#include "prokat/inventory/catalog.hpp"

namespace prokat::inventory {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

int CodePoint(char ch) {
  auto pos = kAlphabet.find(ch);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Luhn mod N (N = 36) check character over `payload` (characters of kAlphabet only).
char CheckCharacter(std::string_view payload) {
  const int n = 36;
  int factor = 2, sum = 0;
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int addend = factor * CodePoint(*it);
    factor = factor == 2 ? 1 : 2;
    sum += addend / n + addend % n;
  }
  return kAlphabet[static_cast<std::size_t>((n - sum % n) % n)];
}

std::string MakeLabel(char kind, std::int64_t id) {
  std::string digits = std::to_string(id);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  std::string payload = std::string("PK1") + kind + digits;
  return std::string("PK1-") + kind + "-" + digits + "-" + CheckCharacter(payload);
}

std::string Normalize(std::string_view text) {
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) continue;
    out.push_back(static_cast<char>(std::toupper(c)));
  }
  return out;
}

std::string Trim(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return std::string(text.substr(b, e - b));
}

}  // namespace

std::string ItemLabel(ItemId id) { return MakeLabel('I', id.value); }
std::string KitLabel(KitId id) { return MakeLabel('K', id.value); }
std::string AgreementCode(AgreementId id) { return MakeLabel('A', id.value); }

std::optional<ParsedLabel> ParseLabel(std::string_view text) {
  std::string s = Normalize(text);
  // PK1-K-NNNNNN-C: at least 4 + 2 + 6 + 2 characters.
  if (s.size() < 14 || s.compare(0, 4, "PK1-") != 0 || s[5] != '-') return std::nullopt;
  char kind = s[4];
  if (kind != 'I' && kind != 'K' && kind != 'A') return std::nullopt;
  auto last_dash = s.rfind('-');
  if (last_dash != s.size() - 2) return std::nullopt;
  std::string digits = s.substr(6, last_dash - 6);
  if (digits.size() < 6 || digits.size() > 12) return std::nullopt;
  for (char ch : digits)
    if (ch < '0' || ch > '9') return std::nullopt;
  if (CheckCharacter(std::string("PK1") + kind + digits) != s.back()) return std::nullopt;
  std::int64_t id = std::stoll(digits);
  if (id <= 0) return std::nullopt;
  ParsedLabel::Kind k = kind == 'I'   ? ParsedLabel::Kind::kItem
                        : kind == 'K' ? ParsedLabel::Kind::kKit
                                      : ParsedLabel::Kind::kAgreement;
  return ParsedLabel{k, id};
}

Result<ScanResult> LookupService::Resolve(const Actor& actor, std::string_view scanned) {
  std::string text = Trim(scanned);
  return internal::ReadTx<ScanResult>(db_, [&](db::Connection& c) -> Result<ScanResult> {
    auto scope = internal::ScopeOf(c, actor);
    if (!scope) return scope.error();
    const NotOurs elsewhere{"it belongs to another rental point"};
    // The code of something at a point outside the actor's names nothing of it.
    auto at_other_point = [&](const char* sql, std::int64_t id) {
      auto s = c.Prepare(sql);
      return s.BindAll(id).Step() && !scope->Contains(PointId(s.Get<std::int64_t>(0)));
    };
    auto item_by = [&](std::int64_t id) -> std::optional<ScannedItem> {
      auto s = c.Prepare("SELECT inventory_number, name, status, point_id FROM item WHERE id = ?");
      if (!s.BindAll(id).Step() || !scope->Contains(PointId(s.Get<std::int64_t>(3))))
        return std::nullopt;
      return ScannedItem{ItemId(id), s.Get<std::string>(0), s.Get<std::string>(1),
                         Parse<ItemStatus>(s.Get<std::string>(2)).value_or(ItemStatus::kAvailable)};
    };
    constexpr const char* kItemPoint = "SELECT point_id FROM item WHERE id = ?";
    std::string upper = Normalize(text);
    if (upper.rfind("PK", 0) == 0 && upper.size() > 3 && upper[3] == '-') {
      auto label = ParseLabel(text);
      if (!label) return ScanResult(NotOurs{"a Prokat label that does not check out (misread?)"});
      switch (label->kind) {
        case ParsedLabel::Kind::kItem:
          if (auto it = item_by(label->id)) return ScanResult(*it);
          if (at_other_point(kItemPoint, label->id)) return ScanResult(elsewhere);
          return ScanResult(NotOurs{"no item with this label in this database"});
        case ParsedLabel::Kind::kKit: {
          if (at_other_point("SELECT point_id FROM kit WHERE id = ?", label->id))
            return ScanResult(elsewhere);
          auto s = c.Prepare("SELECT name FROM kit WHERE id = ?");
          if (!s.BindAll(label->id).Step())
            return ScanResult(NotOurs{"no kit with this label in this database"});
          return ScanResult(ScannedKit{KitId(label->id), s.Get<std::string>(0)});
        }
        case ParsedLabel::Kind::kAgreement: {
          if (at_other_point("SELECT point_id FROM agreement WHERE id = ?", label->id))
            return ScanResult(elsewhere);
          auto s = c.Prepare("SELECT seq, year, state FROM agreement WHERE id = ?");
          if (!s.BindAll(label->id).Step())
            return ScanResult(NotOurs{"no agreement with this code in this database"});
          std::string number;
          if (!s.IsNull(0)) number = AgreementNumber(s.Get<int>(0), s.Get<int>(1));
          return ScanResult(ScannedAgreement{
              AgreementId(label->id), number,
              Parse<AgreementState>(s.Get<std::string>(2)).value_or(AgreementState::kDraft)});
        }
      }
    }
    if (!text.empty()) {
      auto s = c.Prepare("SELECT id FROM item WHERE inventory_number = ?");
      if (s.BindAll(text).Step()) {
        std::int64_t id = s.Get<std::int64_t>(0);
        s.Reset();
        if (auto it = item_by(id)) return ScanResult(*it);
        return ScanResult(elsewhere);
      }
    }
    std::string digits = text;
    if (digits.rfind("(01)", 0) == 0)
      digits = digits.substr(4);
    else if (digits.size() == 16 && digits.rfind("01", 0) == 0)
      digits = digits.substr(2);
    if (auto gtin = NormalizeGtin(digits)) {
      ScannedModel model{*gtin, {}};
      auto s = c.Prepare("SELECT id FROM item WHERE gtin = ? ORDER BY id");
      s.BindAll(*gtin);
      std::vector<std::int64_t> ids;
      while (s.Step()) ids.push_back(s.Get<std::int64_t>(0));
      s.Reset();
      for (auto id : ids) {
        if (auto it = item_by(id)) model.items.push_back(*it);
      }
      return ScanResult(std::move(model));
    }
    return ScanResult(NotOurs{"not a Prokat label, inventory number or valid GTIN"});
  });
}

}  // namespace prokat::inventory
