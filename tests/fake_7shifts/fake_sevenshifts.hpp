// A fake 7shifts API on 127.0.0.1 for tests and the demo, following shared/7SHIFTS_API.md, quirks included:
// tokens mapped to one company each, revoked tokens, both error body shapes, keyset pagination with null cursors,
// /v2/companies without `meta`, 10 requests/s per token with a one-minute block, POST receipts that refuse
// duplicates, PUT receipts by ext:{location}:{receipt_id}. Faults can be injected (5xx, slow, dropped connection),
// and every request is recorded so tests can assert on headers, counts and connections.
//
// Thread-safe: the server answers on its own threads; tests configure and inspect it from theirs.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace eatos::testing {

struct FakeLocation {
  std::int64_t id = 0;
  std::string name;
  std::string timezone = "America/Regina";
  bool deleted = false;
};

struct FakeCompany {
  std::int64_t id = 0;
  std::string name;
  std::vector<FakeLocation> locations;
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::string query;  // the raw query string
  std::string authorization;
  std::string api_version;
  std::string content_type;
  std::string body;
  int remote_port = 0;                         // one value per TCP connection
  int status = 0;                              // what the fake answered (0 for a dropped connection)
  std::chrono::steady_clock::time_point at{};  // when it arrived
};

enum class ErrorShape { classic, problem_json };

struct Fault {
  enum class Kind { status, slow, drop } kind = Kind::status;
  int status = 503;                    // for Kind::status
  std::chrono::milliseconds delay{0};  // for Kind::slow
  std::string path_prefix;             // only requests whose path starts with this (empty: any)
  /// For status and drop: the request is carried out first (a receipt is stored), then the answer is replaced or
  /// lost, as when 7shifts fails after committing or a connection breaks on the way back.
  bool after_apply = false;
};

class FakeSevenShifts {
 public:
  FakeSevenShifts();
  FakeSevenShifts(const FakeSevenShifts&) = delete;
  FakeSevenShifts& operator=(const FakeSevenShifts&) = delete;
  ~FakeSevenShifts();

  /// The demo world: companies 'Acme Diner' (3 locations) and 'Bistro Verde' (1), with tokens for each and one
  /// revoked token (see demo_tokens()).
  void load_demo_data();
  struct DemoTokens {
    std::string acme = "demo-acme-token-0001-2f9c7a51e3b8";
    std::string bistro = "demo-bistro-token-0002-7b3e9d04a6c1";
    std::string revoked = "demo-revoked-token-0003-c5a1e8f2d970";
  };
  static DemoTokens demo_tokens() { return {}; }

  // ---- the world ----
  void add_company(FakeCompany company);
  /// `token` acts as a user of `company_id`.
  void add_token(const std::string& token, std::int64_t company_id);
  void revoke(const std::string& token);
  /// `token` is revoked once it has made `requests` more requests (a 401 in the middle of a sync).
  void revoke_after(const std::string& token, int requests);

  // ---- behaviour ----
  void set_error_shape(ErrorShape shape);
  /// Requests per second per token before a 429 (0: no limit), how long the token is then blocked, and whether
  /// 429s carry Retry-After (7shifts does not document it).
  void set_rate_limit(int per_second, std::chrono::milliseconds block, bool send_retry_after);
  /// The next `times` matching requests get `fault` (faults queue up in order).
  void inject(const Fault& fault, int times = 1);
  /// From now on, each request whose path starts with `path_prefix` fails with probability `rate`, in one of five
  /// ways chosen at random: 503 before applying, 502 after applying, a 300 ms delay, a dropped connection before
  /// applying, a dropped connection after applying. Deterministic for a seed (given the order of requests).
  void set_random_faults(double rate, std::uint64_t seed, std::string path_prefix);
  /// POSTs and PUTs of receipt `receipt_id` are refused as invalid (400) with `message`.
  void reject_receipt(const std::string& receipt_id, const std::string& message);
  void clear_rejections();

  // ---- lifecycle ----
  /// Binds 127.0.0.1:`port` (0: any free port), serves on background threads, returns the port.
  int start(int port = 0);
  void stop();
  [[nodiscard]] std::string url() const;

  // ---- what happened ----
  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  [[nodiscard]] std::size_t connections() const;  // distinct client ports seen
  void clear_requests();
  /// Receipts stored, as JSON documents keyed by "location_id:receipt_id".
  [[nodiscard]] std::map<std::string, std::string> receipts() const;

 private:
  struct Token {
    std::int64_t company_id = 0;
    std::int64_t user_id = 0;
    bool revoked = false;
    int revoke_after = -1;                                      // requests left before it is revoked (-1: never)
    std::vector<std::chrono::steady_clock::time_point> recent;  // requests in the last second
    std::chrono::steady_clock::time_point blocked_until{};
  };
  struct QueuedFault {
    Fault fault;
    int left;
  };

  void handle(const httplib::Request& request, httplib::Response& response);
  void route(const httplib::Request& request, httplib::Response& response, Token& token);
  void error(httplib::Response& response, int status, const std::string& code, const std::string& message) const;
  std::optional<Fault> take_fault(const std::string& path);
  void receipt(const httplib::Request& request, httplib::Response& response, const FakeCompany& company,
               const std::string& ext_key);

  mutable std::mutex mutex_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::map<std::int64_t, FakeCompany> companies_;
  std::map<std::string, Token> tokens_;
  std::map<std::string, std::string> receipts_;
  std::vector<RecordedRequest> requests_;
  std::vector<QueuedFault> faults_;
  double random_fault_rate_ = 0;
  std::uint64_t random_state_ = 0;
  std::string random_fault_prefix_;
  std::map<std::string, std::string> rejected_receipts_;  // receipt_id -> message
  ErrorShape error_shape_ = ErrorShape::problem_json;
  int rate_per_second_ = 10;
  std::chrono::milliseconds rate_block_{60000};
  bool send_retry_after_ = false;
  std::int64_t next_user_id_ = 555;
};

}  // namespace eatos::testing
