// Rendering time of the handover act (Акт приема-передачи) to PDF, from a file database:
// 5 items (one page) and 60 items (pages with the table header repeated), with the two
// signatures drawn on screen and without, beside the ceiling measured in the same run: a
// one-page PDF with one bold and one regular line from the same PdfWriter (Cairo + Pango, the
// same font faces embedded), i.e. the fixed cost of any document.
//
//   PROKAT_BENCH_DIR=<dir> (default ./bench-data) build/bench/tests/bench/documents/documents_bench
//
// Counters: pages, bytes (of the PDF).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <span>
#include <stdexcept>
#include <string>

#include "acts_data.hpp"
#include "pdf_writer.hpp"
#include "prokat/db/database.hpp"
#include "prokat/documents/documents.hpp"
#include "prokat/inventory/inventory.hpp"
#include "signature_png.hpp"

namespace prokat::documents {
namespace {

namespace fs = std::filesystem;
using namespace inventory;

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

// A point with one family and four active agreements: 5 and 60 items, signed on paper and
// signed on screen.
struct World {
  World() : clock(*ParseTimestamp("2026-03-02T07:00:00Z")) {
    const char* env = std::getenv("PROKAT_BENCH_DIR");
    fs::path dir = fs::path(env && *env ? env : "bench-data") / "documents";
    fs::remove_all(dir);
    fs::create_directories(dir);
    settings.photo_dir = (dir / "photos").string();
    db = std::make_unique<db::Database>(db::DatabaseOptions{(dir / "documents.db").string()});
    inv = std::make_unique<Inventory>(*db, clock, settings);
    PointId point = Must(inv->users.CreatePoint("СМФЦ Барнаул", "ул. Ленина, 1", "BNCH")).id;
    staff = {Must(inv->users.CreateUser(
                      std::nullopt,
                      {"admin", "Иванова Анна Петровна", Role::kAdmin, {point, {}, true}, ""}))
                 .id,
             Role::kAdmin};
    auto rules = Must(inv->catalog.PublishRules(staff, "Правила пользования ТСР",
                                                "1. Беречь.\n\n2. Вернуть в срок."));
    auto type = Must(inv->catalog.CreateItemType(
        staff, "Вертикализатор", ItemCategory::kRehabilitation, 90, rules.document));
    NewFamily f;
    f.point = point;
    f.representative = "Смирнова Ольга Ивановна";
    f.phone = "+7 (913) 555-12-34";
    f.address = "с. Власиха, ул. Мира, 5";
    f.consent_on = *ParseDate("2026-03-01");
    f.children = {{"Смирнов Артём", *ParseDate("2019-05-14"), ChildCategory::kDisabled}};
    family = Must(inv->families.CreateFamily(staff, f)).id;
    const std::string png = prokat::testing::SignaturePng();
    const auto bytes = std::as_bytes(std::span<const char>(png.data(), png.size()));
    int n = 0;
    for (int count : {5, 60}) {
      for (bool sign : {false, true}) {
        NewAgreement a;
        a.family = family;
        a.due_date = *ParseDate("2026-06-02");
        for (int i = 0; i < count; ++i) {
          NewItem in;
          in.inventory_number = "ВР-" + std::to_string(++n);
          in.serial_number = "SN-" + std::to_string(100000 + n);
          in.name = "Вертикализатор для детей «Иришка» " + std::to_string(n);
          in.type = type.id;
          in.point = point;
          in.components = {{"Подголовник", 1}, {"Ремни фиксации", 2}};
          in.documents = {"Паспорт изделия", "Инструкция по эксплуатации"};
          a.items.push_back(Must(inv->catalog.CreateItem(staff, in)).id);
        }
        AgreementId id = Must(inv->agreements.CreateDraft(staff, a)).id;
        for (const auto& r : Must(inv->agreements.RulesToAcknowledge(staff, id)))
          Must(inv->agreements.AcknowledgeRules(staff, id, r.rules.id));
        if (sign) {
          for (Signer s : {Signer::kFamily, Signer::kStaff})
            Must(inv->photos.AttachSignature(staff, id, PhotoOccasion::kHandover, s, bytes));
        }
        Must(inv->agreements.Activate(staff, id));
        (sign ? signed_acts : paper_acts)[count == 5 ? 0 : 1] = id;
      }
    }
  }

  ManualClock clock;
  InventorySettings settings;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<Inventory> inv;
  Actor staff;
  FamilyId family;
  AgreementId paper_acts[2], signed_acts[2];
};

World& TheWorld() {
  static World world;
  return world;
}

int Pages(const std::string& pdf) {
  int n = 0;
  for (auto p = pdf.find("/Type /Page"); p != std::string::npos; p = pdf.find("/Type /Page", p + 1))
    if (pdf.compare(p, 12, "/Type /Pages") != 0) ++n;
  return n;
}

void Report(benchmark::State& state, const std::string& pdf) {
  state.counters["pages"] = Pages(pdf);
  state.counters["bytes"] = static_cast<double>(pdf.size());
}

// The ceiling: the fixed cost of a document (a writer, the fonts, one page, the PDF stream).
void BM_OnePagePdf(benchmark::State& state) {
  std::string pdf;
  for (auto _ : state) {
    PdfWriter w("Акт приема-передачи");
    w.Paragraph("Акт приема-передачи", {.size = 13, .bold = true, .align = Align::kCenter});
    w.Paragraph("оборудования, комплектующих и технической документации", {.size = 10});
    pdf = Must(w.Finish());
    benchmark::DoNotOptimize(pdf);
  }
  Report(state, pdf);
}

void Act(benchmark::State& state, bool signed_on_screen) {
  World& w = TheWorld();
  const Sources sources{*w.inv, w.settings};
  const AgreementId id =
      (signed_on_screen ? w.signed_acts : w.paper_acts)[state.range(0) == 5 ? 0 : 1];
  std::string pdf;
  for (auto _ : state) {
    pdf = Must(HandoverActPdf(sources, w.staff, id));
    benchmark::DoNotOptimize(pdf);
  }
  Report(state, pdf);
}
// The act's data alone (no drawing): the agreement, the act's snapshot, the family (a read
// that writes the "family.view" audit row, one fsync'd transaction), the letterhead, the
// signatures' records.
void BM_HandoverActData(benchmark::State& state) {
  World& w = TheWorld();
  const Sources sources{*w.inv, w.settings};
  const AgreementId id = w.paper_acts[state.range(0) == 5 ? 0 : 1];
  for (auto _ : state) {
    auto d = Must(LoadAgreementData(sources, w.staff, id, /*need_act=*/true));
    benchmark::DoNotOptimize(d);
  }
}
void BM_HandoverAct(benchmark::State& state) { Act(state, false); }
void BM_HandoverActSigned(benchmark::State& state) { Act(state, true); }

// Milliseconds, wall time, the median of 5 repetitions of at least a second each.
void Repeated(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MinTime(1.0)
      ->Repetitions(5)
      ->ReportAggregatesOnly(true);
}

BENCHMARK(BM_OnePagePdf)->Apply(Repeated);
BENCHMARK(BM_HandoverActData)->Arg(5)->Arg(60)->Apply(Repeated);
BENCHMARK(BM_HandoverAct)->Arg(5)->Arg(60)->Apply(Repeated);
BENCHMARK(BM_HandoverActSigned)->Arg(5)->Arg(60)->Apply(Repeated);

}  // namespace
}  // namespace prokat::documents

BENCHMARK_MAIN();
