#include "fake_sevenshifts.hpp"

#include <httplib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

namespace eatos::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr int default_page_size = 100;
constexpr int max_page_size = 500;

std::string bearer_token(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  return header.rfind(prefix, 0) == 0 ? header.substr(prefix.size()) : std::string();
}

void send_json(httplib::Response& response, int status, const json::value& body) {
  response.status = status;
  response.set_content(json::serialize(body), "application/json");
}

/// One page of `items` with 7shifts' keyset meta. Cursors are opaque strings ("pg_<offset>"); `current` is null
/// on the first page and `next` is null on the last, as the real API does.
bool send_page(const httplib::Request& request, httplib::Response& response, const json::array& items,
               const std::string& object) {
  int limit = default_page_size;
  if (request.has_param("limit")) {
    try {
      limit = std::stoi(request.get_param_value("limit"));
    } catch (const std::exception&) {
      limit = -1;
    }
  }
  if (limit < 1 || limit > max_page_size) return false;
  std::size_t offset = 0;
  const std::string cursor = request.get_param_value("cursor");
  if (!cursor.empty()) {
    if (cursor.rfind("pg_", 0) != 0) return false;
    offset = std::stoul(cursor.substr(3));
  }
  json::array page;
  for (std::size_t i = offset; i < items.size() && page.size() < static_cast<std::size_t>(limit); ++i) {
    page.push_back(items[i]);
  }
  const std::size_t next = offset + page.size();
  json::object meta_cursor{
      {"current", cursor.empty() ? json::value(nullptr) : json::value(cursor)},
      {"prev", nullptr},
      {"next", next < items.size() ? json::value("pg_" + std::to_string(next)) : json::value(nullptr)},
      {"count", page.size()}};
  send_json(
      response, 200,
      json::object{{"data", std::move(page)}, {"meta", {{"cursor", std::move(meta_cursor)}}}, {"object", object}});
  return true;
}

std::string title_of(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    default: return "Error";
  }
}

}  // namespace

FakeSevenShifts::FakeSevenShifts() = default;

FakeSevenShifts::~FakeSevenShifts() { stop(); }

void FakeSevenShifts::load_demo_data() {
  const auto tokens = demo_tokens();
  add_company({1234,
               "Acme Diner",
               {{101, "Acme Downtown", "America/Regina", false},
                {102, "Acme Airport", "America/Winnipeg", false},
                {103, "Acme Lakeside", "America/Regina", false},
                {104, "Acme Closed Branch", "America/Regina", true}}});
  add_company({5678, "Bistro Verde", {{201, "Bistro Verde", "Europe/Lisbon", false}}});
  add_token(tokens.acme, 1234);
  add_token(tokens.bistro, 5678);
  add_token(tokens.revoked, 1234);
  revoke(tokens.revoked);
}

void FakeSevenShifts::add_company(FakeCompany company) {
  const std::lock_guard lock(mutex_);
  companies_[company.id] = std::move(company);
}

void FakeSevenShifts::add_token(const std::string& token, std::int64_t company_id) {
  const std::lock_guard lock(mutex_);
  tokens_[token] = Token{company_id, next_user_id_++, false, -1, {}, {}};
}

void FakeSevenShifts::revoke(const std::string& token) {
  const std::lock_guard lock(mutex_);
  tokens_.at(token).revoked = true;
}

void FakeSevenShifts::revoke_after(const std::string& token, int requests) {
  const std::lock_guard lock(mutex_);
  tokens_.at(token).revoke_after = requests;
}

void FakeSevenShifts::set_error_shape(ErrorShape shape) {
  const std::lock_guard lock(mutex_);
  error_shape_ = shape;
}

void FakeSevenShifts::set_rate_limit(int per_second, std::chrono::milliseconds block, bool send_retry_after) {
  const std::lock_guard lock(mutex_);
  rate_per_second_ = per_second;
  rate_block_ = block;
  send_retry_after_ = send_retry_after;
}

void FakeSevenShifts::inject(const Fault& fault, int times) {
  const std::lock_guard lock(mutex_);
  faults_.push_back({fault, times});
}

void FakeSevenShifts::set_random_faults(double rate, std::uint64_t seed, std::string path_prefix) {
  const std::lock_guard lock(mutex_);
  random_fault_rate_ = rate;
  random_state_ = seed;
  random_fault_prefix_ = std::move(path_prefix);
}

void FakeSevenShifts::reject_receipt(const std::string& receipt_id, const std::string& message) {
  const std::lock_guard lock(mutex_);
  rejected_receipts_[receipt_id] = message;
}

void FakeSevenShifts::clear_rejections() {
  const std::lock_guard lock(mutex_);
  rejected_receipts_.clear();
}

