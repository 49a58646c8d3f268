// The sales part of the 7Shift app: mapping stores to 7shifts locations, the sync settings, "Sync now", dead
// letters, what the Integrations section shows about sales, and the background sync a long-running host starts.
//
// One sync runs per restaurant at a time (a lock per restaurant); Remove takes the same lock, so a sync never
// writes after the restaurant's data was erased. Background runs are slices of at most a couple of seconds on the
// host scheduler's thread, so the host can always stop them promptly.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <eatos/sdk/sdk.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "account/installation_record.hpp"
#include "api/api_access.hpp"
#include "sync/sales_sync.hpp"

namespace eatos::sevenshifts {

class SalesService {
 public:
  SalesService(sdk::HostServices& host, ApiAccess& api) : host_(host), api_(api) {}

  /// Forms and actions of the sales part, for describe().
  static void describe(sdk::Descriptor& descriptor);

  sdk::Result<sdk::ActionOutcome> map_location(sdk::ActionRequest& request, const InstallationRecord& record);
  sdk::Result<sdk::ActionOutcome> unmap_location(sdk::ActionRequest& request);
  sdk::Result<sdk::ActionOutcome> sync_now(sdk::ActionRequest& request);
  sdk::Result<sdk::ActionOutcome> retry_dead_letters(sdk::ActionRequest& request);
  sdk::Result<sdk::ActionOutcome> change_settings(sdk::ActionRequest& request);

  /// Adds mappings, queue, dead letters, last success and error, and backfill progress to the status.
  sdk::Status add_status(const std::string& installation_id, sdk::InstallationStorage& storage,
                         const InstallationRecord& record, sdk::InstallationStatus& status,
                         boost::json::object& details);

  /// Holds the restaurant's sync lock (for Remove).
  std::unique_lock<std::mutex> lock(const std::string& installation_id);

  /// Schedules the background sync: a periodic pass over every restaurant, and a run soon after orders change.
  sdk::Status start_background_work();

 private:
  struct Runtime {
    std::mutex running;
    int failures = 0;
    std::chrono::steady_clock::time_point next_run{};
    bool watched = false;
  };
  struct DrainResult {
    std::uint64_t sent = 0;
    std::uint64_t dead_lettered = 0;
    SyncOutcome last;
    std::chrono::milliseconds retry_in{0};
  };

  Runtime& runtime(const std::string& installation_id);
  /// Runs the sync for a restaurant (its lock held) until done or `deadline`; `patient` waits out 429 blocks and
  /// backoffs within the deadline (Sync now), otherwise returns when one is needed (background slices).
  sdk::Result<DrainResult> drain(const std::string& installation_id, sdk::InstallationStorage& storage,
                                 std::chrono::steady_clock::time_point deadline, bool patient,
                                 sdk::ProgressReporter* progress);
  void background_pass();
  void background_slice(const std::string& installation_id);

  sdk::HostServices& host_;
  ApiAccess& api_;
  std::mutex runtimes_mutex_;
  std::map<std::string, std::unique_ptr<Runtime>, std::less<>> runtimes_;
};

}  // namespace eatos::sevenshifts
