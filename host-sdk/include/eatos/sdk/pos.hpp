// POS data (since SDK 1.1): a restaurant's stores and orders, read-only to plugins, with a change feed.
//
// The host owns the data; a plugin reads it through sdk::PosData, scoped to one restaurant by
// HostServices::pos(). Money is integer cents; instants are UTC.
//
// The change feed: every write to an order gives it the restaurant's next change cursor (a number that only
// grows). `changes_after(c)` lists the orders whose latest change is after `c`, each once, in its latest state,
// ordered by that change. A reader that stores the cursor of the last change it handled, in the same transaction
// as what it made of the changes, neither skips nor repeats a change after a crash.
#pragma once

#include <boost/config.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eatos/sdk/services.hpp"
#include "eatos/sdk/status.hpp"
#include "eatos/sdk/version.hpp"

EATOS_SDK_BEGIN_NAMESPACE

using Cents = std::int64_t;
using Instant = std::chrono::sys_seconds;  // UTC

/// A store (a physical restaurant location) of the eatOS restaurant account.
struct PosStore {
  std::string id;
  std::string name;
  std::string timezone;  // IANA, e.g. "America/Regina"
};

enum class OrderStatus : std::uint8_t { open, closed, voided };

constexpr std::string_view to_string(OrderStatus status) noexcept {
  switch (status) {
    case OrderStatus::open: return "open";
    case OrderStatus::closed: return "closed";
    case OrderStatus::voided: return "voided";
  }
  return "open";
}

constexpr std::optional<OrderStatus> parse_order_status(std::string_view text) noexcept {
  for (OrderStatus status : {OrderStatus::open, OrderStatus::closed, OrderStatus::voided}) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
}

/// One item line of an order.
struct OrderLine {
  std::string item;
  std::int32_t quantity = 1;
  Cents unit_price = 0;
  Cents discount = 0;  // item discount on this line
};

struct OrderTips {
  Cents card = 0;      // tips the guest added (card or cash)
  Cents gratuity = 0;  // automatic gratuity (service charge)
};

/// An order (a check, a receipt) in its current state. Totals keep their values when the order is voided.
struct Order {
  std::string id;  // unique within the restaurant
  std::string store_id;
  OrderStatus status = OrderStatus::open;
  Instant opened_at{};
  std::optional<Instant> closed_at;  // set when closed
  Instant updated_at{};              // the last change
  Cents gross = 0;                   // before discounts, before tax and tips
  Cents item_discounts = 0;
  Cents receipt_discounts = 0;
  Cents net = 0;  // gross - discounts: before tax and tips
  OrderTips tips;
  std::string revenue_center;  // e.g. "Dining Room", "Bar"
  std::string employee_id;     // the POS employee who owns the check
  std::vector<OrderLine> lines;
};

/// A position in a restaurant's change feed; 0 is before the first change.
using ChangeCursor = std::uint64_t;

struct OrderChange {
  ChangeCursor cursor = 0;  // the order's latest change
  Order order;              // its state at that change
};

/// Where a page of `orders_opened` ends, to ask for the next one: orders after this (opened_at, id).
struct OrderPosition {
  Instant opened_at{};
  std::string order_id;
};

/// One restaurant's POS data. Made by HostServices::pos(); the caller owns it.
/// Threading: every method may be called from any thread. Failure: Status, never an exception.
class BOOST_SYMBOL_VISIBLE PosData {
 public:
  virtual ~PosData() = default;

  virtual Result<std::vector<PosStore>> stores() = 0;

  /// One order in its current state, or nullopt when there is none with this id.
  virtual Result<std::optional<OrderChange>> order(std::string_view order_id) = 0;
  /// The orders among `order_ids` that exist, in their current state, in no particular order: one round trip for
  /// a page of them.
  virtual Result<std::vector<OrderChange>> orders(const std::vector<std::string>& order_ids) = 0;

  /// Orders of `store_id` opened in [from, to), ordered by (opened_at, id), starting after `after` (from the
  /// beginning when empty), at most `limit`.
  virtual Result<std::vector<OrderChange>> orders_opened(std::string_view store_id, Instant from, Instant to,
                                                         const std::optional<OrderPosition>& after,
                                                         std::size_t limit) = 0;
  /// How many orders of `store_id` were opened in [from, to).
  virtual Result<std::uint64_t> count_orders_opened(std::string_view store_id, Instant from, Instant to) = 0;

  /// The orders changed after `cursor`, each once in its latest state, in change order, at most `limit`.
  virtual Result<std::vector<OrderChange>> changes_after(ChangeCursor cursor, std::size_t limit) = 0;
  /// The cursor of the latest change (0 when there is none).
  virtual Result<ChangeCursor> latest_change() = 0;

  /// Calls `on_change` on a host scheduler thread soon after this restaurant's orders change (it may also be called
  /// when nothing changed). Stops when cancelled through Scheduler::cancel(id), and at the latest when the host
  /// stops the plugin's tasks before destroying its Integration. The callback must not throw.
  virtual TaskId watch_changes(std::function<void()> on_change) = 0;
};

EATOS_SDK_END_NAMESPACE
