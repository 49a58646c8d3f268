#include "sync/sales_service.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <random>
#include <thread>

#include "sync/location_match.hpp"

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using sdk::Code;
using sdk::InstallationState;
using sdk::Status;

constexpr auto backfill_days = std::chrono::days(90);
constexpr auto background_interval = 2s;
constexpr auto slice_length = 1500ms;
// Sync now runs until everything is sent (at most an hour) where someone watches its progress (the CLI); without a
// progress display (the dashboard's request) it stops after 25 seconds and the background sync goes on.
constexpr auto default_sync_now_limit = std::chrono::seconds(3600);
constexpr auto unwatched_sync_now_limit = std::chrono::seconds(25);
constexpr auto backoff_base = 100ms;
constexpr auto backoff_cap = 30s;

std::string words(std::uint64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string field(const sdk::ActionRequest& request, const std::string& name) {
  const auto it = request.values.fields.find(name);
  return it == request.values.fields.end() ? std::string() : it->second;
}

std::string location_list(const std::vector<Location>& locations) {
  std::string text;
  for (const auto& location : locations) {
    if (location.deleted) continue;
    text += (text.empty() ? "" : ", ") + location.name + " (" + std::to_string(location.id) + ")";
  }
  return text.empty() ? "none" : text;
}

std::chrono::milliseconds backoff(int failures) {
  // Exponential with equal jitter, so the retries of many restaurants spread out.
  const auto step = std::min<std::chrono::milliseconds>(backoff_cap, backoff_base * (1L << std::min(failures - 1, 10)));
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<long> half(0, step.count() / 2);
  return std::chrono::milliseconds(step.count() / 2 + half(random));
}

/// A number field, or `fallback` when empty. invalid_argument naming the field when out of [min, max].
sdk::Result<long> number_field(const sdk::ActionRequest& request, const std::string& name, long fallback, long min,
                               long max) {
  const std::string text = field(request, name);
  if (text.empty()) return fallback;
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Status(
        Code::invalid_argument,
        "'" + name + "' must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ".",
        "bad number field");
  }
  return value;
}

sdk::Form store_form(std::string id, std::string title, bool with_location, std::string submit) {
  sdk::Form form{std::move(id), std::move(title), {}, std::move(submit)};
  form.fields.push_back({"store",
                         "eatOS store",
                         sdk::FieldType::text,
                         true,
                         "The store's id in eatOS (see 'eatos-host pos stores').",
                         {}});
  if (with_location) {
    form.fields.push_back({"location",
                           "7shifts location",
                           sdk::FieldType::text,
                           false,
                           "The 7shifts location id. Leave it empty to use the location whose name matches the "
                           "store's, when exactly one does.",
                           {}});
  }
  return form;
}

}  // namespace

void SalesService::describe(sdk::Descriptor& descriptor) {
  const std::vector<InstallationState> connected{InstallationState::connected};
  const std::vector<InstallationState> installed{InstallationState::connected, InstallationState::needs_reauth,
                                                 InstallationState::error};
  descriptor.forms.push_back(store_form("map-location", "Send a store's sales to a 7shifts location", true, "Map"));
  descriptor.forms.push_back(store_form("unmap-location", "Stop sending a store's sales", false, "Unmap"));
  descriptor.forms.push_back({"sync-now",
                              "Sync now",
                              {{"max_seconds",
                                "Stop after (seconds)",
                                sdk::FieldType::number,
                                false,
                                "At most this long (default 3600); whatever is left is sent later.",
                                {}}},
                              "Sync now"});
  descriptor.forms.push_back(
      {"sync-settings",
       "Sales sync settings",
       {{"backfill_window",
         "Backfill only 08:00-15:00 UTC",
         sdk::FieldType::select,
         false,
         "7shifts asks that history be sent in this window. 'auto': yes for the real 7shifts, no for a test server.",
         {{"auto", "Automatic"}, {"on", "Yes"}, {"off", "No"}}},
        {"aggregate_backfill",
         "Backfill in 5-minute totals",
         sdk::FieldType::select,
         false,
         "Send the 90 days of history as one receipt per 5 minutes instead of one per order (for stores mapped "
         "from now on).",
         {{"no", "No"}, {"yes", "Yes"}}},
        {"max_requests_per_second",
         "Requests per second",
         sdk::FieldType::number,
         false,
         "At most 10 (7shifts' limit for a token); lower it to leave room for other apps using the same token.",
         {}}},
       "Save"});
  descriptor.actions.push_back({"map-location", "Map location",
                                "Send an eatOS store's sales to a 7shifts location (first the last 90 days).",
                                "map-location", installed, false});
  descriptor.actions.push_back({"unmap-location", "Unmap location",
                                "Stop sending a store's sales; what is queued for it is dropped.", "unmap-location",
                                installed, true});
  descriptor.actions.push_back(
      {"sync-now", "Sync now", "Send every queued sale to 7shifts now.", "sync-now", connected, false});
  descriptor.actions.push_back({"retry-dead-letters", "Retry refused sales",
                                "Queue again the sales 7shifts refused as invalid (after fixing their cause).", "",
                                installed, false});
  descriptor.actions.push_back({"sync-settings", "Sync settings", "Backfill window, 5-minute totals, request rate.",
                                "sync-settings", installed, false});
}

