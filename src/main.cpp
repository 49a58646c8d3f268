// eatos-host: the mock eatOS back office (see cli/cli.hpp).
#include <sys/stat.h>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // Everything the host writes (database, WAL, key, log) is for its owner only.
  ::umask(077);
  return eatos::host::run_cli(argc, argv);
}
