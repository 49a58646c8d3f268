#include "pos/pos_store.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <exception>
#include <limits>
#include <set>

namespace eatos::host {
namespace {

namespace json = boost::json;
using sdk::Code;
using sdk::Status;

constexpr std::string_view schema = R"sql(
CREATE TABLE IF NOT EXISTS pos_stores (
  restaurant TEXT NOT NULL,
  id         TEXT NOT NULL,
  name       TEXT NOT NULL,
  timezone   TEXT NOT NULL,
  PRIMARY KEY (restaurant, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pos_orders (
  restaurant        TEXT NOT NULL,
  id                TEXT NOT NULL,
  store_id          TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('open', 'closed', 'voided')),
  opened_at         INTEGER NOT NULL,
  closed_at         INTEGER,
  updated_at        INTEGER NOT NULL,
  gross             INTEGER NOT NULL,
  item_discounts    INTEGER NOT NULL,
  receipt_discounts INTEGER NOT NULL,
  net               INTEGER NOT NULL,
  card_tips         INTEGER NOT NULL,
  gratuity          INTEGER NOT NULL,
  revenue_center    TEXT NOT NULL,
  employee_id       TEXT NOT NULL,
  lines             TEXT NOT NULL,
  change_cursor     INTEGER NOT NULL,
  PRIMARY KEY (restaurant, id),
  FOREIGN KEY (restaurant, store_id) REFERENCES pos_stores (restaurant, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS pos_orders_by_change ON pos_orders (restaurant, change_cursor);
CREATE INDEX IF NOT EXISTS pos_orders_by_opening ON pos_orders (restaurant, store_id, opened_at, id);
)sql";

constexpr std::string_view order_columns =
    "id, store_id, status, opened_at, closed_at, updated_at, gross, item_discounts, receipt_discounts, net, "
    "card_tips, gratuity, revenue_center, employee_id, lines, change_cursor";

Status storage_failure(const std::exception& e) {
  return {Code::internal, "The host could not access its POS data.", e.what()};
}

std::int64_t seconds_of(sdk::Instant instant) { return instant.time_since_epoch().count(); }
sdk::Instant instant_of(std::int64_t seconds) { return sdk::Instant(std::chrono::seconds(seconds)); }
std::int64_t as_limit(std::size_t limit) {
  return limit == 0 || limit > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())
             ? std::numeric_limits<std::int64_t>::max()
             : static_cast<std::int64_t>(limit);
}

/// Order lines as text, one per line: item, quantity, unit price and discount separated by tabs. Cheaper to read
/// than JSON, and orders are read for every change a plugin sends. Tabs and newlines in item names become spaces.
std::string lines_text(const std::vector<sdk::OrderLine>& lines) {
  std::string text;
  for (const auto& line : lines) {
    for (const char c : line.item) text.push_back(c == '\t' || c == '\n' ? ' ' : c);
    text.append("\t").append(std::to_string(line.quantity)).append("\t").append(std::to_string(line.unit_price));
    text.append("\t").append(std::to_string(line.discount)).push_back('\n');
  }
  return text;
}

template <class Number>
Number number_in(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) throw DatabaseError("damaged order line");
  return value;
}

std::vector<sdk::OrderLine> parse_lines(std::string_view text) {
  std::vector<sdk::OrderLine> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view row = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    std::string_view fields[4];
    for (int i = 0; i < 3; ++i) {
      const auto tab = row.find('\t');
      if (tab == std::string_view::npos) throw DatabaseError("damaged order line");
      fields[i] = row.substr(0, tab);
      row.remove_prefix(tab + 1);
    }
    fields[3] = row;
    lines.push_back({std::string(fields[0]), number_in<std::int32_t>(fields[1]), number_in<sdk::Cents>(fields[2]),
                     number_in<sdk::Cents>(fields[3])});
  }
  return lines;
}

/// Reads one row selected with `order_columns`.
sdk::OrderChange read_order(const Statement& row) {
  sdk::OrderChange change;
  sdk::Order& order = change.order;
  order.id = row.column_text(0);
  order.store_id = row.column_text(1);
  order.status = sdk::parse_order_status(row.column_text(2)).value_or(sdk::OrderStatus::open);
  order.opened_at = instant_of(row.column_int(3));
  if (!row.column_is_null(4)) order.closed_at = instant_of(row.column_int(4));
  order.updated_at = instant_of(row.column_int(5));
  order.gross = row.column_int(6);
  order.item_discounts = row.column_int(7);
  order.receipt_discounts = row.column_int(8);
  order.net = row.column_int(9);
  order.tips = {row.column_int(10), row.column_int(11)};
  order.revenue_center = row.column_text(12);
  order.employee_id = row.column_text(13);
  order.lines = parse_lines(row.column_text(14));
  change.cursor = static_cast<sdk::ChangeCursor>(row.column_int(15));
  return change;
}

std::vector<sdk::Order> read_orders(Statement& query) {
  std::vector<sdk::Order> orders;
  while (query.step()) orders.push_back(read_order(query).order);
  return orders;
}

std::int64_t latest_cursor(Database& db, std::string_view restaurant) {
  auto query = db.cached("SELECT coalesce(max(change_cursor), 0) FROM pos_orders WHERE restaurant = ?1");
  query->bind(1, restaurant);
  query->step();
  return query->column_int(0);
}

void write_order(Database& db, std::string_view restaurant, const sdk::Order& order, std::int64_t cursor) {
  auto insert = db.cached(
      "INSERT OR REPLACE INTO pos_orders (restaurant, id, store_id, status, opened_at, closed_at, updated_at, gross, "
      "item_discounts, receipt_discounts, net, card_tips, gratuity, revenue_center, employee_id, lines, "
      "change_cursor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  insert->bind(1, restaurant).bind(2, order.id).bind(3, order.store_id).bind(4, sdk::to_string(order.status));
  insert->bind_int(5, seconds_of(order.opened_at));
  if (order.closed_at) {
    insert->bind_int(6, seconds_of(*order.closed_at));
  } else {
    insert->bind_null(6);
  }
  insert->bind_int(7, seconds_of(order.updated_at)).bind_int(8, order.gross).bind_int(9, order.item_discounts);
  insert->bind_int(10, order.receipt_discounts).bind_int(11, order.net).bind_int(12, order.tips.card);
  insert->bind_int(13, order.tips.gratuity).bind(14, order.revenue_center).bind(15, order.employee_id);
  insert->bind(16, lines_text(order.lines)).bind_int(17, cursor);
  insert->run();
}

std::string select_orders(std::string_view rest) {
  return "SELECT " + std::string(order_columns) + " FROM pos_orders " + std::string(rest);
}

}  // namespace

PosStore::PosStore(Store& store) : store_(store) {
  store_.with_database([](Database& db) { db.execute(schema); });
}

sdk::Result<std::vector<sdk::PosStore>> PosStore::stores(std::string_view restaurant) {
  try {
    return store_.with_database([&](Database& db) {
      auto query = db.cached("SELECT id, name, timezone FROM pos_stores WHERE restaurant = ?1 ORDER BY id");
      query->bind(1, restaurant);
      std::vector<sdk::PosStore> stores;
      while (query->step()) stores.push_back({query->column_text(0), query->column_text(1), query->column_text(2)});
      return stores;
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::optional<sdk::OrderChange>> PosStore::order(std::string_view restaurant, std::string_view order_id) {
  try {
    return store_.with_database([&](Database& db) {
      static const std::string sql = select_orders("WHERE restaurant = ?1 AND id = ?2");
      auto query = db.cached(sql);
      query->bind(1, restaurant).bind(2, order_id);
      return query->step() ? std::optional(read_order(*query)) : std::nullopt;
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<sdk::OrderChange>> PosStore::orders(std::string_view restaurant,
                                                            const std::vector<std::string>& order_ids) {
  try {
    json::array ids;
    ids.reserve(order_ids.size());
    for (const auto& id : order_ids) ids.emplace_back(id);
    return store_.with_database([&](Database& db) {
      static const std::string sql = select_orders("WHERE restaurant = ?1 AND id IN (SELECT value FROM json_each(?2))");
      auto query = db.cached(sql);
      query->bind(1, restaurant).bind(2, json::serialize(ids));
      std::vector<sdk::OrderChange> orders;
      while (query->step()) orders.push_back(read_order(*query));
      return orders;
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<sdk::OrderChange>> PosStore::orders_opened(std::string_view restaurant,
                                                                   std::string_view store_id, sdk::Instant from,
                                                                   sdk::Instant to,
                                                                   const std::optional<sdk::OrderPosition>& after,
                                                                   std::size_t limit) {
  try {
    return store_.with_database([&](Database& db) {
      // Row values compare (opened_at, id) as one key, which the index serves in order.
      static const std::string sql = select_orders(
          "WHERE restaurant = ?1 AND store_id = ?2 AND opened_at >= ?3 AND opened_at < ?4 "
          "AND (opened_at, id) > (?5, ?6) ORDER BY opened_at, id LIMIT ?7");
      auto query = db.cached(sql);
      query->bind(1, restaurant).bind(2, store_id).bind_int(3, seconds_of(from)).bind_int(4, seconds_of(to));
      query->bind_int(5, after ? seconds_of(after->opened_at) : std::numeric_limits<std::int64_t>::min());
      query->bind(6, after ? std::string_view(after->order_id) : std::string_view());
      query->bind_int(7, as_limit(limit));
      std::vector<sdk::OrderChange> orders;
      while (query->step()) orders.push_back(read_order(*query));
      return orders;
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::uint64_t> PosStore::count_orders_opened(std::string_view restaurant, std::string_view store_id,
                                                         sdk::Instant from, sdk::Instant to) {
  try {
    return store_.with_database([&](Database& db) {
      auto query = db.cached(
          "SELECT count(*) FROM pos_orders WHERE restaurant = ?1 AND store_id = ?2 AND opened_at >= ?3 "
          "AND opened_at < ?4");
      query->bind(1, restaurant).bind(2, store_id).bind_int(3, seconds_of(from)).bind_int(4, seconds_of(to));
      query->step();
      return static_cast<std::uint64_t>(query->column_int(0));
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<sdk::OrderChange>> PosStore::changes_after(std::string_view restaurant,
                                                                   sdk::ChangeCursor cursor, std::size_t limit) {
  if (cursor > static_cast<sdk::ChangeCursor>(std::numeric_limits<std::int64_t>::max())) {
    return Status(Code::invalid_argument, "A change cursor is out of range.", "cursor " + std::to_string(cursor));
  }
  try {
    return store_.with_database([&](Database& db) {
      static const std::string sql =
          select_orders("WHERE restaurant = ?1 AND change_cursor > ?2 ORDER BY change_cursor LIMIT ?3");
      auto query = db.cached(sql);
      query->bind(1, restaurant).bind_int(2, static_cast<std::int64_t>(cursor)).bind_int(3, as_limit(limit));
      std::vector<sdk::OrderChange> changes;
      while (query->step()) changes.push_back(read_order(*query));
      return changes;
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<sdk::ChangeCursor> PosStore::latest_change(std::string_view restaurant) {
  try {
    return store_.with_database(
        [&](Database& db) { return static_cast<sdk::ChangeCursor>(latest_cursor(db, restaurant)); });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<sdk::Order>> PosStore::latest_orders(std::string_view restaurant, std::string_view store_id,
                                                             std::size_t limit) {
  try {
    return store_.with_database([&](Database& db) {
      static const std::string sql =
          select_orders("WHERE restaurant = ?1 AND store_id = ?2 ORDER BY opened_at DESC, id DESC LIMIT ?3");
      auto query = db.cached(sql);
      query->bind(1, restaurant).bind(2, store_id).bind_int(3, as_limit(limit));
      return read_orders(*query);
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<sdk::Order>> PosStore::recently_changed(std::string_view restaurant, sdk::Instant since,
                                                                std::size_t limit) {
  try {
    return store_.with_database([&](Database& db) {
      static const std::string sql =
          select_orders("WHERE restaurant = ?1 AND updated_at >= ?2 ORDER BY change_cursor DESC LIMIT ?3");
      auto query = db.cached(sql);
      query->bind(1, restaurant).bind_int(2, seconds_of(since)).bind_int(3, as_limit(limit));
      return read_orders(*query);
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<std::uint64_t>> PosStore::order_counts(std::string_view restaurant) {
  try {
    return store_.with_database([&](Database& db) {
      auto query = db.cached(
          "SELECT (SELECT count(*) FROM pos_orders o WHERE o.restaurant = s.restaurant AND o.store_id = s.id) "
          "FROM pos_stores s WHERE s.restaurant = ?1 ORDER BY s.id");
      query->bind(1, restaurant);
      std::vector<std::uint64_t> counts;
      while (query->step()) counts.push_back(static_cast<std::uint64_t>(query->column_int(0)));
      return counts;
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::uint64_t> PosStore::last_order_number(std::string_view restaurant) {
  try {
    return store_.with_database([&](Database& db) {
      auto query = db.cached(
          "SELECT coalesce(max(CAST(substr(id, length(store_id) + 2) AS INTEGER)), 0) FROM pos_orders "
          "WHERE restaurant = ?1");
      query->bind(1, restaurant);
      query->step();
      return static_cast<std::uint64_t>(query->column_int(0));
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Status PosStore::add(std::string_view restaurant, const std::vector<sdk::PosStore>& stores,
                          const std::vector<sdk::Order>& orders) {
  std::set<std::string_view> store_ids;
  for (const auto& store : stores) store_ids.insert(store.id);
  for (const auto& order : orders) {
    if (store_ids.count(order.store_id) == 0) {
      return {Code::invalid_argument,
              "Order " + order.id + " names store '" + order.store_id + "', which is not among the stores being added.",
              "unknown store"};
    }
  }
  try {
    return store_.with_database([&](Database& db) -> Status {
      Transaction transaction(db);
      auto existing = db.cached("SELECT count(*) FROM pos_stores WHERE restaurant = ?1");
      existing->bind(1, restaurant);
      existing->step();
      if (existing->column_int(0) != 0) {
        return {Code::conflict,
                "Restaurant '" + std::string(restaurant) +
                    "' already has POS data; seeding again would mix two "
                    "histories. Use another --restaurant or a fresh data dir.",
                "pos data exists"};
      }
      for (const auto& store : stores) {
        db.cached("INSERT INTO pos_stores (restaurant, id, name, timezone) VALUES (?1, ?2, ?3, ?4)")
            ->bind(1, restaurant)
            .bind(2, store.id)
            .bind(3, store.name)
            .bind(4, store.timezone)
            .run();
      }
      std::int64_t cursor = latest_cursor(db, restaurant);
      for (const auto& order : orders) write_order(db, restaurant, order, ++cursor);
      transaction.commit();
      return {};
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<sdk::ChangeCursor> PosStore::save(std::string_view restaurant, const sdk::Order& order) {
  try {
    return store_.with_database([&](Database& db) -> sdk::Result<sdk::ChangeCursor> {
      Transaction transaction(db);
      auto known = db.cached("SELECT 1 FROM pos_stores WHERE restaurant = ?1 AND id = ?2");
      known->bind(1, restaurant).bind(2, order.store_id);
      if (!known->step()) {
        return Status(Code::not_found, "Store '" + order.store_id + "' does not exist.", "unknown store");
      }
      const std::int64_t cursor = latest_cursor(db, restaurant) + 1;
      write_order(db, restaurant, order, cursor);
      transaction.commit();
      return static_cast<sdk::ChangeCursor>(cursor);
    });
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

}  // namespace eatos::host
