// Connect as a whole CLI process (`eatos-host integrations install 7shifts --token-stdin`) against the fake 7shifts
// API on loopback: median time, and the HTTP requests and TCP connections each Connect used (counted by the fake).
// Baseline in the same run: `integrations list`, the same process start-up with no network.
//
//   connect_bench [RUNS]     (default 100)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fake_sevenshifts.hpp"
#include "plugin_sandbox.hpp"
#include "process.hpp"

namespace {

using eatos::testing::ProcessOptions;
using eatos::testing::run_process;

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double run_timed(const std::vector<std::string>& arguments, const ProcessOptions& options, int expected_exit) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = run_process(EATOS_HOST_BINARY, arguments, options);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (result.exit_code != expected_exit) {
    std::fprintf(stderr, "eatos-host %s exited %d: %s\n", arguments.back().c_str(), result.exit_code,
                 result.err.c_str());
    std::exit(1);
  }
  return elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 100;
  eatos::testing::FakeSevenShifts fake;
  fake.load_demo_data();
  fake.set_rate_limit(1000000, std::chrono::milliseconds(0), false);  // the benchmark measures us, not the limit
  fake.start();
  eatos::testing::PluginSandbox sandbox;
  sandbox.add_sevenshifts();

  ProcessOptions options;
  options.environment = {{"EATOS_MANIFESTS_DIR", sandbox.manifests().string()},
                         {"EATOS_PLUGINS_DIR", sandbox.plugins().string()},
                         {"EATOS_DATA_DIR", sandbox.data().string()},
                         {"SEVENSHIFTS_API_URL", fake.url()}};
  ProcessOptions with_token = options;
  with_token.input = eatos::testing::FakeSevenShifts::demo_tokens().acme + "\n";

  const std::vector<std::string> install{"integrations", "install", "7shifts", "--token-stdin"};
  const std::vector<std::string> remove{"integrations", "remove", "7shifts"};
  const std::vector<std::string> list{"integrations", "list"};

  std::vector<double> connect_ms;
  std::vector<double> list_ms;
  std::size_t max_requests = 0;
  std::size_t max_connections = 0;
  for (int i = 0; i < runs + 5; ++i) {
    fake.clear_requests();
    const double connect = run_timed(install, with_token, 0);
    max_requests = std::max(max_requests, fake.requests().size());
    max_connections = std::max(max_connections, fake.connections());
    const double baseline = run_timed(list, options, 0);
    run_timed(remove, options, 0);
    if (i >= 5) {  // the first runs warm the page cache
      connect_ms.push_back(connect);
      list_ms.push_back(baseline);
    }
  }

  const double connect = median(connect_ms);
  const double baseline = median(list_ms);
  std::printf("Connect (install 7shifts) as a whole process against the loopback fake, %d runs\n", runs);
  std::printf("  integrations list (baseline, no network): %7.2f ms median\n", baseline);
  std::printf("  integrations install 7shifts:            %7.2f ms median (%.2fx the baseline)\n", connect,
              connect / baseline);
  std::printf("  per Connect, at most: %zu HTTP requests (whoami, companies, locations), %zu TCP connection(s)\n",
              max_requests, max_connections);
  return 0;
}
