#include "sync/sales_sync.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "api/api_error.hpp"

namespace eatos::sevenshifts {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t change_page = 500;
constexpr std::size_t outbox_page = 256;
constexpr std::size_t backfill_page = 64;
constexpr std::size_t all = std::numeric_limits<std::size_t>::max();

/// 7shifts asks for backfills between 08:00 and 15:00 UTC.
constexpr auto window_opens = 8h;
constexpr auto window_closes = 15h;

bool is_success(long status) { return status >= 200 && status < 300; }

}  // namespace

sdk::Instant bucket_start(sdk::Instant instant) {
  return std::chrono::floor<std::chrono::minutes>(instant) -
         std::chrono::floor<std::chrono::minutes>(instant).time_since_epoch() % SalesBucket::length;
}

SalesSync::SalesSync(sdk::InstallationStorage& storage, sdk::PosData& pos, SevenShiftsClient& client,
                     std::int64_t company_id, const sdk::Clock& clock, bool api_is_loopback)
    : storage_(storage),
      pos_(pos),
      client_(client),
      company_id_(company_id),
      clock_(clock),
      api_is_loopback_(api_is_loopback) {}

sdk::Status SalesSync::load() {
  auto mappings = sales::load_mappings(storage_);
  if (!mappings) return mappings.status();
  mappings_.clear();
  for (auto& mapping : *mappings) mappings_.emplace(mapping.store_id, std::move(mapping));
  auto settings = sales::load_settings(storage_);
  if (!settings) return settings.status();
  settings_ = *settings;
  auto stats = sales::load_stats(storage_);
  if (!stats) return stats.status();
  stats_ = *stats;
  return {};
}

std::string SalesSync::now_text() const { return format_utc(std::chrono::floor<std::chrono::seconds>(clock_.now())); }

sdk::Result<std::uint64_t> SalesSync::capture() {
  if (mappings_.empty()) {
    if (auto loaded = load(); !loaded.ok()) return loaded;
  }
  auto backfills = sales::load_backfills(storage_);
  if (!backfills) return backfills.status();
  std::map<std::string, sdk::Instant, std::less<>> aggregate_until;
  for (const auto& state : *backfills) aggregate_until[state.store_id] = state.aggregate_until;

  auto cursor = sales::load_cursor(storage_);
  if (!cursor) return cursor.status();
  std::uint64_t queued = 0;
  for (;;) {
    auto changes = pos_.changes_after(*cursor, change_page);
    if (!changes) return changes.status();
    if (changes->empty()) return queued;
    sdk::WriteBatch batch;
    for (const auto& [change_cursor, order] : *changes) {
      *cursor = change_cursor;
      const auto mapping = mappings_.find(order.store_id);
      if (mapping == mappings_.end() || change_cursor <= mapping->second.live_from) continue;
      sales::OutboxEntry entry{sales::outbox_key(change_cursor), order.store_id, order.id, std::nullopt};
      // An order inside an aggregated backfill lives in its bucket's receipt: a change resends the bucket.
      const auto until = aggregate_until.find(order.store_id);
      if (until != aggregate_until.end() && order.opened_at < until->second)
        entry.bucket = bucket_start(order.opened_at);
      sales::put(batch, entry);
      ++queued;
    }
    batch.put(std::string(sales::cursor_key), std::to_string(*cursor));
    if (auto stored = storage_.apply(batch); !stored.ok()) return stored;
  }
}

sdk::Result<std::uint64_t> SalesSync::pending() {
  auto queued = storage_.count(sales::outbox_prefix);
  if (!queued) return queued.status();
  auto backfills = sales::load_backfills(storage_);
  if (!backfills) return backfills.status();
  std::uint64_t left = *queued;
  for (const auto& state : *backfills) left += state.finished ? 0 : state.total - std::min(state.total, state.done);
  return left;
}

bool SalesSync::backfill_window_open() const {
  const bool restricted = settings_.backfill_window == sales::WindowSetting::on ||
                          (settings_.backfill_window == sales::WindowSetting::automatic && !api_is_loopback_);
  if (!restricted) return true;
  const auto now = clock_.now();
  const auto since_midnight = now - std::chrono::floor<std::chrono::days>(now);
  return since_midnight >= window_opens && since_midnight < window_closes;
}

sdk::Status SalesSync::look_up_known(std::vector<Receipt*>& receipts) {
  std::vector<std::string> markers;
  markers.reserve(receipts.size());
  for (auto* receipt : receipts) {
    receipt->marker = sales::sent_key(receipt->location_id, receipt->receipt_id);
    markers.push_back(receipt->marker);
  }
  auto found = storage_.get_many(markers);
  if (!found) return found.status();
  for (std::size_t i = 0; i < receipts.size(); ++i) receipts[i]->known = (*found)[i].has_value();
  return {};
}

