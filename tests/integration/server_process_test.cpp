// The real prokat binary: created database, /healthz over TCP, clean stop on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_dir.hpp"

namespace prokat::testing {
namespace {

TEST(ServerProcess, CreatesDatabaseAnswersHealthzAndStopsOnSigterm) {
  TempDir dir;
  const std::string db = dir.File("var/sub/prokat.db");
  ServerProcess server(ProkatBinary(), {"serve", "--db", db, "--listen", "127.0.0.1:0"});
  EXPECT_TRUE(std::filesystem::exists(db));

  HttpClient client("127.0.0.1", server.port());
  auto res = client.Get("/healthz");
  EXPECT_EQ(res.result_int(), 200);
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("status"), "ok");
  EXPECT_EQ(body.at("db"), "ok");
  EXPECT_EQ(body.at("scanner"), "none");
  EXPECT_FALSE(body.at("version").as_string().empty());

  EXPECT_EQ(server.Stop(SIGTERM), 0);
  EXPECT_NE(server.Stderr().find("\"event\":\"stopped\""), std::string::npos) << server.Stderr();
  EXPECT_NE(server.Stderr().find("\"path\":\"/healthz\",\"status\":200"), std::string::npos)
      << server.Stderr();
}

TEST(ServerProcess, SigintAlsoStopsCleanly) {
  TempDir dir;
  ServerProcess server(ProkatBinary(),
                       {"serve", "--db", dir.File("p.db"), "--listen", "127.0.0.1:0"});
  HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.Get("/healthz").result_int(), 200);
  EXPECT_EQ(server.Stop(SIGINT), 0);
}

TEST(ServerProcess, ConfigFileSetsOptionsAndFlagsWin) {
  TempDir dir;
  {
    std::ofstream config(dir.File("prokat.conf"));
    config << "db = " << dir.File("from-config.db") << "\nlisten = 127.0.0.1:1\n";
  }
  ServerProcess server(ProkatBinary(),
                       {"serve", "--config", dir.File("prokat.conf"), "--listen", "127.0.0.1:0"});
  EXPECT_TRUE(std::filesystem::exists(dir.File("from-config.db")));
  EXPECT_NE(server.port(), 1);
  EXPECT_EQ(server.Stop(SIGTERM), 0);
}

TEST(ServerProcess, NewerDatabaseIsRefusedWithClearMessage) {
  TempDir dir;
  const std::string db = dir.File("new.db");
  ASSERT_EQ(std::system(("sqlite3 " + db + " 'PRAGMA user_version=500'").c_str()), 0);
  EXPECT_THROW(
      {
        try {
          ServerProcess server(ProkatBinary(), {"serve", "--db", db, "--listen", "127.0.0.1:0"});
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("newer than this prokat supports"),
                    std::string::npos)
              << e.what();
          throw;
        }
      },
      std::runtime_error);
}

TEST(ServerProcess, BackupCommandWritesACheckedCopy) {
  TempDir dir;
  const std::string db = dir.File("live.db");
  ASSERT_EQ(std::system((ProkatBinary() + " migrate --db " + db + " > /dev/null").c_str()), 0);
  ASSERT_EQ(std::system((ProkatBinary() + " backup --db " + db + " --to " + dir.File("copy.db") +
                         " > /dev/null")
                            .c_str()),
            0);
  EXPECT_TRUE(std::filesystem::exists(dir.File("copy.db")));
  // A missing database is an error, not a new empty file.
  EXPECT_NE(std::system((ProkatBinary() + " backup --db " + dir.File("missing.db") + " --to " +
                         dir.File("x.db") + " 2> /dev/null")
                            .c_str()),
            0);
  EXPECT_FALSE(std::filesystem::exists(dir.File("missing.db")));
}

}  // namespace
}  // namespace prokat::testing
