// Runs a shell command (pdftotext, pdftoppm, unzip...) and returns what it wrote to stdout.
#pragma once

#include <cstdio>
#include <string>

namespace prokat::testing {

inline std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace prokat::testing
