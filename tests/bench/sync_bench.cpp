// Sales sync figures, each against a baseline measured in the same run:
//
//  1. Throughput: 10,000 live order changes through the outbox to the loopback fake (its rate limit off), as the
//     eatos-host process `sync-now` (capture + send), against 10,000 bare libcurl POSTs of the same receipts on one
//     kept-alive connection to the same fake: receipts/s and CPU µs per receipt.
//  2. Pacing: with the fake's limit of 10 requests/s on, `sync-now` for 60 s: receipts/s and 429s.
//  3. Backlog: 100,000 queued order changes: peak RSS of the eatos-host process that captures them (against
//     `integrations list`), and the cost of enqueueing one change (against writing that change to the POS).
//
//   sync_bench [RECEIPTS [PACED_SECONDS [BACKLOG]]]   (defaults 10000 60 100000)
//   sync_bench --quick                                (1000 10 20000)
#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "api/request_pacer.hpp"
#include "api/sevenshifts_client.hpp"
#include "fake_sevenshifts.hpp"
#include "loader/host_context.hpp"
#include "loader/plugin_services.hpp"
#include "plugin_sandbox.hpp"
#include "pos/pos_store.hpp"
#include "process.hpp"
#include "services/system_clock.hpp"
#include "sync/receipt.hpp"
#include "sync/sales_records.hpp"
#include "sync/sales_sync.hpp"

namespace {

using namespace std::chrono_literals;
using eatos::testing::ProcessOptions;
using eatos::testing::ProcessResult;
namespace sdk = eatos::sdk;

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double thread_cpu_seconds() {
  struct rusage usage {};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "sync_bench: %s\n", what.c_str());
  std::exit(1);
}

sdk::Order order_of(const std::string& store, std::uint64_t n, sdk::Instant at) {
  sdk::Order order;
  order.id = store + "-" + std::to_string(n);
  order.store_id = store;
  order.status = sdk::OrderStatus::closed;
  // Rung up now, after the store was mapped: live sales, not history (the backfill never sees them).
  order.opened_at = order.updated_at = at;
  order.closed_at = at;
  order.lines = {{"Classic burger", 1, 1450, 0}, {"Craft beer", 2, 750, 0}, {"Fries", 1, 495, 0}};
  order.gross = order.net = 1450 + 1500 + 495;
  order.tips.card = 520;
  order.revenue_center = "Dining Room";
  order.employee_id = "EMP-101";
  return order;
}

/// A CLI session against the sandbox and the fake.
class Cli {
 public:
  Cli(const eatos::testing::PluginSandbox& sandbox, const std::string& url) {
    options_.environment = {{"EATOS_MANIFESTS_DIR", sandbox.manifests().string()},
                            {"EATOS_PLUGINS_DIR", sandbox.plugins().string()},
                            {"EATOS_DATA_DIR", sandbox.data().string()},
                            {"SEVENSHIFTS_API_URL", url}};
    options_.unset = {"EATOS_SECRET_KEY"};
    options_.timeout = 600s;
  }
  /// `peak_kib`, when given, receives the child's own peak resident set (VmHWM, sampled every 20 ms): getrusage
  /// would also count this process's peak, which posix_spawn hands down to the child before it execs.
  ProcessResult run(std::vector<std::string> arguments, const std::string& restaurant, bool paced = false,
                    const std::string& input = {}, long* peak_kib = nullptr) {
    arguments.insert(arguments.begin(), {"--restaurant", restaurant});
    ProcessOptions options = options_;
    options.input = input;
    if (peak_kib != nullptr) {
      options.while_running = [peak_kib](int pid) {
        std::ifstream status("/proc/" + std::to_string(pid) + "/status");
        std::string line;
        while (std::getline(status, line)) {
          if (line.rfind("VmHWM:", 0) == 0) *peak_kib = std::max(*peak_kib, std::atol(line.c_str() + 6));
        }
      };
    }
    if (!paced) options.environment["SEVENSHIFTS_RATE_LIMIT"] = "0";
    auto result = eatos::testing::run_process(EATOS_HOST_BINARY, arguments, options);
    if (result.exit_code != 0) fail("eatos-host " + arguments[2] + " failed: " + result.err);
    return result;
  }
  /// Installs 7Shift for `restaurant` and gives it one store mapped to `location`.
  void connect(eatos::host::PosStore& pos, const std::string& restaurant, const std::string& location) {
    run({"integrations", "install", "7shifts", "--token-stdin"}, restaurant, false,
        eatos::testing::FakeSevenShifts::demo_tokens().acme + "\n");
    if (!pos.add(restaurant, {{"downtown", "Acme Downtown", "America/Regina"}}, {}).ok()) fail("pos add");
    run({"integrations", "action", "7shifts", "map-location", "--field", "store=downtown", "--field",
         "location=" + location},
        restaurant);
  }

