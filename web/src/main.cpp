// prokat: the rental-point server and its maintenance commands (commands/). The entry point
// only: it turns what a command throws into a message and an exit code.
#include <boost/program_options/errors.hpp>
#include <csignal>
#include <exception>
#include <iostream>

#include "commands/commands.hpp"

int main(int argc, char** argv) {
  // Past a file-size limit (RLIMIT_FSIZE) write() must fail with EFBIG, which SQLite reports as
  // a storage error, rather than the default SIGXFSZ ending the server.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return prokat::web::commands::RunCommandLine(argc, argv);
  } catch (const prokat::web::commands::UsageError& e) {
    std::cerr << "prokat: " << e.what() << "\n(run 'prokat --help' for usage)\n";
    return 2;
  } catch (const boost::program_options::error& e) {
    std::cerr << "prokat: " << e.what() << "\n(run 'prokat --help' for usage)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "prokat: " << e.what() << "\n";
    return 1;
  }
}