SalesService::Runtime& SalesService::runtime(const std::string& installation_id) {
  const std::lock_guard lock(runtimes_mutex_);
  auto& slot = runtimes_[installation_id];
  if (!slot) slot = std::make_unique<Runtime>();
  return *slot;
}

std::unique_lock<std::mutex> SalesService::lock(const std::string& installation_id) {
  return std::unique_lock(runtime(installation_id).running);
}

sdk::Result<sdk::ActionOutcome> SalesService::map_location(sdk::ActionRequest& request,
                                                           const InstallationRecord& record) {
  const auto held = lock(request.installation_id);
  const std::string store_id = field(request, "store");
  auto pos = host_.pos(request.installation_id);
  if (!pos) return pos.status();
  auto stores = (*pos)->stores();
  if (!stores) return stores.status();
  const auto store = std::find_if(stores->begin(), stores->end(), [&](const auto& s) { return s.id == store_id; });
  if (store == stores->end()) {
    std::string ids;
    for (const auto& s : *stores) ids += (ids.empty() ? "" : ", ") + s.id;
    return Status(Code::not_found,
                  "This restaurant has no eatOS store '" + store_id + "'" +
                      (ids.empty() ? " (it has no stores yet)." : " (stores: " + ids + ")."),
                  "unknown store");
  }
  auto mappings = sales::load_mappings(request.storage);
  if (!mappings) return mappings.status();

  // The token's locations now, not as they were at Connect: a location may have been added or deleted since.
  auto token = request.storage.secret(token_secret_name);
  if (!token) return token.status();
  if (!*token) return Status(Code::invalid_auth, "No access token is stored; use More Options → Update token.", "");
  auto session = api_.open(std::move(**token));
  if (!session) return session.status();
  auto locations = (*session)->client().locations(record.company.id);
  if (!locations) return locations.status();

  const auto mapped_to = [&](std::int64_t location_id) -> const sales::LocationMapping* {
    for (const auto& m : *mappings) {
      if (m.location_id == location_id) return &m;
    }
    return nullptr;
  };
  Location chosen;
  const std::string location_text = field(request, "location");
  if (location_text.empty()) {
    std::vector<Location> free;
    for (const auto& location : *locations) {
      if (!location.deleted && mapped_to(location.id) == nullptr) free.push_back(location);
    }
    auto suggested = suggest_location(store->name, free);
    if (!suggested) {
      return Status(Code::invalid_argument,
                    "No 7shifts location clearly matches store '" + store->name +
                        "' by name; choose one with --field location=ID. Unmapped locations: " + location_list(free) +
                        ".",
                    "no suggestion");
    }
    chosen = *suggested;
  } else {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(location_text.data(), location_text.data() + location_text.size(), id);
    if (error != std::errc() || end != location_text.data() + location_text.size()) {
      return Status(Code::invalid_argument,
                    "'location' must be a 7shifts location id (a number), not '" + location_text + "'.",
                    "bad location id");
    }
    const auto found = std::find_if(locations->begin(), locations->end(), [&](const auto& l) { return l.id == id; });
    if (found == locations->end() || found->deleted) {
      return Status(Code::not_found,
                    "7shifts location " + location_text + " is not " +
                        (found == locations->end() ? "one this token can see" : "active (it was deleted in 7shifts)") +
                        ". Locations: " + location_list(*locations) + ".",
                    "unknown location");
    }
    chosen = *found;
  }

  for (const auto& m : *mappings) {
    if (m.store_id == store_id && m.location_id == chosen.id) {
      return sdk::ActionOutcome{"Store '" + store->name + "' already sends its sales to 7shifts location '" +
                                chosen.name + "'."};
    }
    if (m.store_id == store_id) {
      return Status(Code::conflict,
                    "Store '" + store->name + "' already sends its sales to 7shifts location '" + m.location_name +
                        "' (" + std::to_string(m.location_id) + "); unmap it first.",
                    "store mapped");
    }
  }
  if (const auto* other = mapped_to(chosen.id); other != nullptr) {
    return Status(Code::conflict,
                  "7shifts location '" + chosen.name + "' already receives the sales of store '" + other->store_name +
                      "': 7shifts takes one POS per location.",
                  "location mapped");
  }

  auto live_from = (*pos)->latest_change();
  if (!live_from) return live_from.status();
  const auto now = std::chrono::floor<std::chrono::seconds>(host_.clock().now());
  auto settings = sales::load_settings(request.storage);
  if (!settings) return settings.status();
  sales::BackfillState backfill;
  backfill.store_id = store_id;
  backfill.from = now - backfill_days;
  backfill.to = now;
  backfill.aggregate_until = settings->aggregate_backfill ? bucket_start(now) : backfill.from;
  auto total = (*pos)->count_orders_opened(store_id, backfill.from, backfill.to);
  if (!total) return total.status();
  backfill.total = *total;
  auto cursor = sales::load_cursor(request.storage);
  if (!cursor) return cursor.status();

  sdk::WriteBatch batch;
  sales::put(batch, sales::LocationMapping{store_id, store->name, chosen.id, chosen.name, format_utc(now), *live_from});
  sales::put(batch, backfill);
  // Capture resumes no later than the new store's first live change (a capture elsewhere that did not yet know
  // the mapping may have passed it; capturing a change twice writes the same outbox key).
  if (mappings->empty() || *cursor > *live_from) batch.put(std::string(sales::cursor_key), std::to_string(*live_from));
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;
  host_.logger().info("restaurant " + request.installation_id + " mapped store " + store_id + " to 7shifts location " +
                      std::to_string(chosen.id));
  return sdk::ActionOutcome{"Store '" + store->name + "' (" + store_id + ") now sends its sales to 7shifts location '" +
                            chosen.name + "' (" + std::to_string(chosen.id) + ")" +
                            (location_text.empty() ? ", matched by name" : "") + ". First the last 90 days (" +
                            words(*total, "order") + ") are sent, oldest first" +
                            (settings->aggregate_backfill ? " in 5-minute totals" : "") + "."};
}