 private:
  ProcessOptions options_;
};

/// Writes `count` new orders (numbered from `first`) to the POS, one change each; returns the seconds it took.
double ring_up(eatos::host::PosStore& pos, const std::string& restaurant, std::uint64_t count,
               std::uint64_t first = 1) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t n = first; n < first + count; ++n) {
    if (!pos.save(restaurant, order_of("downtown", n, now)).ok()) fail("pos save");
  }
  return seconds_since(start);
}

std::size_t write_callback(char*, std::size_t size, std::size_t count, void*) { return size * count; }

/// The baseline of part 1: bare libcurl POSTs on one kept-alive connection.
void baseline_posts(const std::string& url, std::uint64_t count, std::uint64_t first, double& wall, double& cpu) {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  const std::string auth = "Authorization: Bearer " + eatos::testing::FakeSevenShifts::demo_tokens().acme;
  headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, "x-api-version: 2026-01-01");
  headers = curl_slist_append(headers, "Content-Type: application/json");
  const std::string endpoint = url + "/v2/company/1234/receipts";
  curl_easy_setopt(curl, CURLOPT_URL, endpoint.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_callback);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<std::string> bodies;
  bodies.reserve(count);
  for (std::uint64_t n = first; n < first + count; ++n) {
    bodies.push_back(eatos::sevenshifts::receipt_bodies(order_of("baseline", n, now), 102).create);
  }
  const double cpu_start = thread_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  for (const auto& body : bodies) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    long status = 0;
    if (curl_easy_perform(curl) != CURLE_OK) fail("baseline POST failed");
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 201) fail("baseline POST answered " + std::to_string(status));
  }
  wall = seconds_since(start);
  cpu = thread_cpu_seconds() - cpu_start;
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
}

class NoTransport final : public eatos::sevenshifts::HttpTransport {
 public:
  eatos::sevenshifts::Exchange send(const eatos::sevenshifts::HttpRequest&) override {
    return eatos::sevenshifts::TransportError{eatos::sevenshifts::NetworkFailure::other, "not used"};
  }
};

