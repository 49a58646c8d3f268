// Sending one restaurant's sales to 7shifts: the change feed into the outbox, the outbox and the backfill out as
// receipts. Nothing is lost and nothing counted twice, whatever the network and 7shifts do:
//
// - capture: each page of POS changes of mapped stores becomes outbox entries in the same WriteBatch that advances
//   the stored change cursor, so a crash neither skips nor repeats a change;
// - send: an entry names an order; its *current* state is read from the POS and sent, so entries may be sent in
//   any order, twice, or after a crash without sending stale data. A receipt is created by POST; if 7shifts says it
//   exists (a retry after a lost answer) the same state goes by PUT; once known to exist, changes go by PUT (and a
//   PUT that finds nothing falls back to POST). Acknowledgements are written a page at a time with the "exists"
//   markers: after a crash at most one page is sent again, and each of those is an idempotent PUT;
// - backfill: after a store is mapped, its last 90 days are sent oldest first from a stored position.
//
// Not thread-safe: one SalesSync per run, and one run per restaurant at a time (the plugin holds a lock).
#pragma once

#include <chrono>
#include <cstdint>
#include <eatos/sdk/integration.hpp>
#include <eatos/sdk/pos.hpp>
#include <eatos/sdk/services.hpp>
#include <map>
#include <string>

#include "api/sevenshifts_client.hpp"
#include "sync/receipt.hpp"
#include "sync/sales_records.hpp"

namespace eatos::sevenshifts {

/// How a run ended.
struct SyncOutcome {
  std::uint64_t sent = 0;                    // receipts 7shifts accepted in this run
  std::uint64_t dead_lettered = 0;           // refused as invalid, set aside with 7shifts' message
  std::uint64_t queued = 0;                  // left in the outbox
  std::uint64_t backfill_left = 0;           // orders of unfinished backfills not yet handled
  bool finished = false;                     // nothing left that can be sent now
  bool waiting_for_window = false;           // a backfill waits for 7shifts' 08:00-15:00 UTC window
  bool needs_reauth = false;                 // 7shifts rejected the token: sending stops until it is updated
  bool transient_failure = false;            // 5xx or network: try again after a backoff
  std::chrono::milliseconds blocked_for{0};  // 7shifts rate-limited the token: try again after this
  std::string error;                         // the last failure, for people
};

class SalesSync {
 public:
  /// Every reference must outlive the SalesSync.
  SalesSync(sdk::InstallationStorage& storage, sdk::PosData& pos, SevenShiftsClient& client, std::int64_t company_id,
            const sdk::Clock& clock, bool api_is_loopback);

  /// Moves changes of mapped stores from the POS change feed into the outbox; how many orders were queued.
  sdk::Result<std::uint64_t> capture();
  /// Captures, then sends the outbox and then the backfills until nothing is left, `deadline` passes, or 7shifts
  /// says stop (401, 429, a 5xx or network failure). `progress` (may be null) gets done/total receipts.
  sdk::Result<SyncOutcome> run(std::chrono::steady_clock::time_point deadline, sdk::ProgressReporter* progress);

  /// How many orders wait: in the outbox, and in unfinished backfills.
  sdk::Result<std::uint64_t> pending();

 private:
  enum class Sent : std::uint8_t { accepted, not_needed, invalid, stop };
  struct Receipt {
    std::int64_t location_id = 0;
    std::string receipt_id;
    ReceiptBodies bodies;
    bool voided = false;
    bool known = false;  // 7shifts has it (its "sent" marker is stored)
    std::string marker;  // the key of that marker
  };

  sdk::Status load();
  /// Sets `known` on each receipt, reading all their markers at once.
  sdk::Status look_up_known(std::vector<Receipt*>& receipts);
  Sent send(const Receipt& receipt, sdk::WriteBatch& batch, SyncOutcome& outcome);
  sdk::Result<bool> send_outbox_page(std::chrono::steady_clock::time_point deadline, SyncOutcome& outcome);
  sdk::Result<bool> send_backfill_page(std::chrono::steady_clock::time_point deadline, SyncOutcome& outcome);
  sdk::Result<SalesBucket> bucket(const std::string& store_id, sdk::Instant start, sdk::Instant end);
  [[nodiscard]] bool backfill_window_open() const;
  void finish_batch(sdk::WriteBatch& batch, const SyncOutcome& outcome, std::uint64_t sent_before);
  [[nodiscard]] std::string now_text() const;
  void report(sdk::ProgressReporter* progress) const;

  sdk::InstallationStorage& storage_;
  sdk::PosData& pos_;
  SevenShiftsClient& client_;
  std::int64_t company_id_;
  const sdk::Clock& clock_;
  bool api_is_loopback_;
  std::map<std::string, sales::LocationMapping, std::less<>> mappings_;  // by store id
  sales::SyncSettings settings_;
  sales::SyncStats stats_;
  std::uint64_t total_ = 0;    // orders to handle in this run, as far as known
  std::uint64_t handled_ = 0;  // orders handled so far in this run
};

/// The start of the 5-minute bucket holding `instant` (buckets start on the hour).
[[nodiscard]] sdk::Instant bucket_start(sdk::Instant instant);

}  // namespace eatos::sevenshifts