sdk::Result<sdk::ActionOutcome> SalesService::unmap_location(sdk::ActionRequest& request) {
  const auto held = lock(request.installation_id);
  const std::string store_id = field(request, "store");
  auto mappings = sales::load_mappings(request.storage);
  if (!mappings) return mappings.status();
  const auto mapping =
      std::find_if(mappings->begin(), mappings->end(), [&](const auto& m) { return m.store_id == store_id; });
  if (mapping == mappings->end()) {
    return Status(Code::not_found, "Store '" + store_id + "' is not mapped to a 7shifts location.", "not mapped");
  }
  sdk::WriteBatch batch;
  batch.erase(std::string(sales::mapping_prefix) + store_id).erase(std::string(sales::backfill_prefix) + store_id);
  auto queued = sales::queued_keys_of_store(request.storage, store_id);
  if (!queued) return queued.status();
  for (const auto& key : *queued) batch.erase(key);
  const std::uint64_t dropped = queued->size();
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;
  host_.logger().info("restaurant " + request.installation_id + " unmapped store " + store_id);
  return sdk::ActionOutcome{"Store '" + mapping->store_name + "' no longer sends its sales to 7shifts location '" +
                            mapping->location_name + "'" +
                            (dropped > 0 ? "; " + words(dropped, "queued sale") + " dropped" : "") +
                            ". What was already sent stays in 7shifts."};
}

