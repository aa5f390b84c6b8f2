// Printed documents (PDF), registers and exports (CSV, XLSX), and the editable texts:
//   GET  /api/v1/agreements/{id}/agreement.pdf | handover-act.pdf | rules.pdf
//        | multibox-act.pdf | multibox-report.pdf
//   GET  /api/v1/agreements/{id}/return-acts/{act}/return-act.pdf
//   GET  /api/v1/item-types/{id}/rules.pdf
//   GET  /api/v1/items/{id}/write-off-act.pdf | loss-act.pdf
//   GET  /api/v1/families/{id}/application.pdf[?application=ID] | consent.pdf
//   GET  /api/v1/labels.pdf?items=1,2,3&kits=4
//   GET  /api/v1/exports/{name}.csv|.xlsx?from=&to=&point=&type=&status=&q=
//        (default period: 1 January of the end's year .. today, or .. from when from is later)
//   GET  /api/v1/templates, GET /api/v1/templates/{kind}, POST /api/v1/templates/{kind} {text}
//   POST /api/v1/templates/{kind}/preview {text}: the draft over sample data, stored nowhere
//   GET  /api/v1/rules: the rules documents and their versions;
//   POST /api/v1/rules/preview {title, text}: a draft of the rules as the family would sign it
//   GET/PUT /api/v1/organization
// PDFs and exports are sent inline with an RFC 5987 filename* (Russian) and an ASCII fallback.
#include <boost/json.hpp>

#include "api/errors.hpp"
#include "api/fields.hpp"
#include "prokat/documents/documents.hpp"
#include "prokat/documents/exports.hpp"
#include "routes/routes.hpp"

