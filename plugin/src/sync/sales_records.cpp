#include "sync/sales_records.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cstdio>
#include <exception>
#include <limits>
#include <stdexcept>

namespace eatos::sevenshifts::sales {
namespace {

namespace json = boost::json;

sdk::Status damaged(std::string_view key, const std::exception& e) {
  return {sdk::Code::internal, "The stored 7shifts sales data is damaged; remove the app and install it again.",
          "cannot read " + std::string(key) + ": " + e.what()};
}

std::int64_t seconds_of(sdk::Instant instant) { return instant.time_since_epoch().count(); }
sdk::Instant instant_of(const json::value& value) {
  return sdk::Instant(std::chrono::seconds(value.to_number<std::int64_t>()));
}
std::string text_of(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}
std::optional<sdk::Instant> bucket_of(const json::object& object) {
  const auto* value = object.if_contains("bucket");
  if (value == nullptr || value->is_null()) return std::nullopt;
  return instant_of(*value);
}
json::value bucket_json(const std::optional<sdk::Instant>& bucket) {
  return bucket ? json::value(seconds_of(*bucket)) : json::value(nullptr);
}

/// Every value under `prefix`, each parsed as a JSON object and read with `read`.
template <class T, class Read>
sdk::Result<std::vector<T>> load_all(sdk::InstallationStorage& storage, std::string_view prefix, std::string_view after,
                                     std::size_t limit, Read read) {
  auto rows = storage.list_after(prefix, after, limit);
  if (!rows) return rows.status();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) {
    try {
      out.push_back(read(row.key, json::parse(row.value).as_object()));
    } catch (const std::exception& e) {
      return damaged(row.key, e);
    }
  }
  return out;
}

template <class T, class Read>
sdk::Result<T> load_one(sdk::InstallationStorage& storage, std::string_view key, Read read) {
  auto value = storage.get(key);
  if (!value) return value.status();
  if (!*value) return T{};
  try {
    return read(json::parse(**value).as_object());
  } catch (const std::exception& e) {
    return damaged(key, e);
  }
}

std::string padded(sdk::ChangeCursor cursor) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(cursor));
  return digits;
}

}  // namespace

std::string outbox_key(sdk::ChangeCursor cursor) { return std::string(outbox_prefix) + padded(cursor); }
std::string dead_key(sdk::ChangeCursor cursor) { return std::string(dead_prefix) + padded(cursor); }
std::string sent_key(std::int64_t location_id, const std::string& receipt_id) {
  return std::string(sent_prefix) + std::to_string(location_id) + "/" + receipt_id;
}

sdk::Result<std::vector<LocationMapping>> load_mappings(sdk::InstallationStorage& storage) {
  return load_all<LocationMapping>(
      storage, mapping_prefix, {}, std::numeric_limits<std::size_t>::max(),
      [](const std::string&, const json::object& o) {
        return LocationMapping{text_of(o, "store_id"),         text_of(o, "store_name"),
                               o.at("location_id").as_int64(), text_of(o, "location_name"),
                               text_of(o, "mapped_at"),        o.at("live_from").to_number<sdk::ChangeCursor>()};
      });
}

void put(sdk::WriteBatch& batch, const LocationMapping& mapping) {
  batch.put(std::string(mapping_prefix) + mapping.store_id,
            json::serialize(json::object{{"store_id", mapping.store_id},
                                         {"store_name", mapping.store_name},
                                         {"location_id", mapping.location_id},
                                         {"location_name", mapping.location_name},
                                         {"mapped_at", mapping.mapped_at},
                                         {"live_from", mapping.live_from}}));
}

sdk::Result<std::vector<BackfillState>> load_backfills(sdk::InstallationStorage& storage) {
  return load_all<BackfillState>(
      storage, backfill_prefix, {}, std::numeric_limits<std::size_t>::max(),
      [](const std::string&, const json::object& o) {
        BackfillState state;
        state.store_id = text_of(o, "store_id");
        state.from = instant_of(o.at("from"));
        state.to = instant_of(o.at("to"));
        state.aggregate_until = instant_of(o.at("aggregate_until"));
        if (const auto* position = o.if_contains("position"); position != nullptr && position->is_object()) {
          state.position = sdk::OrderPosition{instant_of(position->as_object().at("opened_at")),
                                              text_of(position->as_object(), "order_id")};
        }
        state.done = o.at("done").to_number<std::uint64_t>();
        state.total = o.at("total").to_number<std::uint64_t>();
        state.finished = o.at("finished").as_bool();
        return state;
      });
}

void put(sdk::WriteBatch& batch, const BackfillState& state) {
  json::value position = nullptr;
  if (state.position) {
    position =
        json::object{{"opened_at", seconds_of(state.position->opened_at)}, {"order_id", state.position->order_id}};
  }
  batch.put(std::string(backfill_prefix) + state.store_id,
            json::serialize(json::object{{"store_id", state.store_id},
                                         {"from", seconds_of(state.from)},
                                         {"to", seconds_of(state.to)},
                                         {"aggregate_until", seconds_of(state.aggregate_until)},
                                         {"position", std::move(position)},
                                         {"done", state.done},
                                         {"total", state.total},
                                         {"finished", state.finished}}));
}