SalesSync::Sent SalesSync::send(const Receipt& receipt, sdk::WriteBatch& batch, SyncOutcome& outcome) {
  const std::string& marker = receipt.marker;
  const auto put = [&] {
    return client_.exchange_once("PUT", receipt_path(company_id_, receipt.location_id, receipt.receipt_id),
                                 receipt.bodies.update);
  };
  const auto post = [&] { return client_.exchange_once("POST", receipts_path(company_id_), receipt.bodies.create); };

  // A void of a receipt 7shifts may never have had: PUT it, and a 404 means there is nothing to void.
  const bool put_first = receipt.known || receipt.voided;
  Exchange exchange = put_first ? put() : post();
  if (exchange.ok()) {
    const long status = exchange.response().status;
    if (!put_first && status == 409) {
      exchange = put();  // created by an earlier attempt whose answer was lost
    } else if (put_first && status == 404) {
      if (receipt.voided) {
        batch.erase(marker);
        return Sent::not_needed;
      }
      exchange = post();
    }
  }

  if (!exchange.ok()) {
    outcome.transient_failure = true;
    outcome.error = status_for_network_failure(exchange.error()).message();
    return Sent::stop;
  }
  const HttpResponse& response = exchange.response();
  if (is_success(response.status)) {
    batch.put(marker, "");
    ++outcome.sent;
    return Sent::accepted;
  }
  const sdk::Status failure = client_.status_of(response);
  outcome.error = failure.message();
  if (response.status == 401) {
    outcome.needs_reauth = true;
    return Sent::stop;
  }
  if (response.status == 429) {
    outcome.blocked_for = std::max(client_.blocked_for(), std::chrono::milliseconds(1000));
    return Sent::stop;
  }
  if (response.status >= 500 || response.status == 409 || response.status == 404) {
    // 409/404 here: the receipt changed between our two calls (another sender); trying again settles it.
    outcome.transient_failure = true;
    return Sent::stop;
  }
  ++outcome.dead_lettered;
  return Sent::invalid;  // 400, 402, 403, 422, ...: this receipt as it is will not be accepted
}

sdk::Result<SalesBucket> SalesSync::bucket(const std::string& store_id, sdk::Instant start, sdk::Instant end) {
  auto orders = pos_.orders_opened(store_id, start, end, std::nullopt, all);
  if (!orders) return orders.status();
  SalesBucket bucket;
  bucket.start = start;
  for (const auto& [cursor, order] : *orders) bucket.add(order);
  return bucket;
}

void SalesSync::finish_batch(sdk::WriteBatch& batch, const SyncOutcome& outcome, std::uint64_t sent_before) {
  stats_.sent += outcome.sent - sent_before;
  if (outcome.sent > sent_before) stats_.last_success_at = now_text();
  if (!outcome.error.empty()) {
    stats_.last_error = outcome.error;
    stats_.last_error_at = now_text();
  }
  sales::put(batch, stats_);
}

