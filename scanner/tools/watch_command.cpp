#include <iostream>

#include "commands.hpp"

namespace prokat::scanner::cli {
int RunWatch(const std::vector<std::string>&) {
  std::cerr << "prokat-scan watch: not implemented yet\n";
  return 2;
}
}  // namespace prokat::scanner::cli