/// Enqueueing: SalesSync::capture over `count` changes already in the POS; seconds.
double capture_seconds(eatos::host::HostContext& host, const std::string& restaurant) {
  auto storage = (*host.store())->installation("7shifts", restaurant);
  if (!storage) fail("storage");
  sdk::WriteBatch batch;
  eatos::sevenshifts::sales::put(
      batch, eatos::sevenshifts::sales::LocationMapping{"downtown", "Acme Downtown", 101, "Acme Downtown", "", 0});
  if (!(*storage)->apply(batch).ok()) fail("mapping");
  eatos::host::PluginServices services(host, "7shifts");
  auto pos = services.pos(restaurant);
  NoTransport transport;
  eatos::host::SystemClock clock;
  eatos::sevenshifts::RequestPacer pacer(clock);
  eatos::sevenshifts::SevenShiftsClient client(transport, *eatos::sevenshifts::ApiUrl::parse("http://127.0.0.1:9"),
                                               sdk::Secret(std::string("unused")), pacer);
  eatos::sevenshifts::SalesSync sync(**storage, **pos, client, 1234, clock, true);
  const auto start = std::chrono::steady_clock::now();
  auto queued = sync.capture();
  const double seconds = seconds_since(start);
  if (!queued) fail("capture: " + queued.status().detail());
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const auto argument = [&](int index, long fallback, long quick_value) {
    if (quick) return quick_value;
    return argc > index ? std::atol(argv[index]) : fallback;
  };
  const auto receipts = static_cast<std::uint64_t>(argument(1, 10000, 1000));
  const auto paced_for = std::chrono::seconds(argument(2, 60, 10));
  const auto backlog = static_cast<std::uint64_t>(argument(3, 100000, 20000));

  curl_global_init(CURL_GLOBAL_DEFAULT);
  eatos::testing::FakeSevenShifts fake;
  fake.load_demo_data();
  fake.set_rate_limit(0, 60s, false);
  fake.start();
  eatos::testing::PluginSandbox sandbox;
  sandbox.add_sevenshifts();
  Cli cli(sandbox, fake.url());
  eatos::host::HostContext host(sandbox.data(), false);
  auto& pos = **host.pos();

  // ---- 1. Throughput ----
  // Three rounds, each the baseline then ours, so both see the fake in the same state; medians are compared.
  constexpr int rounds = 3;
  std::vector<double> base_rates;
  std::vector<double> our_rates;
  std::vector<double> base_cpu;
  std::vector<double> our_cpu;
  const auto count = static_cast<double>(receipts);
  for (int round = 0; round < rounds; ++round) {
    const std::string restaurant = "fast-" + std::to_string(round);
    const std::uint64_t first = 1 + static_cast<std::uint64_t>(round) * receipts;
    cli.connect(pos, restaurant, "101");
    ring_up(pos, restaurant, receipts, first);
    double wall = 0;
    double cpu = 0;
    baseline_posts(fake.url(), receipts, first, wall, cpu);
    base_rates.push_back(count / wall);
    base_cpu.push_back(cpu * 1e6 / count);
    const auto start = std::chrono::steady_clock::now();
    const auto synced = cli.run({"integrations", "action", "7shifts", "sync-now"}, restaurant);
    our_rates.push_back(count / seconds_since(start));
    our_cpu.push_back(synced.cpu_seconds * 1e6 / count);
  }
  std::size_t arrived = 0;
  for (const auto& [key, body] : fake.receipts()) arrived += key.rfind("101:", 0) == 0 ? 1 : 0;
  if (arrived != receipts * rounds) fail("only " + std::to_string(arrived) + " receipts arrived");
  const double base_rate = median(base_rates);
  const double our_rate = median(our_rates);
  std::printf("1. %llu receipts to the loopback fake, rate limit off (median of %d rounds)\n",
              static_cast<unsigned long long>(receipts), rounds);
  std::printf("   bare libcurl POSTs, one connection (baseline): %8.0f receipts/s, %6.1f CPU us/receipt\n", base_rate,
              median(base_cpu));
  std::printf("   eatos-host sync-now (capture + outbox + send): %8.0f receipts/s, %6.1f CPU us/receipt\n", our_rate,
              median(our_cpu));
  std::printf("   ratio: %.2fx the baseline's rate, %.2fx its CPU per receipt\n", our_rate / base_rate,
              median(our_cpu) / median(base_cpu));

  // ---- 2. Pacing against the real limit ----
  cli.connect(pos, "paced", "103");
  ring_up(pos, "paced", static_cast<std::uint64_t>(paced_for.count()) * 12);
  std::this_thread::sleep_for(1100ms);  // the fake counts the last second's requests once its limit is on
  fake.set_rate_limit(10, 60s, false);
  fake.clear_requests();
  const auto paced_start = std::chrono::steady_clock::now();
  cli.run(
      {"integrations", "action", "7shifts", "sync-now", "--field", "max_seconds=" + std::to_string(paced_for.count())},
      "paced", true);
  const double paced_wall = seconds_since(paced_start);
  std::size_t created = 0;
  std::size_t limited = 0;
  for (const auto& request : fake.requests()) {
    created += request.status == 201 ? 1 : 0;
    limited += request.status == 429 ? 1 : 0;
  }
  std::printf("2. sync-now for %lld s against the fake's 10 requests/s limit\n",
              static_cast<long long>(paced_for.count()));
  std::printf("   %.2f receipts/s (%.3fx the limit), %zu responses 429\n", static_cast<double>(created) / paced_wall,
              static_cast<double>(created) / paced_wall / 10.0, limited);

  // ---- 3. Backlog ----
  fake.set_rate_limit(0, 60s, false);
  cli.connect(pos, "backlog", "102");
  const double pos_write = ring_up(pos, "backlog", backlog);
  long list_kib = 0;
  long captured_kib = 0;
  cli.run({"integrations", "list"}, "backlog", false, {}, &list_kib);
  cli.run({"integrations", "action", "7shifts", "sync-now", "--field", "max_seconds=1"}, "backlog", true, {},
          &captured_kib);
  if (!pos.add("enqueue", {{"downtown", "Acme Downtown", "America/Regina"}}, {}).ok()) fail("pos add");
  ring_up(pos, "enqueue", backlog);
  const double capture = capture_seconds(host, "enqueue");
  const double per_change = capture * 1e6 / static_cast<double>(backlog);
  const double per_write = pos_write * 1e6 / static_cast<double>(backlog);
  std::printf("3. a backlog of %llu queued order changes\n", static_cast<unsigned long long>(backlog));
  std::printf(
      "   peak RSS of eatos-host capturing it and syncing for 1 s: %.1f MiB (integrations list: %.1f MiB, "
      "%.2fx)\n",
      static_cast<double>(captured_kib) / 1024.0, static_cast<double>(list_kib) / 1024.0,
      static_cast<double>(captured_kib) / static_cast<double>(std::max(list_kib, 1L)));
  std::printf("   enqueueing one change: %.1f us (writing the change to the POS: %.1f us, %.2fx)\n", per_change,
              per_write, per_change / per_write);
  curl_global_cleanup();
  return 0;
}
