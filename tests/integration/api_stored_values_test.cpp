// A row damaged in the database file (outside prokat) reaches the client as a storage error
// that names the column and the text, never as an agreement due on 1970-01-01.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "agreements_fixture.hpp"

namespace prokat::testing {
namespace {

TEST_F(ApiAgreements, ADamagedStoredDueDateIsAStorageErrorNotADate) {
  const auto id = Active("Кравцова Анна Сергеевна", json::array{CreateItem(type_, "СТ-901")});
  ASSERT_EQ(Get(id).at("due_date"), "2026-06-02");
  ASSERT_EQ(std::system(("sqlite3 " + server_->db_path() +
                         " \"UPDATE agreement SET due_date = 'garbage' WHERE id = " +
                         std::to_string(id) + "\"")
                            .c_str()),
            0);

  auto r = staff_->Get(Path(id));
  EXPECT_EQ(r.status, 503) << r.raw;
  ASSERT_TRUE(r.body.is_object()) << r.raw;
  const auto& error = r.body.at("error");
  EXPECT_EQ(error.at("category"), "storage");
  const std::string message(error.at("message").as_string());
  EXPECT_NE(message.find("agreement.due_date"), std::string::npos) << message;
  EXPECT_NE(message.find("'garbage'"), std::string::npos) << message;
  EXPECT_EQ(r.raw.find("1970"), std::string::npos) << r.raw;
}

}  // namespace
}  // namespace prokat::testing
