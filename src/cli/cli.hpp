// The eatos-host command line (the contract is in README.md and DESIGN.md).
#pragma once

namespace eatos::host {

/// Parses the arguments, runs the command and returns the process exit code (cli/exit_codes.hpp).
int run_cli(int argc, char** argv);

}  // namespace eatos::host
