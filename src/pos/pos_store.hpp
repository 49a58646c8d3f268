// The mock host's POS data: each restaurant's stores and orders, in the host's SQLite database, with the change
// feed plugins read through sdk::PosData.
//
// Every write to an order gives it the restaurant's next change cursor (the largest so far + 1, inside the write
// transaction), so a cursor only grows and `changes_after` never misses a committed change. Thread-safe: every call
// runs on the Store's one connection under its lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eatos/sdk/pos.hpp"
#include "eatos/sdk/status.hpp"
#include "storage/store.hpp"

namespace eatos::host {

class PosStore {
 public:
  /// Creates the POS tables when missing. Throws DatabaseError.
  explicit PosStore(Store& store);

  // ---- reads: what sdk::PosData offers, plus what the CLI shows ----
  sdk::Result<std::vector<sdk::PosStore>> stores(std::string_view restaurant);
  sdk::Result<std::optional<sdk::OrderChange>> order(std::string_view restaurant, std::string_view order_id);
  sdk::Result<std::vector<sdk::OrderChange>> orders(std::string_view restaurant,
                                                    const std::vector<std::string>& order_ids);
  sdk::Result<std::vector<sdk::OrderChange>> orders_opened(std::string_view restaurant, std::string_view store_id,
                                                           sdk::Instant from, sdk::Instant to,
                                                           const std::optional<sdk::OrderPosition>& after,
                                                           std::size_t limit);
  sdk::Result<std::uint64_t> count_orders_opened(std::string_view restaurant, std::string_view store_id,
                                                 sdk::Instant from, sdk::Instant to);
  sdk::Result<std::vector<sdk::OrderChange>> changes_after(std::string_view restaurant, sdk::ChangeCursor cursor,
                                                           std::size_t limit);
  sdk::Result<sdk::ChangeCursor> latest_change(std::string_view restaurant);
  /// The latest `limit` orders of a store (all when 0), newest first.
  sdk::Result<std::vector<sdk::Order>> latest_orders(std::string_view restaurant, std::string_view store_id,
                                                     std::size_t limit);
  /// Orders of the restaurant changed at or after `since`, newest change first, at most `limit` (for simulating
  /// edits of recent orders).
  sdk::Result<std::vector<sdk::Order>> recently_changed(std::string_view restaurant, sdk::Instant since,
                                                        std::size_t limit);
  /// How many orders each store has, in store id order.
  sdk::Result<std::vector<std::uint64_t>> order_counts(std::string_view restaurant);
  /// The largest number N among order ids "<store>-N" of the restaurant (0 for none): where new ids continue.
  sdk::Result<std::uint64_t> last_order_number(std::string_view restaurant);

  // ---- writes ----
  /// Adds stores and orders in one transaction; orders get change cursors in the order given. Fails with conflict
  /// when the restaurant already has POS data (nothing is written then).
  sdk::Status add(std::string_view restaurant, const std::vector<sdk::PosStore>& stores,
                  const std::vector<sdk::Order>& orders);
  /// Inserts or replaces one order (its store must exist) and gives it the next change cursor.
  sdk::Result<sdk::ChangeCursor> save(std::string_view restaurant, const sdk::Order& order);

 private:
  Store& store_;
};

}  // namespace eatos::host
