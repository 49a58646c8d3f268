// `eatos-host pos seed|simulate|stores|orders`: the mock host's POS data for one restaurant, which plugins read
// through sdk::PosData. Operator commands: they need no plugin and no role.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "loader/host_context.hpp"
#include "pos/demo_sales.hpp"

namespace eatos::host {

struct PosCommand {
  enum class Kind : std::uint8_t { seed, simulate, stores, orders } kind = Kind::stores;
  DemoHistoryOptions history;         // seed
  int changes = 100;                  // simulate: how many
  double per_second = 0;              // simulate: 0 = as fast as possible
  std::optional<std::uint64_t> seed;  // seed, simulate
  std::string store;                  // orders
  std::size_t limit = 50;             // orders: newest first, 0 = all
  bool json = false;
};

/// Runs the command for `restaurant` and returns the exit code (cli/exit_codes.hpp).
int run_pos_command(const PosCommand& command, HostContext& host, const std::string& restaurant);

}  // namespace eatos::host
