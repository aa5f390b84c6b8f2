// Documents tests: the inventory fixture (a real SQLite file) plus the whole Inventory for the
// renderers, and poppler-utils (pdftotext, pdfinfo, pdftoppm) run on the rendered bytes.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include "../inventory/fixture.hpp"
#include "prokat/documents/documents.hpp"
#include "prokat/inventory/inventory.hpp"
#include "shell.hpp"

namespace prokat::documents::testing {

using namespace inventory;
using namespace inventory::testing;
using prokat::testing::Shell;

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

class DocumentsTest : public InventoryTest {
 protected:
  DocumentsTest() : inventory_(*db_, clock_, settings_), sources_{inventory_, settings_} {}

  // The PDF's text as `pdftotext -layout` gives it.
  std::string Text(const std::string& pdf, const std::string& name = "doc") {
    const std::string path = dir_.File(name + ".pdf");
    WriteFile(path, pdf);
    // To look at the documents: PROKAT_DOCS_OUT=/some/dir keeps a copy of each.
    if (const char* out = std::getenv("PROKAT_DOCS_OUT"))
      WriteFile(std::string(out) + "/" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + name +
                    ".pdf",
                pdf);
    return Shell("pdftotext -layout '" + path + "' -");
  }
  // The text of one page.
  std::string PageText(const std::string& pdf, int page) {
    const std::string path = dir_.File("page.pdf");
    WriteFile(path, pdf);
    const std::string p = std::to_string(page);
    return Shell("pdftotext -layout -f " + p + " -l " + p + " '" + path + "' -");
  }
  int Pages(const std::string& pdf) {
    const std::string path = dir_.File("info.pdf");
    WriteFile(path, pdf);
    std::smatch m;
    const std::string info = Shell("pdfinfo '" + path + "'");
    return std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")) ? std::stoi(m[1]) : 0;
  }

  // An active agreement of `count` items "ВР-0001".., activated by staff.
  AgreementId Lend(int count, const std::string& prefix = "ВР-") {
    std::vector<ItemId> items;
    for (int i = 1; i <= count; ++i) {
      char number[32];
      std::snprintf(number, sizeof number, "%s%04d", prefix.c_str(), i);
      items.push_back(AddItem(number, walker_type_));
    }
    AgreementId id = Draft(items);
    Must(agreements_.Activate(staff_, id));
    return id;
  }

  Inventory inventory_;
  Sources sources_;
};

}  // namespace prokat::documents::testing
