// fake-7shifts: the fake 7shifts API as a standalone server for the demo and for trying the host by hand.
// Prints its URL and the demo tokens, then serves on 127.0.0.1 until interrupted (SIGINT/SIGTERM).
#include <pthread.h>
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "fake_sevenshifts.hpp"

int main(int argc, char** argv) {
  CLI::App app{"fake-7shifts: a fake 7shifts API on 127.0.0.1 (tests and demo only)"};
  int port = 0;
  int block_seconds = 60;
  int per_second = 10;
  app.add_option("--port", port, "port to bind on 127.0.0.1 (0: any free port, printed)")->capture_default_str();
  app.add_option("--rate-limit-block", block_seconds, "seconds a token stays blocked after a 429")
      ->capture_default_str();
  app.add_option("--rate-limit", per_second, "requests per second per token before a 429 (0: no limit)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals in every thread (the server's included) and wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  eatos::testing::FakeSevenShifts fake;
  fake.load_demo_data();
  fake.set_rate_limit(per_second, std::chrono::seconds(block_seconds), false);
  fake.start(port);
  const auto tokens = eatos::testing::FakeSevenShifts::demo_tokens();
  std::printf("url %s\ntoken-acme %s\ntoken-bistro %s\ntoken-revoked %s\n", fake.url().c_str(), tokens.acme.c_str(),
              tokens.bistro.c_str(), tokens.revoked.c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&stop_signals, &received);
  fake.stop();
  return 0;
}