sdk::Result<SalesService::DrainResult> SalesService::drain(const std::string& installation_id,
                                                           sdk::InstallationStorage& storage,
                                                           std::chrono::steady_clock::time_point deadline, bool patient,
                                                           sdk::ProgressReporter* progress) {
  auto loaded = load_installation(storage);
  if (!loaded) return loaded.status();
  if (!*loaded) return Status(Code::not_found, "7Shift is not installed for this restaurant.", "no installation");
  InstallationRecord record = std::move(**loaded);
  if (record.state == InstallationState::needs_reauth) {
    return Status(Code::invalid_auth,
                  "7shifts no longer accepts the stored access token; sales wait until it is updated (More Options → "
                  "Update token).",
                  "needs_reauth");
  }
  auto token = storage.secret(token_secret_name);
  if (!token) return token.status();
  if (!*token) return Status(Code::invalid_auth, "No access token is stored; use More Options → Update token.", "");
  auto settings = sales::load_settings(storage);
  if (!settings) return settings.status();
  ClientPolicy policy = ClientPolicy::for_background();
  policy.requests_per_second = settings->requests_per_second;
  auto session = api_.open(std::move(**token), policy);
  if (!session) return session.status();
  auto pos = host_.pos(installation_id);
  if (!pos) return pos.status();
  auto& client = (*session)->client();

  Runtime& state = runtime(installation_id);
  DrainResult result;
  for (;;) {
    SalesSync sync(storage, **pos, client, record.company.id, host_.clock(), client.url().is_loopback());
    auto outcome = sync.run(deadline, progress);
    if (!outcome) return outcome.status();
    result.sent += outcome->sent;
    result.dead_lettered += outcome->dead_lettered;
    result.last = *outcome;
    if (outcome->needs_reauth) {
      record.state = InstallationState::needs_reauth;
      record.last_error = "7shifts rejected the access token while sending sales: " + outcome->error;
      sdk::WriteBatch batch;
      put_installation(batch, record);
      if (auto stored = storage.apply(batch); !stored.ok()) return stored;
      host_.logger().warning("restaurant " + installation_id + ": 7shifts rejected the token; sales sync paused");
      return result;
    }
    if (outcome->finished || outcome->waiting_for_window) {
      state.failures = 0;
      return result;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return result;
    std::chrono::milliseconds wait{0};
    if (outcome->blocked_for.count() > 0) {
      wait = outcome->blocked_for;
    } else if (outcome->transient_failure) {
      // Consecutive failures back off further; a run that got something through starts again from the base.
      state.failures = outcome->sent > 0 ? 1 : state.failures + 1;
      wait = backoff(state.failures);
    } else {
      state.failures = 0;
      continue;
    }
    // In the background the next slice comes after the wait; Sync now waits itself, unless the wait outlasts its
    // time (then it says why it stopped).
    if (!patient || now + wait >= deadline) {
      result.retry_in = wait;
      return result;
    }
    std::this_thread::sleep_for(wait);
  }
}

sdk::Result<sdk::ActionOutcome> SalesService::sync_now(sdk::ActionRequest& request) {
  const auto fallback = request.progress != nullptr ? default_sync_now_limit : unwatched_sync_now_limit;
  auto limit = number_field(request, "max_seconds", fallback.count(), 1, 86400);
  if (!limit) return limit.status();
  auto mappings = request.storage.count(sales::mapping_prefix);
  if (!mappings) return mappings.status();
  if (*mappings == 0) {
    return sdk::ActionOutcome{
        "Nothing to send yet: no eatOS store is mapped to a 7shifts location (More Options → Map location)."};
  }
  const auto held = lock(request.installation_id);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*limit);
  auto drained = drain(request.installation_id, request.storage, deadline, true, request.progress);
  if (!drained) return drained.status();
  const auto& last = drained->last;
  std::string summary = "Sent " + words(drained->sent, "receipt") + " to 7shifts";
  if (drained->dead_lettered > 0) {
    summary +=
        "; " + words(drained->dead_lettered, "sale") + " refused by 7shifts set aside (see Integrations → 7Shift)";
  }
  const std::uint64_t left = last.queued + last.backfill_left;
  if (last.needs_reauth) {
    return Status(Code::invalid_auth,
                  summary + ". Then 7shifts rejected the access token: " + words(left, "sale") +
                      " wait, nothing is lost. Update the token (More Options → Update token) and they will be sent.",
                  "401 during sync");
  }
  if (left == 0) return sdk::ActionOutcome{summary + ". Everything is up to date."};
  if (last.waiting_for_window) {
    return sdk::ActionOutcome{summary + ". " + words(last.backfill_left, "older sale") +
                              " wait for 7shifts' backfill window (08:00-15:00 UTC)."};
  }
  if (last.transient_failure || last.blocked_for.count() > 0) {
    return Status(Code::unavailable,
                  summary + ", then stopped: " + last.error + " " + words(left, "sale") +
                      " wait and will be sent when 7shifts answers again.",
                  "sync stopped");
  }
  return sdk::ActionOutcome{summary + ". Stopped at the time limit; " + words(left, "sale") + " wait."};
}

