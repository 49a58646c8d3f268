#include "pos/demo_sales.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace eatos::host {
namespace {

using namespace std::chrono_literals;
using sdk::Cents;
using sdk::Instant;

/// The demo's stores. Their time zones have no daylight saving time, so a fixed UTC offset places the lunch and
/// dinner peaks exactly (the mock host carries no time zone database).
struct StoreTemplate {
  const char* id;
  const char* name;
  const char* timezone;
  std::chrono::hours utc_offset;
};
constexpr std::array<StoreTemplate, DemoHistoryOptions::max_stores> store_templates{{
    {"downtown", "Acme Downtown", "America/Regina", -6h},
    {"lakeside", "Acme Lakeside", "America/Regina", -6h},
    {"airport", "Acme Airport", "America/Regina", -6h},
    {"harbour", "Acme Harbour", "America/Phoenix", -7h},
    {"midtown", "Acme Midtown", "America/Phoenix", -7h},
    {"university", "Acme University", "America/Regina", -6h},
    {"riverside", "Acme Riverside", "America/Phoenix", -7h},
    {"station", "Acme Station", "America/Regina", -6h},
}};

struct MenuItem {
  const char* name;
  Cents price;
  bool drink;
};
constexpr std::array<MenuItem, 14> menu{{
    {"Classic burger", 1450, false},
    {"Club sandwich", 1325, false},
    {"Caesar salad", 1150, false},
    {"Soup of the day", 695, false},
    {"Fish and chips", 1795, false},
    {"Steak frites", 2895, false},
    {"Mushroom pasta", 1895, false},
    {"Kids meal", 895, false},
    {"Fries", 495, false},
    {"Dessert of the day", 850, false},
    {"Soda", 295, true},
    {"Craft beer", 750, true},
    {"House wine", 925, true},
    {"Coffee", 325, true},
}};

/// Monday..Sunday, relative to an average day (they average 1).
constexpr std::array<double, 7> weekday_factor{0.85, 0.9, 0.95, 1.0, 1.2, 1.25, 0.85};

constexpr Cents rounded(double cents) { return static_cast<Cents>(std::llround(cents)); }

const StoreTemplate& template_of(const std::string& store_id) {
  for (const auto& store : store_templates) {
    if (store_id == store.id) return store;
  }
  return store_templates[0];
}

std::string employee_of(DemoRandom& random, const StoreTemplate& store) {
  const auto index = static_cast<std::size_t>(&store - store_templates.data());
  return "EMP-" + std::to_string(100 * (index + 1) + random.below(8) + 1);
}

void add_lines(DemoRandom& random, sdk::Order& order, int guests) {
  for (int guest = 0; guest < guests; ++guest) {
    const auto& food = menu[random.below(10)];
    order.lines.push_back(
        {food.name, 1, food.price, random.chance(0.04) ? rounded(static_cast<double>(food.price) * 0.2) : 0});
    if (random.chance(0.7)) {
      const auto& drink = menu[10 + random.below(4)];
      order.lines.push_back({drink.name, static_cast<std::int32_t>(1 + random.below(2)), drink.price, 0});
    }
  }
}

/// Recomputes the totals from the lines (discounts never take net below zero).
void total(sdk::Order& order) {
  order.gross = 0;
  order.item_discounts = 0;
  for (const auto& line : order.lines) {
    order.gross += line.unit_price * line.quantity;
    order.item_discounts += line.discount;
  }
  order.receipt_discounts = std::min(order.receipt_discounts, order.gross - order.item_discounts);
  order.net = order.gross - order.item_discounts - order.receipt_discounts;
}

int party_size(DemoRandom& random) {
  static constexpr std::array<int, 20> sizes{1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 8};
  return sizes[random.below(sizes.size())];
}

/// Closes `order` at `at` with the tips a guest of this kind of order leaves.
void close(DemoRandom& random, sdk::Order& order, Instant at, int guests) {
  order.status = sdk::OrderStatus::closed;
  order.closed_at = at;
  order.updated_at = at;
  if (guests >= 6) {
    order.tips.gratuity = rounded(static_cast<double>(order.net) * 0.18);
  } else if (order.revenue_center == "Takeout") {
    if (random.chance(0.3)) order.tips.card = rounded(static_cast<double>(order.net) * (0.05 + 0.05 * random.unit()));
  } else if (random.chance(0.8)) {
    order.tips.card = rounded(static_cast<double>(order.net) * (0.12 + 0.1 * random.unit()));
  }
}

std::string revenue_center_of(DemoRandom& random, bool dinner) {
  const double r = random.unit();
  if (r < 0.1) return "Takeout";
  if (r < 0.3) return "Bar";
  if (dinner && r < 0.4) return "Patio";
  return "Dining Room";
}

struct Shaped {
  std::chrono::seconds local_time;  // since local midnight
  std::chrono::minutes duration;
  bool dinner;
};

/// When in the day an order opens, and how long it stays open: mostly around lunch (12:30) and dinner (19:00).
Shaped shaped_time(DemoRandom& random) {
  const double pick = random.unit();
  double hours = 0;
  Shaped shaped{};
  if (pick < 0.42) {
    hours = random.normal(12.5, 0.75);
    shaped.duration = std::chrono::minutes(25 + random.below(35));
  } else if (pick < 0.88) {
    hours = random.normal(19.0, 1.1);
    shaped.duration = std::chrono::minutes(45 + random.below(65));
    shaped.dinner = true;
  } else {
    hours = 10.5 + 12.0 * random.unit();
    shaped.duration = std::chrono::minutes(15 + random.below(45));
  }
  hours = std::clamp(hours, 10.0, 22.99);
  shaped.local_time = std::chrono::seconds(static_cast<long>(hours * 3600.0));
  return shaped;
}

}  // namespace

