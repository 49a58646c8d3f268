// Demo POS data for the mock host: a history of sales with the shape of a real restaurant's (a lunch and a dinner
// peak, busier weekends, card tips, auto-gratuity on large parties, discounts, a few voids), and live changes
// (new orders, closes, edits, voids) for `eatos-host pos simulate`.
//
// Deterministic: the same options, seed and `now` give the same data on any machine (the generator and every
// distribution are written out here, not taken from <random>, whose distributions differ between libraries).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eatos/sdk/pos.hpp"
#include "eatos/sdk/status.hpp"

namespace eatos::host {

struct DemoHistoryOptions {
  int days = 90;
  int orders_per_day = 300;  // per store, on an average day
  int stores = 2;
  std::uint64_t seed = 1;

  static constexpr int max_days = 400;
  static constexpr int max_orders_per_day = 5000;
  static constexpr int max_stores = 8;
};

struct DemoHistory {
  std::vector<sdk::PosStore> stores;
  std::vector<sdk::Order> orders;  // in change order (by last change)
};

/// invalid_argument naming the option when one is out of range.
sdk::Status check(const DemoHistoryOptions& options);

/// `days` days of sales ending at `now` (today's orders only up to `now`; orders still running at `now` are open).
DemoHistory make_demo_history(const DemoHistoryOptions& options, sdk::Instant now);

/// Deterministic pseudo-random numbers (SplitMix64) with the few distributions the demo needs.
class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
  /// Uniform in [0, 1).
  double unit();
  bool chance(double probability) { return unit() < probability; }
  /// Normal with this mean and standard deviation (Box-Muller).
  double normal(double mean, double deviation);

 private:
  std::uint64_t state_;
};

/// Live changes for `pos simulate`: each call gives one order to save, new or changed.
class LiveSales {
 public:
  /// `last_order_number`: the largest N among existing ids "<store>-N"; new orders continue after it.
  LiveSales(std::uint64_t seed, std::uint64_t last_order_number) : random_(seed), number_(last_order_number) {}

  enum class Kind : std::uint8_t { opened, closed, edited, voided };
  struct Change {
    Kind kind;
    sdk::Order order;
  };

  /// The next change at `now`: a new order in one of `stores`, or a change to one of `recent` (orders changed
  /// lately, newest first). `stores` must not be empty.
  Change next(sdk::Instant now, const std::vector<sdk::PosStore>& stores, const std::vector<sdk::Order>& recent);

 private:
  DemoRandom random_;
  std::uint64_t number_;
};

/// "downtown-0001234": the demo's order ids.
std::string demo_order_id(const std::string& store_id, std::uint64_t number);

}  // namespace eatos::host
