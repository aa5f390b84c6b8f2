#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace prokat::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "prokat-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path SharedDir() {
  if (const char* shared = std::getenv("PROKAT_SHARED_DIR")) return shared;
  const char* source = std::getenv("PROKAT_SOURCE_DIR");
  std::filesystem::path root = source ? source : std::filesystem::current_path();
  return root.parent_path() / "shared";
}

}  // namespace prokat::testing