std::uint64_t DemoRandom::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

double DemoRandom::unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

double DemoRandom::normal(double mean, double deviation) {
  const double u1 = 1.0 - unit();  // (0, 1]: log is finite
  const double u2 = unit();
  return mean + deviation * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::string demo_order_id(const std::string& store_id, std::uint64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%07llu", static_cast<unsigned long long>(number));
  return store_id + "-" + digits;
}

sdk::Status check(const DemoHistoryOptions& options) {
  const auto out_of_range = [](const std::string& option, int max) {
    return sdk::Status(sdk::Code::invalid_argument, option + " must be from 1 to " + std::to_string(max) + ".",
                       "demo option out of range");
  };
  if (options.days < 1 || options.days > DemoHistoryOptions::max_days) {
    return out_of_range("--days", DemoHistoryOptions::max_days);
  }
  if (options.orders_per_day < 1 || options.orders_per_day > DemoHistoryOptions::max_orders_per_day) {
    return out_of_range("--orders-per-day", DemoHistoryOptions::max_orders_per_day);
  }
  if (options.stores < 1 || options.stores > DemoHistoryOptions::max_stores) {
    return out_of_range("--stores", DemoHistoryOptions::max_stores);
  }
  return {};
}

DemoHistory make_demo_history(const DemoHistoryOptions& options, Instant now) {
  DemoRandom random(options.seed);
  DemoHistory history;
  for (int index = 0; index < options.stores; ++index) {
    const auto& store = store_templates[static_cast<std::size_t>(index)];
    history.stores.push_back({store.id, store.name, store.timezone});
  }

  for (const auto& store : history.stores) {
    const auto& shape = template_of(store.id);
    const auto local_today = std::chrono::floor<std::chrono::days>(now + shape.utc_offset);
    for (int back = options.days - 1; back >= 0; --back) {
      const auto local_day = local_today - std::chrono::days(back);
      const std::chrono::weekday weekday{local_day};
      const double factor = weekday_factor[(weekday.c_encoding() + 6) % 7] * (0.9 + 0.2 * random.unit());
      const auto count = static_cast<int>(std::lround(options.orders_per_day * factor));
      for (int n = 0; n < count; ++n) {
        const Shaped shaped = shaped_time(random);
        const Instant opened =
            local_day + shaped.local_time - shape.utc_offset + std::chrono::seconds(random.below(60));
        if (opened > now) continue;
        const int guests = party_size(random);
        sdk::Order order;
        order.store_id = store.id;
        order.opened_at = order.updated_at = opened;
        order.revenue_center = revenue_center_of(random, shaped.dinner);
        order.employee_id = employee_of(random, shape);
        add_lines(random, order, guests);
        if (random.chance(0.03)) order.receipt_discounts = 500;
        total(order);
        if (random.chance(0.02)) {
          order.status = sdk::OrderStatus::voided;
          order.updated_at = std::min(now, opened + std::chrono::minutes(2 + random.below(10)));
        } else if (opened + shaped.duration <= now) {
          close(random, order, opened + shaped.duration, guests);
        }
        history.orders.push_back(std::move(order));
      }
    }
  }

  // Ids follow the opening order, as a POS numbers its checks; the change feed follows the last change.
  std::stable_sort(history.orders.begin(), history.orders.end(),
                   [](const sdk::Order& a, const sdk::Order& b) { return a.opened_at < b.opened_at; });
  std::uint64_t number = 0;
  for (auto& order : history.orders) order.id = demo_order_id(order.store_id, ++number);
  std::stable_sort(history.orders.begin(), history.orders.end(),
                   [](const sdk::Order& a, const sdk::Order& b) { return a.updated_at < b.updated_at; });
  return history;
}

LiveSales::Change LiveSales::next(Instant now, const std::vector<sdk::PosStore>& stores,
                                  const std::vector<sdk::Order>& recent) {
  std::vector<const sdk::Order*> open;
  std::vector<const sdk::Order*> closed;
  for (const auto& order : recent) {
    if (order.status == sdk::OrderStatus::open) open.push_back(&order);
    if (order.status == sdk::OrderStatus::closed) closed.push_back(&order);
  }
  const double pick = random_.unit();

  if (pick < 0.3 && !open.empty()) {
    sdk::Order order = *open[random_.below(open.size())];
    close(random_, order, now, static_cast<int>(order.lines.size()));
    return {Kind::closed, std::move(order)};
  }
  if (pick < 0.4 && !open.empty()) {
    sdk::Order order = *open[random_.below(open.size())];
    add_lines(random_, order, 1);
    total(order);
    order.updated_at = now;
    return {Kind::edited, std::move(order)};
  }
  if (pick < 0.45 && !closed.empty()) {
    sdk::Order order = *closed[random_.below(closed.size())];
    order.tips.card += 100 * static_cast<Cents>(1 + random_.below(5));  // a tip adjusted after closing
    order.updated_at = now;
    return {Kind::edited, std::move(order)};
  }
  if (pick < 0.5 && !recent.empty()) {
    sdk::Order order = recent[random_.below(recent.size())];
    if (order.status != sdk::OrderStatus::voided) {
      order.status = sdk::OrderStatus::voided;
      order.updated_at = now;
      return {Kind::voided, std::move(order)};
    }
  }

  const auto& store = stores[random_.below(stores.size())];
  const auto& shape = template_of(store.id);
  sdk::Order order;
  order.id = demo_order_id(store.id, ++number_);
  order.store_id = store.id;
  order.opened_at = order.updated_at = now;
  order.revenue_center = revenue_center_of(random_, random_.chance(0.5));
  order.employee_id = employee_of(random_, shape);
  add_lines(random_, order, party_size(random_));
  total(order);
  if (order.revenue_center == "Takeout") {
    close(random_, order, now, 1);  // paid at the counter
  }
  return {Kind::opened, std::move(order)};
}

}  // namespace eatos::host