std::optional<Fault> FakeSevenShifts::take_fault(const std::string& path) {
  if (random_fault_rate_ > 0 && path.rfind(random_fault_prefix_, 0) == 0) {
    // SplitMix64: the same seed gives the same faults for the same sequence of requests.
    const auto next = [this] {
      std::uint64_t z = (random_state_ += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
      return z ^ (z >> 31U);
    };
    if (static_cast<double>(next() >> 11U) * 0x1.0p-53 < random_fault_rate_) {
      switch (next() % 5) {
        case 0: return Fault{Fault::Kind::status, 503, {}, {}, false};
        case 1: return Fault{Fault::Kind::status, 502, {}, {}, true};
        case 2: return Fault{Fault::Kind::slow, 0, std::chrono::milliseconds(300), {}, false};
        case 3: return Fault{Fault::Kind::drop, 0, {}, {}, false};
        default: return Fault{Fault::Kind::drop, 0, {}, {}, true};
      }
    }
  }
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (path.rfind(it->fault.path_prefix, 0) != 0) continue;
    Fault fault = it->fault;
    if (--it->left == 0) faults_.erase(it);
    return fault;
  }
  return std::nullopt;
}

int FakeSevenShifts::start(int port) {
  server_ = std::make_unique<httplib::Server>();
  server_->set_keep_alive_max_count(10000);  // 7shifts keeps connections open; so does the fake
  server_->set_tcp_nodelay(true);            // headers and body go out as separate writes: no Nagle delay between them
  // Catch-all routes (not the pre-routing hook, which runs before a request body has been read).
  const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  };
  server_->Get(".*", handler).Post(".*", handler).Put(".*", handler).Delete(".*", handler);
  port_ = port == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
  if (port_ <= 0) throw std::runtime_error("fake 7shifts: cannot bind 127.0.0.1:" + std::to_string(port));
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // Until the accept loop runs, Server::stop() would do nothing (and stop() here would then wait forever).
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!server_->is_running()) {
    if (Clock::now() > deadline) throw std::runtime_error("fake 7shifts: the server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return port_;
}

void FakeSevenShifts::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

std::string FakeSevenShifts::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<RecordedRequest> FakeSevenShifts::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FakeSevenShifts::connections() const {
  const std::lock_guard lock(mutex_);
  std::vector<int> ports;
  for (const auto& request : requests_) ports.push_back(request.remote_port);
  std::sort(ports.begin(), ports.end());
  return static_cast<std::size_t>(std::unique(ports.begin(), ports.end()) - ports.begin());
}

void FakeSevenShifts::clear_requests() {
  const std::lock_guard lock(mutex_);
  requests_.clear();
}

std::map<std::string, std::string> FakeSevenShifts::receipts() const {
  const std::lock_guard lock(mutex_);
  return receipts_;
}

void FakeSevenShifts::error(httplib::Response& response, int status, const std::string& code,
                            const std::string& message) const {
  response.status = status;
  if (error_shape_ == ErrorShape::problem_json) {
    const json::object body{{"type", "https://developers.7shifts.com/errors/" + code},
                            {"title", title_of(status)},
                            {"status", status},
                            {"detail", message},
                            {"code", code}};
    response.set_content(json::serialize(body), "application/problem+json");
  } else {
    const json::object body{{"status", "error"}, {"message", message}, {"error", code}};
    response.set_content(json::serialize(body), "application/json");
  }
}

void FakeSevenShifts::handle(const httplib::Request& request, httplib::Response& response) {
  std::optional<Fault> fault;
  std::size_t recorded = 0;
  {
    const std::lock_guard lock(mutex_);
    std::string query;
    for (const auto& [name, value] : request.params) {
      query.append(query.empty() ? "" : "&").append(name).append("=").append(value);
    }
    requests_.push_back({request.method, request.path, query, request.get_header_value("Authorization"),
                         request.get_header_value("x-api-version"), request.get_header_value("Content-Type"),
                         request.body, request.remote_port, 0, Clock::now()});
    recorded = requests_.size() - 1;
    fault = take_fault(request.path);
  }
  const auto record_status = [&] {
    const std::lock_guard lock(mutex_);
    requests_[recorded].status = response.status;
  };

  const auto drop = [&] {
    // Promise a body and never send it: the client sees the connection close mid-response.
    response.set_content_provider(1024, "application/json",
                                  [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
    const std::lock_guard lock(mutex_);
    requests_[recorded].status = 0;
  };
  const auto fail_with_status = [&] {
    response.status = fault->status;
    response.headers.clear();
    if (fault->status >= 500) {
      response.set_content("<html><body><h1>" + std::to_string(fault->status) + " Server Error</h1></body></html>",
                           "text/html");
    } else {
      const std::lock_guard lock(mutex_);
      error(response, fault->status, "injected", "injected failure");
    }
    record_status();
  };

  if (fault && fault->kind == Fault::Kind::slow) std::this_thread::sleep_for(fault->delay);
  if (fault && !fault->after_apply && fault->kind == Fault::Kind::drop) return drop();
  if (fault && !fault->after_apply && fault->kind == Fault::Kind::status) return fail_with_status();

  const std::string version = request.get_header_value("x-api-version");
  response.set_header("x-api-version", version.empty() ? "2022-05-01" : version);

  {
    const std::lock_guard lock(mutex_);
    const auto it = tokens_.find(bearer_token(request));
    if (it != tokens_.end() && it->second.revoke_after >= 0 && it->second.revoke_after-- == 0) {
      it->second.revoked = true;
    }
    if (it == tokens_.end() || it->second.revoked) {
      error(response, 401, "invalid_token", "The access token is invalid or has been revoked.");
    } else {
      Token& token = it->second;
      const auto now = Clock::now();
      std::erase_if(token.recent, [&](Clock::time_point at) { return now - at >= std::chrono::seconds(1); });
      token.recent.push_back(now);
      if (now < token.blocked_until ||
          (rate_per_second_ > 0 && static_cast<int>(token.recent.size()) > rate_per_second_)) {
        if (now >= token.blocked_until) token.blocked_until = now + rate_block_;
        error(response, 429, "rate_limited", "Too many requests; this token is blocked for one minute.");
        if (send_retry_after_) {
          const auto left = std::chrono::ceil<std::chrono::seconds>(token.blocked_until - now);
          response.set_header("Retry-After", std::to_string(left.count()));
        }
      } else if ((request.method == "POST" || request.method == "PUT") &&
                 request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
        error(response, 400, "invalid_content_type", "Content-Type must be application/json.");
      } else {
        route(request, response, token);
      }
    }
  }
  record_status();
  if (fault && fault->after_apply && fault->kind == Fault::Kind::drop) return drop();
  if (fault && fault->after_apply && fault->kind == Fault::Kind::status) return fail_with_status();
}

void FakeSevenShifts::route(const httplib::Request& request, httplib::Response& response, Token& token) {
  static const std::regex company_path(R"(^/v2/company/(\d+)/([a-z_]+)(?:/(.+))?$)");
  const FakeCompany& company = companies_.at(token.company_id);

  if (request.method == "GET" && request.path == "/v2/whoami") {
    const json::object user{{"id", token.user_id},
                            {"company_id", company.id},
                            {"first_name", "Demo"},
                            {"last_name", "Admin"},
                            {"email", "admin@example.invalid"}};
    send_json(response, 200,
              json::object{{"data", {{"identity_id", token.user_id + 1000}, {"users", {user}}}}, {"object", "whoami"}});
    return;
  }
  if (request.method == "GET" && request.path == "/v2/companies") {  // no meta block, as documented
    const json::object entry{
        {"id", company.id}, {"name", company.name}, {"uuid", "uuid-" + std::to_string(company.id)}};
    send_json(response, 200, json::object{{"data", {entry}}, {"object", "companies"}});
    return;
  }

  std::smatch match;
  if (!std::regex_match(request.path, match, company_path)) {
    error(response, 404, "not_found", "No such endpoint.");
    return;
  }
  if (std::stoll(match[1].str()) != company.id) {
    error(response, 403, "forbidden", "The token has no access to this company.");
    return;
  }
  const std::string resource = match[2].str();
  const std::string rest = match[3].str();

  if (request.method == "GET" && rest.empty() &&
      (resource == "locations" || resource == "departments" || resource == "roles" || resource == "users")) {
    json::array items;
    for (const auto& location : company.locations) {
      if (resource == "locations") {
        items.push_back({{"id", location.id},
                         {"company_id", company.id},
                         {"name", location.name},
                         {"timezone", location.timezone},
                         {"formatted_address", location.name + ", Main Street"},
                         {"city", "Regina"},
                         {"state", "SK"},
                         {"country", "CA"},
                         {"deleted", location.deleted}});
      } else if (resource == "departments") {
        items.push_back({{"id", location.id * 10}, {"location_id", location.id}, {"name", "Front of House"}});
      } else if (resource == "roles") {
        items.push_back({{"id", location.id * 100},
                         {"location_id", location.id},
                         {"department_id", location.id * 10},
                         {"name", "Server"}});
      } else {
        items.push_back({{"id", location.id * 1000},
                         {"first_name", "Sam"},
                         {"last_name", location.name},
                         {"punch_id", std::to_string(location.id)},
                         {"location_ids", {location.id}}});
      }
    }
    if (!send_page(request, response, items, resource)) {
      error(response, 400, "invalid_parameter", "limit must be 1 to 500 and cursor must come from a previous page.");
    }
    return;
  }

  if (resource == "receipts" &&
      ((request.method == "POST" && rest.empty()) || (request.method == "PUT" && rest.rfind("ext:", 0) == 0))) {
    receipt(request, response, company, request.method == "PUT" ? rest.substr(4) : std::string());
    return;
  }
  if (resource == "receipts" && request.method == "GET" && rest.empty()) {
    json::array items;
    const std::string location = request.get_param_value("location_id");
    for (const auto& [key, text] : receipts_) {
      if (location.empty() || key.rfind(location + ":", 0) == 0) items.push_back(json::parse(text));
    }
    if (!send_page(request, response, items, "receipts")) {
      error(response, 400, "invalid_parameter", "limit must be 1 to 500.");
    }
    return;
  }
  error(response, 404, "not_found", "No such endpoint.");
}

/// POST …/receipts (create; a second POST of the same receipt is refused) and PUT …/receipts/ext:{location}:{id}
/// (a partial update of an existing one). Both check what they can of a receipt, as 7shifts does.
void FakeSevenShifts::receipt(const httplib::Request& request, httplib::Response& response, const FakeCompany& company,
                              const std::string& ext_key) {
  boost::system::error_code parse_error;
  const json::value body = json::parse(request.body, parse_error);
  if (parse_error || !body.is_object()) {
    error(response, 400, "invalid_body", "The body must be a JSON object.");
    return;
  }
  const auto& fields = body.get_object();
  const bool create = ext_key.empty();
  if (create) {
    const auto* receipt_id = fields.if_contains("receipt_id");
    const auto* location_id = fields.if_contains("location_id");
    if (receipt_id == nullptr || !receipt_id->is_string() || location_id == nullptr || !location_id->is_int64() ||
        fields.if_contains("receipt_date") == nullptr || fields.if_contains("net_total") == nullptr ||
        fields.if_contains("status") == nullptr) {
      error(response, 400, "missing_parameter",
            "receipt_id, location_id, receipt_date, net_total and status are required");
      return;
    }
    const bool known = std::any_of(company.locations.begin(), company.locations.end(), [&](const auto& location) {
      return location.id == location_id->get_int64() && !location.deleted;
    });
    if (!known) {
      error(response, 400, "invalid_parameter",
            "location_id " + std::to_string(location_id->get_int64()) + " is not a location of this company");
      return;
    }
  }
  for (const char* money : {"net_total", "gross_total", "tips", "total_receipt_discounts", "total_item_discounts"}) {
    if (const auto* value = fields.if_contains(money);
        value != nullptr && (!value->is_int64() || value->get_int64() < 0)) {
      error(response, 400, "invalid_parameter", std::string(money) + " must be a whole number of cents, not negative");
      return;
    }
  }
  if (const auto* status = fields.if_contains("status"); status != nullptr) {
    static const std::set<std::string> statuses{"open", "closed", "voided", "deleted"};
    if (!status->is_string() || statuses.count(std::string(status->get_string())) == 0) {
      error(response, 400, "invalid_parameter", "status must be open, closed, voided or deleted");
      return;
    }
  }
  if (const auto* date = fields.if_contains("receipt_date"); date != nullptr) {
    static const std::regex utc(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$)");
    if (!date->is_string() || !std::regex_match(std::string(date->get_string()), utc)) {
      error(response, 400, "invalid_parameter", "receipt_date must be an ISO-8601 UTC instant");
      return;
    }
  }
  const std::string receipt_id =
      create ? std::string(fields.at("receipt_id").as_string()) : ext_key.substr(ext_key.find(':') + 1);
  if (const auto rejected = rejected_receipts_.find(receipt_id); rejected != rejected_receipts_.end()) {
    error(response, 400, "invalid_parameter", rejected->second);
    return;
  }

  const std::string key = create ? std::to_string(fields.at("location_id").as_int64()) + ":" + receipt_id : ext_key;
  const auto it = receipts_.find(key);
  if (create && it != receipts_.end()) {  // POST is not an upsert: changes go through PUT
    error(response, 409, "duplicate_receipt", "A receipt with this receipt_id already exists for this location.");
    return;
  }
  if (!create && it == receipts_.end()) {
    error(response, 404, "not_found", "No receipt " + key + ".");
    return;
  }
  if (create) {
    receipts_[key] = request.body;
  } else {
    json::value stored = json::parse(it->second);
    for (const auto& [name, value] : fields) stored.as_object()[name] = value;
    it->second = json::serialize(stored);
  }
  send_json(response, create ? 201 : 200, json::object{{"data", {{"uuid", "rcpt-" + key}}}, {"object", "receipt"}});
}

}  // namespace eatos::testing
