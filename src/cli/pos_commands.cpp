#include "cli/pos_commands.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "cli/exit_codes.hpp"
#include "services/utc_time.hpp"
#include "storage/store.hpp"

namespace eatos::host {
namespace {

namespace json = boost::json;
using sdk::Code;
using sdk::Status;

int report(const Status& status) {
  std::cerr << "error: " << status.message() << '\n';
  return exit_code::from(status.code());
}

/// 1234 cents → "12.34".
std::string money(sdk::Cents cents) {
  char text[32];
  std::snprintf(text, sizeof text, "%s%" PRId64 ".%02" PRId64, cents < 0 ? "-" : "", std::abs(cents) / 100,
                std::abs(cents) % 100);
  return text;
}

sdk::Instant now_seconds() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

json::object order_json(const sdk::Order& order) {
  return {{"id", order.id},
          {"store", order.store_id},
          {"status", sdk::to_string(order.status)},
          {"opened_at", format_utc(order.opened_at)},
          {"closed_at", order.closed_at ? json::value(format_utc(*order.closed_at)) : json::value(nullptr)},
          {"updated_at", format_utc(order.updated_at)},
          {"net", order.net},
          {"gross", order.gross},
          {"tips", {{"card", order.tips.card}, {"gratuity", order.tips.gratuity}}}};
}

Status no_pos_data(const std::string& restaurant) {
  return {Code::not_found,
          "Restaurant '" + restaurant + "' has no POS data yet; create some with 'eatos-host pos seed'.", "no stores"};
}

int seed(const PosCommand& command, PosStore& pos, const std::string& restaurant) {
  DemoHistoryOptions options = command.history;
  options.seed = command.seed.value_or(1);
  if (auto valid = check(options); !valid.ok()) return report(valid);
  const auto history = make_demo_history(options, now_seconds());
  if (auto added = pos.add(restaurant, history.stores, history.orders); !added.ok()) return report(added);
  std::cout << "Seeded restaurant '" << restaurant << "' with " << history.stores.size() << " stores and "
            << history.orders.size() << " orders over the last " << options.days << " days (seed " << options.seed
            << ").\n";
  return exit_code::ok;
}

int simulate(const PosCommand& command, PosStore& pos, const std::string& restaurant) {
  if (command.changes < 1) return report({Code::invalid_argument, "--orders must be at least 1.", "changes"});
  if (command.per_second < 0) return report({Code::invalid_argument, "--per-second must not be negative.", "rate"});
  auto stores = pos.stores(restaurant);
  if (!stores) return report(stores.status());
  if (stores->empty()) return report(no_pos_data(restaurant));
  auto last = pos.last_order_number(restaurant);
  if (!last) return report(last.status());

  LiveSales sales(command.seed.value_or(std::random_device{}()), *last);
  std::array<int, 4> counts{};
  const auto pause = command.per_second > 0 ? std::chrono::duration<double>(1.0 / command.per_second)
                                            : std::chrono::duration<double>(0);
  auto due = std::chrono::steady_clock::now();
  for (int n = 0; n < command.changes; ++n) {
    const auto now = now_seconds();
    auto recent = pos.recently_changed(restaurant, now - std::chrono::hours(3), 200);
    if (!recent) return report(recent.status());
    const auto change = sales.next(now, *stores, *recent);
    if (auto saved = pos.save(restaurant, change.order); !saved) return report(saved.status());
    ++counts[static_cast<std::size_t>(change.kind)];
    if (pause.count() > 0) {
      due += std::chrono::duration_cast<std::chrono::steady_clock::duration>(pause);
      std::this_thread::sleep_until(due);
    }
  }
  if (command.json) {
    std::cout << json::serialize(json::object{{"restaurant", restaurant},
                                              {"changes", command.changes},
                                              {"opened", counts[0]},
                                              {"closed", counts[1]},
                                              {"edited", counts[2]},
                                              {"voided", counts[3]}})
              << '\n';
  } else {
    std::cout << "Simulated " << command.changes << " order changes at restaurant '" << restaurant << "': " << counts[0]
              << " opened, " << counts[1] << " closed, " << counts[2] << " edited, " << counts[3] << " voided.\n";
  }
  return exit_code::ok;
}

int list_stores(const PosCommand& command, PosStore& pos, const std::string& restaurant) {
  auto stores = pos.stores(restaurant);
  if (!stores) return report(stores.status());
  auto counts = pos.order_counts(restaurant);
  if (!counts) return report(counts.status());
  if (command.json) {
    json::array out;
    for (std::size_t i = 0; i < stores->size(); ++i) {
      const auto& store = (*stores)[i];
      out.push_back({{"id", store.id}, {"name", store.name}, {"timezone", store.timezone}, {"orders", (*counts)[i]}});
    }
    std::cout << json::serialize(json::object{{"restaurant", restaurant}, {"stores", std::move(out)}}) << '\n';
    return exit_code::ok;
  }
  if (stores->empty()) {
    std::cout << "Restaurant '" << restaurant << "' has no stores yet: run 'eatos-host pos seed'.\n";
    return exit_code::ok;
  }
  for (std::size_t i = 0; i < stores->size(); ++i) {
    const auto& store = (*stores)[i];
    std::cout << store.id << "  " << store.name << "  " << store.timezone << "  " << (*counts)[i] << " orders\n";
  }
  return exit_code::ok;
}

int list_orders(const PosCommand& command, PosStore& pos, const std::string& restaurant) {
  auto stores = pos.stores(restaurant);
  if (!stores) return report(stores.status());
  const bool known = std::any_of(stores->begin(), stores->end(), [&](const auto& s) { return s.id == command.store; });
  if (!known) {
    std::string ids;
    for (const auto& store : *stores) ids += (ids.empty() ? "" : ", ") + store.id;
    return report({Code::not_found,
                   "Restaurant '" + restaurant + "' has no store '" + command.store + "'" +
                       (ids.empty() ? "; create stores with 'eatos-host pos seed'." : " (stores: " + ids + ")."),
                   "unknown store"});
  }
  auto orders = pos.latest_orders(restaurant, command.store, command.limit);
  if (!orders) return report(orders.status());
  if (command.json) {
    json::array out;
    for (const auto& order : *orders) out.push_back(order_json(order));
    std::cout << json::serialize(
                     json::object{{"restaurant", restaurant}, {"store", command.store}, {"orders", std::move(out)}})
              << '\n';
    return exit_code::ok;
  }
  std::printf("%-18s %-7s %-20s %-20s %10s %10s %8s\n", "ID", "STATUS", "OPENED (UTC)", "CLOSED (UTC)", "NET", "GROSS",
              "TIPS");
  for (const auto& order : *orders) {
    std::printf("%-18s %-7s %-20s %-20s %10s %10s %8s\n", order.id.c_str(),
                std::string(sdk::to_string(order.status)).c_str(), format_utc(order.opened_at).c_str(),
                order.closed_at ? format_utc(*order.closed_at).c_str() : "-", money(order.net).c_str(),
                money(order.gross).c_str(), money(order.tips.card + order.tips.gratuity).c_str());
  }
  std::fflush(stdout);
  if (command.limit != 0 && orders->size() == command.limit) {
    std::cerr << "(the newest " << command.limit << " orders; --limit 0 shows all)\n";
  }
  return exit_code::ok;
}

}  // namespace

int run_pos_command(const PosCommand& command, HostContext& host, const std::string& restaurant) {
  if (!is_valid_scope_id(restaurant)) {
    return report({Code::invalid_argument,
                   "Invalid restaurant id: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'.",
                   "restaurant"});
  }
  auto pos = host.pos();
  if (!pos) return report(pos.status());
  switch (command.kind) {
    case PosCommand::Kind::seed: return seed(command, **pos, restaurant);
    case PosCommand::Kind::simulate: return simulate(command, **pos, restaurant);
    case PosCommand::Kind::stores: return list_stores(command, **pos, restaurant);
    case PosCommand::Kind::orders: return list_orders(command, **pos, restaurant);
  }
  return exit_code::internal;
}

}  // namespace eatos::host