namespace prokat::web {

namespace {

namespace json = boost::json;
using namespace inventory;

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
  return out;
}

Response FileResponse(const Result<std::string>& bytes, std::string_view content_type,
                      const std::string& ascii_name, const std::string& russian_name) {
  if (!bytes.ok()) return ErrorToResponse(bytes.error());
  Response res{http::status::ok, 11};
  res.set(http::field::content_type, content_type);
  res.set(
      http::field::content_disposition,
      "inline; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + PercentEncode(russian_name));
  res.set(http::field::cache_control, "no-store");
  res.body() = *bytes;
  res.prepare_payload();
  return res;
}

Response Pdf(const Result<std::string>& bytes, const std::string& ascii, const std::string& ru) {
  return FileResponse(bytes, "application/pdf", ascii + ".pdf", ru + ".pdf");
}

std::string NumberOf(inventory::AgreementService& agreements, const inventory::Actor& actor,
                     AgreementId id) {
  auto a = agreements.Get(actor, id);
  return a.ok() && !a->number.empty() ? Slug(a->number) : std::to_string(id.value);
}

// "1,2,3" -> ids; std::nullopt when malformed.
template <typename IdT>
std::optional<std::vector<IdT>> IdList(QueryReader& q, std::string_view name) {
  std::vector<IdT> out;
  auto text = q.String(name, 20000);
  if (!text) return out;
  std::size_t pos = 0;
  while (pos <= text->size()) {
    auto end = text->find(',', pos);
    if (end == std::string::npos) end = text->size();
    const std::string part = text->substr(pos, end - pos);
    if (part.empty() || part.size() > 15 ||
        part.find_first_not_of("0123456789") != std::string::npos || std::stoll(part) < 1) {
      q.Fail(name, "must be a comma-separated list of ids");
      return std::nullopt;
    }
    out.emplace_back(std::stoll(part));
    pos = end + 1;
  }
  return out;
}

json::object TemplateJson(const DocumentTemplate& t) {
  json::object o{{"kind", ToString(t.kind)},
                 {"version", t.version},
                 {"text", t.text},
                 {"published_at", t.published_at ? FormatTimestamp(*t.published_at) : ""}};
  o["published_by"] = t.published_by ? json::value(t.published_by->value) : json::value(nullptr);
  return o;
}

json::object OrganizationJson(const Organization& o) {
  return {{"name", o.name},         {"address", o.address},
          {"director", o.director}, {"director_title", o.director_title},
          {"city", o.city},         {"phone", o.phone}};
}

using AgreementDoc = Result<std::string> (*)(const documents::Sources&, const Actor&, AgreementId);

}  // namespace

void AddDocumentRoutes(Router& router, documents::Sources sources, const Clock& clock) {
  const struct {
    const char* file;
    AgreementDoc render;
    const char* russian;
  } agreement_docs[] = {
      {"agreement", documents::AgreementPdf, "Договор"},
      {"handover-act", documents::HandoverActPdf, "Акт приема-передачи"},
      {"rules", documents::AgreementRulesPdf, "Правила пользования"},
      {"multibox-act", documents::MultiboxActPdf, "Акт приема-передачи мультибокса"},
      {"multibox-report", documents::MultiboxReportPdf, "Отчет об использовании мультибокса"},
  };
  for (const auto& doc : agreement_docs) {
    router.Add(http::verb::get, std::string("/api/v1/agreements/{id}/") + doc.file + ".pdf",
               [sources, doc](RouteContext& ctx) {
                 auto id = ctx.IdParam();
                 if (!id) return ErrorToResponse(Error::NotFound("no such agreement", "id"));
                 const AgreementId agreement(*id);
                 auto pdf = doc.render(sources, ctx.actor(), agreement);
                 const std::string number =
                     NumberOf(sources.inventory.agreements, ctx.actor(), agreement);
                 return Pdf(pdf, doc.file + std::string("-") + number,
                            doc.russian + std::string(" ") + number);
               });
  }

  router.Add(http::verb::get, "/api/v1/agreements/{id}/return-acts/{act}/return-act.pdf",
             [sources](RouteContext& ctx) {
               auto id = ctx.IdParam();
               auto act = ctx.IdParam("act");
               if (!id || !act)
                 return ErrorToResponse(Error::NotFound("no such return act", "act"));
               auto pdf = documents::ReturnActPdf(sources, ctx.actor(), AgreementId(*id),
                                                  ReturnActId(*act));
               const std::string number =
                   NumberOf(sources.inventory.agreements, ctx.actor(), AgreementId(*id));
               return Pdf(pdf, "return-act-" + number + "-" + std::to_string(*act),
                          "Акт возврата " + number + "-" + std::to_string(*act));
             });

  router.Add(http::verb::get, "/api/v1/item-types/{id}/rules.pdf", [sources](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such item type", "id"));
    return Pdf(documents::ItemTypeRulesPdf(sources, ItemTypeId(*id)),
               "rules-" + std::to_string(*id), "Правила пользования");
  });

  for (auto [kind, file, ascii, ru] :
       {std::tuple{DisposalKind::kWriteOff, "write-off-act.pdf", "write-off-act-", "Акт списания "},
        std::tuple{DisposalKind::kLoss, "loss-act.pdf", "loss-act-", "Акт об утрате "}}) {
    router.Add(http::verb::get, std::string("/api/v1/items/{id}/") + file,
               [sources, kind = kind, ascii = ascii, ru = ru](RouteContext& ctx) {
                 auto id = ctx.IdParam();
                 if (!id) return ErrorToResponse(Error::NotFound("no such item", "id"));
                 auto pdf = documents::DisposalActPdf(sources, ctx.actor(), ItemId(*id), kind);
                 auto item = sources.inventory.catalog.GetItem(ctx.actor(), ItemId(*id));
                 const std::string number =
                     item.ok() ? item->inventory_number : std::to_string(*id);
                 return Pdf(pdf, ascii + std::to_string(*id), ru + number);
               });
  }

  router.Add(
      http::verb::get, "/api/v1/families/{id}/application.pdf", [sources](RouteContext& ctx) {
        auto id = ctx.IdParam();
        QueryReader q(ctx.url);
        auto application = q.Id<ApplicationId>("application");
        if (q.error()) return ErrorToResponse(*q.error());
        if (!id) return ErrorToResponse(Error::NotFound("no such family", "id"));
        return Pdf(documents::ApplicationPdf(sources, ctx.actor(), FamilyId(*id), application),
                   "application-" + std::to_string(*id), "Заявление");
      });

  router.Add(http::verb::get, "/api/v1/families/{id}/consent.pdf", [sources](RouteContext& ctx) {
    auto id = ctx.IdParam();
    if (!id) return ErrorToResponse(Error::NotFound("no such family", "id"));
    return Pdf(documents::ConsentPdf(sources, ctx.actor(), FamilyId(*id)),
               "consent-" + std::to_string(*id), "Согласие на обработку персональных данных");
  });

  router.Add(http::verb::get, "/api/v1/labels.pdf", [sources](RouteContext& ctx) {
    QueryReader q(ctx.url);
    auto items = IdList<ItemId>(q, "items");
    auto kits = IdList<KitId>(q, "kits");
    if (q.error()) return ErrorToResponse(*q.error());
    return Pdf(documents::LabelSheetPdf(sources, ctx.actor(), *items, *kits), "labels", "Этикетки");
  });

  router.Add(http::verb::get, "/api/v1/exports/{name}", [&clock, sources](RouteContext& ctx) {
    const std::string file = ctx.params.at("name");
    const auto dot = file.rfind('.');
    const std::string name = file.substr(0, dot);
    const std::string format = dot == std::string::npos ? "" : file.substr(dot + 1);
    if (format != "csv" && format != "xlsx")
      return ErrorToResponse(Error::NotFound("exports are .csv or .xlsx", "name"));
    QueryReader q(ctx.url);
    auto from = q.Date("from");
    auto to = q.Date("to");
    auto point = q.Id<PointId>("point");
    auto type = q.Id<ItemTypeId>("type");
    auto status = q.Enum<ItemStatus>("status");
    auto text = q.String("q", 100);
    if (q.error()) return ErrorToResponse(*q.error());
    if (from && to && *to < *from)
      return ErrorToResponse(Error::InvalidArgument("to must not be before from", "to"));
    const Date today = LocalToday(clock, sources.settings.Get());
    const Date end = to.value_or(std::max(today, from.value_or(today)));
    const Date start =
        from.value_or(Date(std::chrono::year_month_day(end).year() / std::chrono::January / 1));
    // The waiting list is of one point: without one asked for, the account's own (as the
    // /waiting-list route answers).
    if (name == "waiting" && !point) point = ctx.session->point;
    auto sheet = documents::BuildExport(sources, ctx.actor(), name,
                                        {start, end, point, type, status, text.value_or("")});
    if (!sheet.ok()) return ErrorToResponse(sheet.error());
    const std::string period = "_" + FormatDate(start) + "_" + FormatDate(end);
    if (format == "csv")
      return FileResponse(documents::ToCsv(*sheet), "text/csv; charset=utf-8",
                          name + period + ".csv", sheet->title + period + ".csv");
    return FileResponse(documents::ToXlsx(*sheet),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        name + period + ".xlsx", sheet->title + period + ".xlsx");
  });

  router.Add(http::verb::get, "/api/v1/templates", [sources](RouteContext&) {
    json::array items;
    for (TemplateKind kind : kAllTemplateKinds) {
      auto t = sources.inventory.templates.Current(kind);
      if (!t.ok()) return ErrorToResponse(t.error());
      items.push_back(TemplateJson(*t));
    }
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::get, "/api/v1/templates/{kind}", [sources](RouteContext& ctx) {
    auto kind = ParseTemplateKind(ctx.params.at("kind"));
    if (!kind) return ErrorToResponse(Error::NotFound("no such template", "kind"));
    auto versions = sources.inventory.templates.Versions(*kind);
    if (!versions.ok()) return ErrorToResponse(versions.error());
    json::array items;
    for (const auto& t : *versions) items.push_back(TemplateJson(t));
    return JsonResponse(
        http::status::ok,
        json::object{{"items", std::move(items)}, {"default_text", DefaultTemplateText(*kind)}});
  });

  router.Add(http::verb::post, "/api/v1/templates/{kind}", [sources](RouteContext& ctx) {
    auto kind = ParseTemplateKind(ctx.params.at("kind"));
    if (!kind) return ErrorToResponse(Error::NotFound("no such template", "kind"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string text = in.String("text", 1, 100000);
    if (in.error()) return ErrorToResponse(*in.error());
    auto t = sources.inventory.templates.Publish(ctx.actor(), *kind, text);
    if (!t.ok()) return ErrorToResponse(t.error());
    return JsonResponse(http::status::created, TemplateJson(*t));
  });

  router.Add(http::verb::post, "/api/v1/templates/{kind}/preview", [sources](RouteContext& ctx) {
    auto kind = ParseTemplateKind(ctx.params.at("kind"));
    if (!kind) return ErrorToResponse(Error::NotFound("no such template", "kind"));
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string text = in.String("text", 1, 100000);
    if (in.error()) return ErrorToResponse(*in.error());
    return Pdf(documents::TemplatePreviewPdf(sources, ctx.actor(), *kind, text),
               "template-" + std::string(ToString(*kind)) + "-preview", "Образец документа");
  });

  router.Add(http::verb::get, "/api/v1/rules", [sources](RouteContext&) {
    auto versions = sources.inventory.rules_versions.List();
    if (!versions.ok()) return ErrorToResponse(versions.error());
    // The versions come grouped by document: a new document starts a new entry.
    json::array items;
    json::array* current = nullptr;
    std::int64_t current_id = 0;
    for (const auto& v : *versions) {
      if (!current || current_id != v.document.value) {
        current_id = v.document.value;
        items.push_back(json::object{
            {"id", v.document.value}, {"title", v.title}, {"versions", json::array{}}});
        current = &items.back().as_object()["versions"].as_array();
      }
      current->push_back(json::object{{"id", v.id.value},
                                      {"version", v.version},
                                      {"text", v.text},
                                      {"published_at", FormatTimestamp(v.published_at)}});
    }
    return JsonResponse(http::status::ok, json::object{{"items", std::move(items)}});
  });

  router.Add(http::verb::post, "/api/v1/rules/preview", [sources](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    std::string title = in.String("title", 1, 300);
    std::string text = in.String("text", 1, 100000);
    if (in.error()) return ErrorToResponse(*in.error());
    return Pdf(documents::RulesPreviewPdf(sources, title, text), "rules-preview",
               "Правила пользования (проект)");
  });

  router.Add(http::verb::get, "/api/v1/organization", [sources](RouteContext&) {
    auto org = sources.inventory.organization.Load();
    if (!org.ok()) return ErrorToResponse(org.error());
    return JsonResponse(http::status::ok, OrganizationJson(*org));
  });

  router.Add(http::verb::put, "/api/v1/organization", [sources](RouteContext& ctx) {
    auto body = ParseJsonObject(ctx.request);
    if (!body.ok()) return ErrorToResponse(body.error());
    FieldReader in(*body);
    Organization org;
    org.name = in.OptionalString("name").value_or("");
    org.address = in.OptionalString("address").value_or("");
    org.director = in.OptionalString("director").value_or("");
    org.director_title = in.OptionalString("director_title").value_or("");
    org.city = in.OptionalString("city").value_or("");
    org.phone = in.OptionalString("phone").value_or("");
    if (in.error()) return ErrorToResponse(*in.error());
    if (auto r = sources.inventory.organization.Save(ctx.actor(), org); !r.ok())
      return ErrorToResponse(r.error());
    return JsonResponse(http::status::ok, OrganizationJson(org));
  });
}

}  // namespace prokat::web