sdk::Result<sdk::ActionOutcome> SalesService::retry_dead_letters(sdk::ActionRequest& request) {
  const auto held = lock(request.installation_id);
  auto letters = sales::load_dead_letters(request.storage, std::numeric_limits<std::size_t>::max());
  if (!letters) return letters.status();
  if (letters->empty()) return sdk::ActionOutcome{"There are no refused sales to retry."};
  sdk::WriteBatch batch;
  for (const auto& letter : *letters) {
    batch.erase(letter.key);
    sales::put(batch,
               sales::OutboxEntry{std::string(sales::outbox_prefix) + letter.key.substr(sales::dead_prefix.size()),
                                  letter.store_id, letter.order_id, letter.bucket});
  }
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;
  return sdk::ActionOutcome{words(letters->size(), "refused sale") + " queued again; they go with the next sync."};
}

sdk::Result<sdk::ActionOutcome> SalesService::change_settings(sdk::ActionRequest& request) {
  const auto held = lock(request.installation_id);
  auto settings = sales::load_settings(request.storage);
  if (!settings) return settings.status();
  if (const auto window = field(request, "backfill_window"); !window.empty()) {
    settings->backfill_window = sales::parse_window_setting(window).value_or(settings->backfill_window);
  }
  if (const auto aggregate = field(request, "aggregate_backfill"); !aggregate.empty()) {
    settings->aggregate_backfill = aggregate == "yes";
  }
  auto rate =
      number_field(request, "max_requests_per_second", settings->requests_per_second, 1, RequestPacer::max_per_second);
  if (!rate) return rate.status();
  settings->requests_per_second = static_cast<int>(*rate);
  sdk::WriteBatch batch;
  sales::put(batch, *settings);
  if (auto stored = request.storage.apply(batch); !stored.ok()) return stored;
  return sdk::ActionOutcome{"Sync settings saved: backfill window " +
                            std::string(sales::to_string(settings->backfill_window)) + ", 5-minute totals " +
                            (settings->aggregate_backfill ? "yes" : "no") + ", at most " +
                            std::to_string(settings->requests_per_second) + " requests per second."};
}

sdk::Status SalesService::add_status(const std::string& installation_id, sdk::InstallationStorage& storage,
                                     const InstallationRecord& record, sdk::InstallationStatus& status,
                                     json::object& details) {
  auto mappings = sales::load_mappings(storage);
  if (!mappings) return mappings.status();
  auto backfills = sales::load_backfills(storage);
  if (!backfills) return backfills.status();
  auto queued = storage.count(sales::outbox_prefix);
  if (!queued) return queued.status();
  auto dead_count = storage.count(sales::dead_prefix);
  if (!dead_count) return dead_count.status();
  auto dead = sales::load_dead_letters(storage, 10);
  if (!dead) return dead.status();
  auto stats = sales::load_stats(storage);
  if (!stats) return stats.status();
  auto settings = sales::load_settings(storage);
  if (!settings) return settings.status();
  auto pos = host_.pos(installation_id);
  if (!pos) return pos.status();
  auto stores = (*pos)->stores();
  if (!stores) return stores.status();

  json::array mapped;
  std::uint64_t backfill_done = 0;
  std::uint64_t backfill_total = 0;
  std::string backfill_text;
  for (const auto& m : *mappings) {
    json::value progress = nullptr;
    for (const auto& b : *backfills) {
      if (b.store_id != m.store_id) continue;
      progress = json::object{{"done", b.done}, {"total", b.total}, {"finished", b.finished}};
      backfill_done += b.done;
      backfill_total += b.total;
      backfill_text += (backfill_text.empty() ? "" : ", ") + m.store_name + " " +
                       (b.finished ? "done" : std::to_string(b.done) + " of " + std::to_string(b.total));
    }
    mapped.push_back({{"store", m.store_id},
                      {"store_name", m.store_name},
                      {"location_id", m.location_id},
                      {"location_name", m.location_name},
                      {"mapped_at", m.mapped_at},
                      {"backfill", std::move(progress)}});
  }
  std::vector<Location> free;
  for (const auto& location : record.locations) {
    const bool taken =
        std::any_of(mappings->begin(), mappings->end(), [&](const auto& m) { return m.location_id == location.id; });
    if (!location.deleted && !taken) free.push_back(location);
  }
  json::array unmapped;
  for (const auto& store : *stores) {
    const bool is_mapped =
        std::any_of(mappings->begin(), mappings->end(), [&](const auto& m) { return m.store_id == store.id; });
    if (is_mapped) continue;
    json::value suggestion = nullptr;
    if (auto match = suggest_location(store.name, free)) {
      suggestion = json::object{{"id", match->id}, {"name", match->name}};
    }
    unmapped.push_back(
        {{"store", store.id}, {"store_name", store.name}, {"suggested_location", std::move(suggestion)}});
  }
  json::array letters;
  for (const auto& letter : *dead) {
    letters.push_back(
        {{"store", letter.store_id}, {"order", letter.order_id}, {"message", letter.message}, {"at", letter.at}});
  }
  details["sales"] = json::object{
      {"mappings", std::move(mapped)},
      {"unmapped_stores", std::move(unmapped)},
      {"queued", *queued},
      {"sent", stats->sent},
      {"dead_letters", {{"count", *dead_count}, {"first", std::move(letters)}}},
      {"last_success_at", stats->last_success_at.empty() ? json::value(nullptr) : json::value(stats->last_success_at)},
      {"last_error", stats->last_error.empty() ? json::value(nullptr) : json::value(stats->last_error)},
      {"last_error_at", stats->last_error_at.empty() ? json::value(nullptr) : json::value(stats->last_error_at)},
      {"backfill", {{"done", backfill_done}, {"total", backfill_total}}},
      {"settings",
       {{"backfill_window", sales::to_string(settings->backfill_window)},
        {"aggregate_backfill", settings->aggregate_backfill},
        {"max_requests_per_second", settings->requests_per_second}}}};

  std::string mapping_text;
  for (const auto& m : *mappings) {
    mapping_text += (mapping_text.empty() ? "" : ", ") + m.store_name + " → " + m.location_name;
  }
  status.facts.push_back(
      {"Store mappings", mapping_text.empty() ? "none yet (More Options → Map location)" : mapping_text});
  status.facts.push_back({"Sales sync", std::to_string(*queued) + " queued · " + std::to_string(stats->sent) +
                                            " sent · last sent " +
                                            (stats->last_success_at.empty() ? "never" : stats->last_success_at)});
  if (!backfill_text.empty()) status.facts.push_back({"Backfill (90 days)", backfill_text});
  if (*dead_count > 0) {
    status.facts.push_back({"Refused by 7shifts", words(*dead_count, "sale") +
                                                      " (More Options → Retry refused "
                                                      "sales); first: " +
                                                      dead->front().message});
  }
  if (!stats->last_error.empty())
    status.facts.push_back({"Last sync error", stats->last_error_at + ": " + stats->last_error});
  return {};
}

