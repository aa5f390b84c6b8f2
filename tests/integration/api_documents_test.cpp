// Documents over HTTP on the demo database: a PDF and an export with their content types,
// Russian filenames (RFC 5987) and content; templates editable by an admin only.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api_client.hpp"

namespace prokat::testing {
namespace {

TEST(ApiDocumentsTest, HandoverActPdfAndAgreementRegisterExport) {
  ApiServer server(true);
  auto staff = server.SignedIn("ivanova");
  auto list = staff->Get("/api/v1/register/agreements?from=2000-01-01&to=2100-01-01&limit=1");
  ASSERT_EQ(list.status, 200) << list.raw;
  const auto& items = list.body.at("items").as_array();
  ASSERT_FALSE(items.empty());
  const auto id = items[0].at("agreement_id").as_int64();

  auto pdf = staff->Get("/api/v1/agreements/" + std::to_string(id) + "/handover-act.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 300);
  EXPECT_EQ(std::string(pdf.http["Content-Type"]), "application/pdf");
  EXPECT_NE(std::string(pdf.http["Content-Disposition"]).find("filename*=UTF-8''"),
            std::string::npos);
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);

  auto csv = staff->Get("/api/v1/exports/agreements.csv?from=2000-01-01&to=2100-01-01");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(std::string(csv.http["Content-Type"]), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.raw.rfind("\xEF\xBB\xBF№ договора;", 0), 0u) << csv.raw.substr(0, 100);

  auto xlsx = staff->Get("/api/v1/exports/items.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.raw.rfind("PK", 0), 0u);
  EXPECT_EQ(staff->Get("/api/v1/exports/nope.csv").status, 404);

  EXPECT_EQ(staff->Post("/api/v1/templates/agreement", boost::json::object{{"text", "x"}}).status,
            403);
  auto admin = server.SignedIn("admin");
  auto published =
      admin->Post("/api/v1/templates/agreement", boost::json::object{{"text", "Новый текст"}});
  EXPECT_EQ(published.status, 201) << published.raw;
}

}  // namespace
}  // namespace prokat::testing
