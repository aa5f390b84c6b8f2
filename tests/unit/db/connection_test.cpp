#include "prokat/db/connection.hpp"
#include <gtest/gtest.h>
#include "temp_dir.hpp"
TEST(Connection, Opens) { prokat::testing::TempDir d; prokat::db::Connection c(d.File("a.db")); }