sdk::Result<bool> SalesSync::send_outbox_page(std::chrono::steady_clock::time_point deadline, SyncOutcome& outcome) {
  auto page = sales::load_outbox_page(storage_, outbox_page);
  if (!page) return page.status();
  if (page->empty()) return false;

  // An order queued several times in this page is sent once, in its current state.
  std::map<std::string, std::size_t> latest;
  for (std::size_t i = 0; i < page->size(); ++i) {
    const auto& entry = (*page)[i];
    latest[entry.store_id + "\n" +
           (entry.bucket ? std::to_string(entry.bucket->time_since_epoch().count()) : "o" + entry.order_id)] = i;
  }
  std::set<std::size_t> to_send;
  for (const auto& [what, index] : latest) to_send.insert(index);

  // The current state of the page's orders, in one read.
  std::vector<std::string> ids;
  for (const auto index : to_send) {
    if (!(*page)[index].bucket) ids.push_back((*page)[index].order_id);
  }
  auto current = pos_.orders(ids);
  if (!current) return current.status();
  std::map<std::string, const sdk::Order*, std::less<>> orders;
  for (const auto& change : *current) orders.emplace(change.order.id, &change.order);

  // What to send for each entry (nothing when its store was unmapped or its order is gone), and which of those
  // receipts 7shifts already has, in one read.
  std::vector<std::optional<Receipt>> receipts(page->size());
  std::vector<Receipt*> to_look_up;
  for (const auto index : to_send) {
    const auto& entry = (*page)[index];
    const auto mapping = mappings_.find(entry.store_id);
    if (mapping == mappings_.end()) continue;
    Receipt receipt;
    receipt.location_id = mapping->second.location_id;
    if (entry.bucket) {
      auto summed = bucket(entry.store_id, *entry.bucket, *entry.bucket + SalesBucket::length);
      if (!summed) return summed.status();
      receipt.receipt_id = summed->receipt_id();
      receipt.bodies = bucket_bodies(*summed, receipt.location_id);
    } else {
      const auto order = orders.find(entry.order_id);
      if (order == orders.end()) continue;
      receipt.receipt_id = order->second->id;
      receipt.bodies = receipt_bodies(*order->second, receipt.location_id);
      receipt.voided = order->second->status == sdk::OrderStatus::voided;
    }
    receipts[index] = std::move(receipt);
    to_look_up.push_back(&*receipts[index]);
  }
  if (auto looked_up = look_up_known(to_look_up); !looked_up.ok()) return looked_up;

  sdk::WriteBatch batch;
  const std::uint64_t sent_before = outcome.sent;
  bool stopped = false;
  std::size_t duplicates = 0;  // earlier entries of an order sent later in the page: handled with it
  std::string last_handled;
  for (std::size_t i = 0; i < page->size() && !stopped; ++i) {
    const auto& entry = (*page)[i];
    if (to_send.count(i) == 0) {
      ++duplicates;
      continue;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    const Sent sent = receipts[i] ? send(*receipts[i], batch, outcome) : Sent::not_needed;
    if (sent == Sent::stop) {
      stopped = true;
      break;
    }
    if (sent == Sent::invalid) {
      const std::string suffix = entry.key.substr(sales::outbox_prefix.size());
      sales::put(batch, sales::DeadLetter{std::string(sales::dead_prefix) + suffix, entry.store_id, entry.order_id,
                                          entry.bucket, outcome.error, now_text()});
      outcome.error.clear();  // set aside: not a failure of the sync
    }
    last_handled = entry.key;
    handled_ += 1 + duplicates;
    duplicates = 0;
  }
  // The handled entries are the page's first ones, in key order: one range.
  if (!last_handled.empty()) batch.erase_range(page->front().key, last_handled);
  finish_batch(batch, outcome, sent_before);
  if (auto stored = storage_.apply(batch); !stored.ok()) return stored;
  return !stopped;
}

sdk::Result<bool> SalesSync::send_backfill_page(std::chrono::steady_clock::time_point deadline, SyncOutcome& outcome) {
  auto backfills = sales::load_backfills(storage_);
  if (!backfills) return backfills.status();
  auto state = std::find_if(backfills->begin(), backfills->end(),
                            [&](const auto& s) { return !s.finished && mappings_.count(s.store_id) != 0; });
  if (state == backfills->end()) return false;
  if (!backfill_window_open()) {
    outcome.waiting_for_window = true;
    return false;
  }
  const auto& mapping = mappings_.at(state->store_id);
  sdk::WriteBatch batch;
  const std::uint64_t sent_before = outcome.sent;
  bool stopped = false;

  const sdk::Instant resume = state->position ? state->position->opened_at : state->from;
  if (resume < state->aggregate_until) {
    // Aggregated part: the next non-empty 5-minute bucket, whole.
    auto next = pos_.orders_opened(state->store_id, resume, state->aggregate_until, std::nullopt, 1);
    if (!next) return next.status();
    if (next->empty()) {
      state->position = sdk::OrderPosition{state->aggregate_until, {}};
    } else {
      const sdk::Instant start = bucket_start(next->front().order.opened_at);
      auto summed = bucket(state->store_id, start, std::min(start + SalesBucket::length, state->aggregate_until));
      if (!summed) return summed.status();
      auto count = pos_.count_orders_opened(state->store_id, start, start + SalesBucket::length);
      if (!count) return count.status();
      Receipt receipt;
      receipt.location_id = mapping.location_id;
      receipt.receipt_id = summed->receipt_id();
      receipt.bodies = bucket_bodies(*summed, mapping.location_id);
      std::vector<Receipt*> one{&receipt};
      if (auto looked_up = look_up_known(one); !looked_up.ok()) return looked_up;
      const Sent sent = summed->orders == 0 ? Sent::not_needed : send(receipt, batch, outcome);
      stopped = sent == Sent::stop;
      if (!stopped) {
        if (sent == Sent::invalid) {
          sales::put(batch, sales::DeadLetter{std::string(sales::dead_prefix) + "backfill/" + state->store_id + "/" +
                                                  receipt.receipt_id,
                                              state->store_id,
                                              {},
                                              start,
                                              outcome.error,
                                              now_text()});
          outcome.error.clear();
        }
        state->position = sdk::OrderPosition{start + SalesBucket::length, {}};
        state->done += *count;
        handled_ += *count;
      }
    }
  } else {
    auto orders = pos_.orders_opened(
        state->store_id, std::max(state->from, state->aggregate_until), state->to,
        state->position && !state->position->order_id.empty() ? state->position : std::optional<sdk::OrderPosition>(),
        backfill_page);
    if (!orders) return orders.status();
    // Changed since the mapping: the live outbox sends it. Voided: there is nothing to count.
    std::vector<std::optional<Receipt>> receipts(orders->size());
    std::vector<Receipt*> to_look_up;
    for (std::size_t i = 0; i < orders->size(); ++i) {
      const auto& [cursor, order] = (*orders)[i];
      if (cursor > mapping.live_from || order.status == sdk::OrderStatus::voided) continue;
      receipts[i].emplace();
      receipts[i]->location_id = mapping.location_id;
      receipts[i]->receipt_id = order.id;
      receipts[i]->bodies = receipt_bodies(order, mapping.location_id);
      to_look_up.push_back(&*receipts[i]);
    }
    if (auto looked_up = look_up_known(to_look_up); !looked_up.ok()) return looked_up;
    bool whole_page = true;
    for (std::size_t i = 0; i < orders->size(); ++i) {
      const auto& order = (*orders)[i].order;
      if (std::chrono::steady_clock::now() >= deadline) {
        whole_page = false;
        break;
      }
      if (receipts[i]) {
        const Receipt& receipt = *receipts[i];
        const Sent sent = send(receipt, batch, outcome);
        if (sent == Sent::stop) {
          stopped = true;
          break;
        }
        if (sent == Sent::invalid) {
          sales::put(batch,
                     sales::DeadLetter{std::string(sales::dead_prefix) + "backfill/" + state->store_id + "/" + order.id,
                                       state->store_id, order.id, std::nullopt, outcome.error, now_text()});
          outcome.error.clear();
        }
      }
      state->position = sdk::OrderPosition{order.opened_at, order.id};
      ++state->done;
      ++handled_;
    }
    if (!stopped && whole_page && orders->size() < backfill_page) {
      state->finished = true;
      state->done = std::max(state->done, state->total);
    }
  }
  sales::put(batch, *state);
  finish_batch(batch, outcome, sent_before);
  if (auto stored = storage_.apply(batch); !stored.ok()) return stored;
  return !stopped;
}

void SalesSync::report(sdk::ProgressReporter* progress) const {
  // Counted as the run goes: recounting the outbox for every page would cost more than the page.
  if (progress != nullptr) progress->report(handled_, std::max(total_, handled_), "orders");
}

sdk::Result<SyncOutcome> SalesSync::run(std::chrono::steady_clock::time_point deadline,
                                        sdk::ProgressReporter* progress) {
  if (auto loaded = load(); !loaded.ok()) return loaded;
  SyncOutcome outcome;
  auto captured = capture();
  if (!captured) return captured.status();
  auto pending_at_start = pending();
  if (!pending_at_start) return pending_at_start.status();
  total_ = *pending_at_start;
  handled_ = 0;

  while (std::chrono::steady_clock::now() < deadline) {
    auto more = send_outbox_page(deadline, outcome);
    if (!more) return more.status();
    if (!*more) {
      if (outcome.needs_reauth || outcome.transient_failure || outcome.blocked_for.count() > 0) break;
      auto fresh = capture();
      if (!fresh) return fresh.status();
      total_ += *fresh;
      if (*fresh > 0) continue;
      auto backfilled = send_backfill_page(deadline, outcome);
      if (!backfilled) return backfilled.status();
      if (!*backfilled) {
        if (!(outcome.needs_reauth || outcome.transient_failure || outcome.blocked_for.count() > 0)) {
          outcome.finished = true;
        }
        break;
      }
    }
    report(progress);
  }
  report(progress);

  auto queued = storage_.count(sales::outbox_prefix);
  if (!queued) return queued.status();
  outcome.queued = *queued;
  auto left = pending();
  if (!left) return left.status();
  outcome.backfill_left = *left - *queued;
  if (outcome.finished && outcome.queued > 0) outcome.finished = false;
  if (outcome.finished && outcome.backfill_left > 0 && !outcome.waiting_for_window) outcome.finished = false;
  return outcome;
}

}  // namespace eatos::sevenshifts
