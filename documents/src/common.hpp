// Private helpers of the documents: Russian names of the inventory's enumerations, dates as
// printed, template substitution, and the header every document starts with.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "pdf_writer.hpp"
#include "prokat/documents/documents.hpp"

namespace prokat::documents {

std::string_view Ru(inventory::ItemCondition v);
std::string_view Ru(inventory::ItemStatus v);
std::string_view Ru(inventory::ItemCategory v);
std::string_view Ru(inventory::AgreementState v);
std::string_view Ru(inventory::TargetGroup v);
std::string_view Ru(inventory::ChildCategory v);
std::string_view Ru(inventory::DeliveryMode v);
std::string_view Ru(inventory::ContactForm v);

// The text with its spaces made non-breaking (a phone number kept on one line).
std::string NoBreak(std::string_view text);

// "02.03.2026".
std::string DateRu(inventory::Date date);
// The point's calendar date of a stored UTC timestamp, as DateRu; the text itself when it is
// not a timestamp.
std::string LocalDateRu(inventory::Timestamp t, const inventory::InventorySettings& settings);

using Vars = std::map<std::string, std::string>;
// Replaces each "{{key}}" found in `vars`; unknown keys stay as written.
std::string Substitute(std::string_view text, const Vars& vars);
// Draws a template: blank-line separated paragraphs (justified), "## " headings; a paragraph
// that is exactly "{{items}}" calls `items` instead.
void DrawTemplate(PdfWriter& pdf, std::string_view text, const Vars& vars,
                  const std::function<void()>& items = {});

// The organisation (falling back to the point's name and address) and the variables every
// template may use: org.*, point.*.
struct Letterhead {
  inventory::Organization org;
  inventory::Point point;
  Vars vars;
};
Result<Letterhead> LoadLetterhead(const Sources& s, inventory::PointId point);

// The family's variables: family.representative, .address, .phone, .children,
// .target_groups; child.name and child.birth_date (the given child, else the first one).
Vars FamilyVars(const inventory::Family& family, std::optional<inventory::ChildId> child);

// The top of a document: the organisation's name at the left and, when `qr_payload` is not
// empty, its QR code at the right with the payload under it; then the title lines, centred.
Result<void> DrawHeader(PdfWriter& pdf, const Letterhead& head, const std::string& qr_payload,
                        const std::vector<std::string>& title_lines);
// "г. Барнаул" at the left, the date at the right.
void DrawPlaceAndDate(PdfWriter& pdf, const Letterhead& head, const std::string& date);

}  // namespace prokat::documents
