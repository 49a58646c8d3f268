// What the plugin stores per restaurant to send its sales (all under "sales/" in the installation's storage, so
// Remove erases it with the rest):
//
//   sales/map/<store>              LocationMapping: which 7shifts location a store's sales go to
//   sales/backfill/<store>         BackfillState: the 90 days sent after mapping, and how far that has got
//   sales/cursor                   the POS change cursor up to which changes are in the outbox
//   sales/outbox/<cursor>          one order to send (the POS change that queued it; its latest state is sent)
//   sales/dead/<cursor>            an order 7shifts refused as invalid, with its message (retryable)
//   sales/sent/<location>/<id>     the receipt exists in 7shifts: later changes go by PUT
//   sales/stats, sales/settings    counters and the last outcome; the sync settings
//
// Outbox keys are the change cursor, zero-padded: they sort in the order the changes happened, and capturing the
// same change twice writes the same key.
#pragma once

#include <chrono>
#include <cstdint>
#include <eatos/sdk/pos.hpp>
#include <eatos/sdk/services.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eatos::sevenshifts::sales {

inline constexpr std::string_view prefix = "sales/";
inline constexpr std::string_view mapping_prefix = "sales/map/";
inline constexpr std::string_view backfill_prefix = "sales/backfill/";
inline constexpr std::string_view outbox_prefix = "sales/outbox/";
inline constexpr std::string_view dead_prefix = "sales/dead/";
inline constexpr std::string_view sent_prefix = "sales/sent/";
inline constexpr std::string_view cursor_key = "sales/cursor";
inline constexpr std::string_view stats_key = "sales/stats";
inline constexpr std::string_view settings_key = "sales/settings";

[[nodiscard]] std::string outbox_key(sdk::ChangeCursor cursor);
[[nodiscard]] std::string dead_key(sdk::ChangeCursor cursor);
[[nodiscard]] std::string sent_key(std::int64_t location_id, const std::string& receipt_id);

struct LocationMapping {
  std::string store_id;
  std::string store_name;
  std::int64_t location_id = 0;
  std::string location_name;
  std::string mapped_at;            // ISO-8601 UTC
  sdk::ChangeCursor live_from = 0;  // changes after this cursor are sent live; the rest is the backfill's
};

struct BackfillState {
  std::string store_id;
  sdk::Instant from{};                         // mapped_at - 90 days
  sdk::Instant to{};                           // mapped_at
  sdk::Instant aggregate_until{};              // orders opened before this go in 5-minute buckets (== from: none)
  std::optional<sdk::OrderPosition> position;  // the last order (or bucket start) handled
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  bool finished = false;
};

/// One order waiting to be sent (its state is read from the POS when it is sent).
struct OutboxEntry {
  std::string key;
  std::string store_id;
  std::string order_id;
  std::optional<sdk::Instant> bucket;  // set for "resend this 5-minute bucket" (aggregated backfills)
};

struct DeadLetter {
  std::string key;
  std::string store_id;
  std::string order_id;
  std::optional<sdk::Instant> bucket;
  std::string message;  // what 7shifts said
  std::string at;       // ISO-8601 UTC
};

struct SyncStats {
  std::uint64_t sent = 0;
  std::string last_success_at;
  std::string last_error;
  std::string last_error_at;
};

enum class WindowSetting : std::uint8_t { automatic, on, off };

struct SyncSettings {
  /// Keep backfills to 7shifts' 08:00-15:00 UTC window: automatic means on for the real API, off for loopback.
  WindowSetting backfill_window = WindowSetting::automatic;
  bool aggregate_backfill = false;  // 5-minute buckets instead of single receipts
  int requests_per_second = 10;     // at most 10 (7shifts' limit)
};

// Reading and writing them. Loads fail with Code::internal on a damaged value.
sdk::Result<std::vector<LocationMapping>> load_mappings(sdk::InstallationStorage& storage);
void put(sdk::WriteBatch& batch, const LocationMapping& mapping);

sdk::Result<std::vector<BackfillState>> load_backfills(sdk::InstallationStorage& storage);
void put(sdk::WriteBatch& batch, const BackfillState& state);

/// At most `limit` entries, in queue order, after the key `after` (from the first when empty).
sdk::Result<std::vector<OutboxEntry>> load_outbox_page(sdk::InstallationStorage& storage, std::size_t limit,
                                                       std::string_view after = {});
void put(sdk::WriteBatch& batch, const OutboxEntry& entry);

sdk::Result<std::vector<DeadLetter>> load_dead_letters(sdk::InstallationStorage& storage, std::size_t limit,
                                                       std::string_view after = {});
/// The keys of a store's outbox entries and dead letters (what unmapping it drops).
sdk::Result<std::vector<std::string>> queued_keys_of_store(sdk::InstallationStorage& storage,
                                                           std::string_view store_id);
void put(sdk::WriteBatch& batch, const DeadLetter& letter);

sdk::Result<SyncStats> load_stats(sdk::InstallationStorage& storage);
void put(sdk::WriteBatch& batch, const SyncStats& stats);

sdk::Result<SyncSettings> load_settings(sdk::InstallationStorage& storage);
void put(sdk::WriteBatch& batch, const SyncSettings& settings);

sdk::Result<sdk::ChangeCursor> load_cursor(sdk::InstallationStorage& storage);

[[nodiscard]] std::string_view to_string(WindowSetting setting) noexcept;
[[nodiscard]] std::optional<WindowSetting> parse_window_setting(std::string_view text) noexcept;

}  // namespace eatos::sevenshifts::sales
