// Private to prokat-scan: one function per subcommand. Each takes the arguments after the
// subcommand name and returns the process exit status.
#pragma once

#include <string>
#include <vector>

namespace prokat::scanner::cli {

int RunDecode(const std::vector<std::string>& args);
int RunWatch(const std::vector<std::string>& args);
int RunLabel(const std::vector<std::string>& args);

// Appends `text` to `out` as a JSON string literal.
std::string JsonQuote(const std::string& text);

}  // namespace prokat::scanner::cli