// Outbox entries are the most written and read values: plain "store\norder\nbucket" text, not JSON (store and
// order ids hold no newline: the host's ids are printable; the bucket is epoch seconds, or empty).
sdk::Result<std::vector<OutboxEntry>> load_outbox_page(sdk::InstallationStorage& storage, std::size_t limit,
                                                       std::string_view after) {
  auto rows = storage.list_after(outbox_prefix, after, limit);
  if (!rows) return rows.status();
  std::vector<OutboxEntry> entries;
  entries.reserve(rows->size());
  for (auto& row : *rows) {
    const std::string_view text = row.value;
    const auto first = text.find('\n');
    const auto second = first == std::string_view::npos ? first : text.find('\n', first + 1);
    if (second == std::string_view::npos) return damaged(row.key, std::runtime_error("not an outbox entry"));
    OutboxEntry entry{row.key, std::string(text.substr(0, first)),
                      std::string(text.substr(first + 1, second - first - 1)), std::nullopt};
    if (const auto bucket = text.substr(second + 1); !bucket.empty()) {
      std::int64_t seconds = 0;
      const auto [end, error] = std::from_chars(bucket.data(), bucket.data() + bucket.size(), seconds);
      if (error != std::errc() || end != bucket.data() + bucket.size()) {
        return damaged(row.key, std::runtime_error("bad bucket"));
      }
      entry.bucket = sdk::Instant(std::chrono::seconds(seconds));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

void put(sdk::WriteBatch& batch, const OutboxEntry& entry) {
  std::string value = entry.store_id + "\n" + entry.order_id + "\n";
  if (entry.bucket) value += std::to_string(seconds_of(*entry.bucket));
  batch.put(entry.key, std::move(value));
}

sdk::Result<std::vector<DeadLetter>> load_dead_letters(sdk::InstallationStorage& storage, std::size_t limit,
                                                       std::string_view after) {
  return load_all<DeadLetter>(storage, dead_prefix, after, limit, [](const std::string& key, const json::object& o) {
    return DeadLetter{key,          text_of(o, "store"),   text_of(o, "order"),
                      bucket_of(o), text_of(o, "message"), text_of(o, "at")};
  });
}

void put(sdk::WriteBatch& batch, const DeadLetter& letter) {
  batch.put(letter.key, json::serialize(json::object{{"store", letter.store_id},
                                                     {"order", letter.order_id},
                                                     {"bucket", bucket_json(letter.bucket)},
                                                     {"message", letter.message},
                                                     {"at", letter.at}}));
}

sdk::Result<std::vector<std::string>> queued_keys_of_store(sdk::InstallationStorage& storage,
                                                           std::string_view store_id) {
  constexpr std::size_t page = 1000;
  std::vector<std::string> keys;
  for (std::string after;;) {
    auto entries = load_outbox_page(storage, page, after);
    if (!entries) return entries.status();
    if (entries->empty()) break;
    for (const auto& entry : *entries) {
      if (entry.store_id == store_id) keys.push_back(entry.key);
    }
    after = entries->back().key;
  }
  for (std::string after;;) {
    auto letters = load_dead_letters(storage, page, after);
    if (!letters) return letters.status();
    if (letters->empty()) break;
    for (const auto& letter : *letters) {
      if (letter.store_id == store_id) keys.push_back(letter.key);
    }
    after = letters->back().key;
  }
  return keys;
}

sdk::Result<SyncStats> load_stats(sdk::InstallationStorage& storage) {
  return load_one<SyncStats>(storage, stats_key, [](const json::object& o) {
    return SyncStats{o.at("sent").to_number<std::uint64_t>(), text_of(o, "last_success_at"), text_of(o, "last_error"),
                     text_of(o, "last_error_at")};
  });
}

void put(sdk::WriteBatch& batch, const SyncStats& stats) {
  batch.put(std::string(stats_key), json::serialize(json::object{{"sent", stats.sent},
                                                                 {"last_success_at", stats.last_success_at},
                                                                 {"last_error", stats.last_error},
                                                                 {"last_error_at", stats.last_error_at}}));
}

sdk::Result<SyncSettings> load_settings(sdk::InstallationStorage& storage) {
  return load_one<SyncSettings>(storage, settings_key, [](const json::object& o) {
    SyncSettings settings;
    settings.backfill_window = parse_window_setting(text_of(o, "backfill_window")).value_or(WindowSetting::automatic);
    settings.aggregate_backfill = o.at("aggregate_backfill").as_bool();
    settings.requests_per_second = o.at("requests_per_second").to_number<int>();
    return settings;
  });
}

void put(sdk::WriteBatch& batch, const SyncSettings& settings) {
  batch.put(std::string(settings_key),
            json::serialize(json::object{{"backfill_window", to_string(settings.backfill_window)},
                                         {"aggregate_backfill", settings.aggregate_backfill},
                                         {"requests_per_second", settings.requests_per_second}}));
}

sdk::Result<sdk::ChangeCursor> load_cursor(sdk::InstallationStorage& storage) {
  auto value = storage.get(cursor_key);
  if (!value) return value.status();
  if (!*value) return sdk::ChangeCursor{0};
  sdk::ChangeCursor cursor = 0;
  const auto& text = **value;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), cursor);
  if (error != std::errc() || end != text.data() + text.size()) {
    return sdk::Status(sdk::Code::internal, "The stored 7shifts sales data is damaged.", "bad cursor " + text);
  }
  return cursor;
}

std::string_view to_string(WindowSetting setting) noexcept {
  switch (setting) {
    case WindowSetting::automatic: return "auto";
    case WindowSetting::on: return "on";
    case WindowSetting::off: return "off";
  }
  return "auto";
}

std::optional<WindowSetting> parse_window_setting(std::string_view text) noexcept {
  for (auto setting : {WindowSetting::automatic, WindowSetting::on, WindowSetting::off}) {
    if (to_string(setting) == text) return setting;
  }
  return std::nullopt;
}

}  // namespace eatos::sevenshifts::sales
