// The access log on real files: buffered request lines, events written at once, nothing lost
// at a clean stop, the line format.
#include "prokat/web/access_log.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

namespace prokat::web {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(AccessLog, RequestLineHasTheFieldsAndNeverTheQueryString) {
  prokat::testing::TempDir dir;
  const std::string path = dir.File("access.log");
  {
    AccessLog log(path);
    log.Request("GET", "/api/v1/families?q=Иванова&phone=555", 200, 1.25, "ivanova");
    log.Request("POST", "/a\"b\\c\x01\t", 503, 0, "");
  }
  auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 2u);
  std::smatch m;
  const std::regex line_format(R"re(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",(.*)\})re");
  ASSERT_TRUE(std::regex_match(lines[0], m, line_format)) << lines[0];
  EXPECT_EQ(m[1], R"("method":"GET","path":"/api/v1/families","status":200,"ms":1.25,)"
                  R"("user":"ivanova")");
  // Escaped as a JSON serializer escapes it.
  auto second = boost::json::parse(lines[1]).as_object();
  EXPECT_EQ(second.at("path"), "/a\"b\\c\x01\t");
  EXPECT_EQ(second.at("ms").as_double(), 0.0);
  EXPECT_NE(
      lines[1].find(R"("path":)" + boost::json::serialize(boost::json::value("/a\"b\\c\x01\t"))),
      std::string::npos)
      << lines[1];
}

TEST(AccessLog, RequestLinesReachTheFileWithinTheFlushInterval) {
  prokat::testing::TempDir dir;
  const std::string path = dir.File("access.log");
  AccessLog log(path, 50ms);
  log.Request("GET", "/healthz", 200, 0.1, "");
  // Polled, not timed: the line must come without a stop, an event or more traffic.
  for (int i = 0; i < 500 && Lines(path).empty(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(Lines(path).size(), 1u);
  EXPECT_NE(Lines(path)[0].find(R"("path":"/healthz")"), std::string::npos);
}

TEST(AccessLog, AnEventIsWrittenAtOnceAfterTheRequestsBeforeIt) {
  prokat::testing::TempDir dir;
  const std::string path = dir.File("access.log");
  AccessLog log(path, std::chrono::hours(1));
  log.Request("GET", "/one", 200, 1, "");
  log.Request("GET", "/two", 200, 1, "");
  EXPECT_TRUE(Lines(path).empty());  // buffered: the interval is an hour
  log.Event("stopping", "by test");
  auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find(R"("path":"/one")"), std::string::npos);
  EXPECT_NE(lines[1].find(R"("path":"/two")"), std::string::npos);
  auto event = boost::json::parse(lines[2]).as_object();
  EXPECT_EQ(event.at("event"), "stopping");
  EXPECT_EQ(event.at("detail"), "by test");
}

TEST(AccessLog, ACleanStopLosesNoLineFromManyThreads) {
  prokat::testing::TempDir dir;
  const std::string path = dir.File("access.log");
  constexpr int kThreads = 8;
  constexpr int kLines = 3000;  // past the 64 KiB at which the flusher writes early
  {
    AccessLog log(path, std::chrono::hours(1));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kLines; ++i)
          log.Request("GET", "/t" + std::to_string(t) + "/" + std::to_string(i), 200, 0.5, "u");
      });
    }
    for (auto& thread : threads) thread.join();
  }
  auto lines = Lines(path);
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kLines));
  std::vector<int> next(kThreads, 0);
  for (const auto& line : lines) {
    auto path_value = boost::json::parse(line).at("path").as_string();
    const std::string p(path_value.data(), path_value.size());
    const int t = std::stoi(p.substr(2));
    const int i = std::stoi(p.substr(p.rfind('/') + 1));
    EXPECT_EQ(i, next[t]) << "thread " << t << "'s lines out of order";
    next[t] = i + 1;
  }
}

}  // namespace
}  // namespace prokat::web
