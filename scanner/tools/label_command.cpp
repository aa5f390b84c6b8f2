#include <iostream>

#include "commands.hpp"

namespace prokat::scanner::cli {
int RunLabel(const std::vector<std::string>&) {
  std::cerr << "prokat-scan label: not implemented yet\n";
  return 2;
}
}  // namespace prokat::scanner::cli
