// sdk::PosData for one plugin and one restaurant: reads go to the PosStore; change watches are tasks on the
// plugin's own scheduler, so the host stops them with the plugin's other tasks before it unloads the plugin.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "eatos/sdk/pos.hpp"
#include "pos/pos_store.hpp"

namespace eatos::host {

class RestaurantPos final : public sdk::PosData {
 public:
  /// How often a watch looks for new changes. The mock host's orders can be written by another process (`pos
  /// simulate`), so it polls the latest cursor, which is one indexed lookup.
  static constexpr std::chrono::milliseconds watch_interval{500};

  RestaurantPos(PosStore& pos, sdk::Scheduler& scheduler, std::string restaurant)
      : pos_(pos), scheduler_(scheduler), restaurant_(std::move(restaurant)) {}

  sdk::Result<std::vector<sdk::PosStore>> stores() override { return pos_.stores(restaurant_); }
  sdk::Result<std::optional<sdk::OrderChange>> order(std::string_view order_id) override {
    return pos_.order(restaurant_, order_id);
  }
  sdk::Result<std::vector<sdk::OrderChange>> orders(const std::vector<std::string>& order_ids) override {
    return pos_.orders(restaurant_, order_ids);
  }
  sdk::Result<std::vector<sdk::OrderChange>> orders_opened(std::string_view store_id, sdk::Instant from,
                                                           sdk::Instant to,
                                                           const std::optional<sdk::OrderPosition>& after,
                                                           std::size_t limit) override {
    return pos_.orders_opened(restaurant_, store_id, from, to, after, limit);
  }
  sdk::Result<std::uint64_t> count_orders_opened(std::string_view store_id, sdk::Instant from,
                                                 sdk::Instant to) override {
    return pos_.count_orders_opened(restaurant_, store_id, from, to);
  }
  sdk::Result<std::vector<sdk::OrderChange>> changes_after(sdk::ChangeCursor cursor, std::size_t limit) override {
    return pos_.changes_after(restaurant_, cursor, limit);
  }
  sdk::Result<sdk::ChangeCursor> latest_change() override { return pos_.latest_change(restaurant_); }

  sdk::TaskId watch_changes(std::function<void()> on_change) override {
    // The task owns what it needs (the PosStore outlives every plugin); this object may be gone when it runs.
    auto seen = pos_.latest_change(restaurant_);
    return scheduler_.run_every(watch_interval,
                                [&pos = pos_, restaurant = restaurant_, last = seen ? *seen : sdk::ChangeCursor{0},
                                 on_change = std::move(on_change)]() mutable {
                                  auto latest = pos.latest_change(restaurant);
                                  if (!latest || *latest == last) return;
                                  last = *latest;
                                  on_change();
                                });
  }

 private:
  PosStore& pos_;
  sdk::Scheduler& scheduler_;
  std::string restaurant_;
};

}  // namespace eatos::host
