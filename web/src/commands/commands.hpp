// The command line of prokat: the commands, their options and what they share. Each command
// takes its arguments after the command name, prints its result to stdout and returns the
// process exit code; a mistake in how it was called throws UsageError, any other failure a
// std::exception (main prints either).
#pragma once

#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "prokat/db/database.hpp"

namespace prokat::web::commands {

// A mistake in how the command was called; main prints it with the usage hint (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Dispatches argv to a command; prints the usage for no command or --help, the version for
// --version. Throws UsageError for an unknown command.
int RunCommandLine(int argc, char** argv);

int Serve(const std::vector<std::string>& args);
int Migrate(const std::vector<std::string>& args);
int Backup(const std::vector<std::string>& args);
int Restore(const std::vector<std::string>& args);
int DemoData(const std::vector<std::string>& args);
int UserCommand(const std::vector<std::string>& args);  // "user add ..."

// `options` plus --help and --config FILE ("key = value" lines; the command line wins).
boost::program_options::variables_map Parse(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options);

// Options to open (or create) the database at `path`, its parent directory created.
db::DatabaseOptions DatabaseAt(const std::string& path);

// The photo directory of a database: the photos.dir setting, or "<database path>.photos".
std::string PhotoDirectory(db::Database& database);

}  // namespace prokat::web::commands