sdk::Status SalesService::start_background_work() {
  host_.scheduler().run_after(std::chrono::milliseconds(0), [this] { background_pass(); });
  host_.scheduler().run_every(std::chrono::duration_cast<std::chrono::milliseconds>(background_interval),
                              [this] { background_pass(); });
  return {};
}

void SalesService::background_pass() {
  auto installations = host_.installations();
  if (!installations) {
    host_.logger().warning("sales sync: cannot list restaurants: " + installations.status().detail());
    return;
  }
  for (const auto& id : *installations) {
    Runtime& state = runtime(id);
    if (!state.watched) {
      auto pos = host_.pos(id);
      if (pos) {
        (*pos)->watch_changes([this, id] { background_slice(id); });
        state.watched = true;
      }
    }
    if (std::chrono::steady_clock::now() >= state.next_run) background_slice(id);
  }
}

void SalesService::background_slice(const std::string& installation_id) {
  Runtime& state = runtime(installation_id);
  const std::unique_lock held(state.running, std::try_to_lock);
  if (!held.owns_lock()) return;  // a Sync now is running for this restaurant
  auto storage = host_.storage(installation_id);
  if (!storage) return;
  auto record = load_installation(**storage);
  if (!record || !*record || (*record)->state != InstallationState::connected) return;
  auto mapped = (*storage)->count(sales::mapping_prefix);
  if (!mapped || *mapped == 0) return;

  const auto deadline = std::chrono::steady_clock::now() + slice_length;
  auto drained = drain(installation_id, **storage, deadline, false, nullptr);
  if (!drained) {
    host_.logger().warning("sales sync for restaurant " + installation_id + ": " + drained.status().message());
    state.next_run = std::chrono::steady_clock::now() + backoff(++state.failures);
    return;
  }
  state.next_run = std::chrono::steady_clock::now() + drained->retry_in;
  if (drained->sent > 0) {
    host_.logger().info("sales sync for restaurant " + installation_id + ": sent " + words(drained->sent, "receipt"));
  }
}

}  // namespace eatos::sevenshifts
