#include "api/sevenshifts_client.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <exception>
#include <thread>
#include <utility>

#include "api/api_error.hpp"

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;

bool is_idempotent(const std::string& method) { return method == "GET" || method == "PUT"; }

/// Retry-After in seconds (7shifts does not document it; an HTTP-date form is treated as absent).
std::optional<std::chrono::seconds> retry_after(const HttpResponse& response) {
  const std::string text = response.header("retry-after");
  long seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || seconds < 0 || seconds > 3600) {
    return std::nullopt;
  }
  return std::chrono::seconds(seconds);
}

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(hex[byte >> 4U]);
      out.push_back(hex[byte & 0x0FU]);
    }
  }
  return out;
}

SevenShiftsClient::SevenShiftsClient(HttpTransport& transport, ApiUrl url, sdk::Secret token, RequestPacer& pacer,
                                     ClientPolicy policy, Sleeper sleep)
    : transport_(transport),
      url_(std::move(url)),
      token_(std::move(token)),
      pacer_(pacer),
      policy_(policy),
      sleep_(sleep ? std::move(sleep) : Sleeper([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); })),
      jitter_(std::random_device{}()) {}

std::chrono::milliseconds SevenShiftsClient::backoff(int attempt) {
  // Exponential with "equal jitter": half the step fixed, half random, so retries from many clients spread out.
  const auto step = std::min(policy_.backoff_cap, policy_.backoff_base * (1L << std::min(attempt - 1, 16)));
  std::uniform_int_distribution<long> half(0, step.count() / 2);
  return std::chrono::milliseconds(step.count() / 2 + half(jitter_));
}

sdk::Result<HttpResponse> SevenShiftsClient::call(const std::string& method, const std::string& path_and_query,
                                                  std::string body) {
  const HttpRequest request = request_for(method, path_and_query, std::move(body));
  sdk::Status last;
  for (int attempt = 1; attempt <= policy_.max_attempts; ++attempt) {
    if (const auto blocked = pacer_.blocked_for(token_); blocked.count() > 0) {
      if (policy_.interactive) {
        const auto seconds = std::chrono::ceil<std::chrono::seconds>(blocked).count();
        return sdk::Status(sdk::Code::rate_limited,
                           "7shifts is rate-limiting this token; try again in " + std::to_string(seconds) + " seconds.",
                           "token blocked after HTTP 429");
      }
      sleep_(blocked);
    }
    const Exchange exchange = paced_send(request);
    if (!exchange.ok()) {
      last = status_for_network_failure(exchange.error());
      if (!is_idempotent(method) || attempt == policy_.max_attempts) return last;
      sleep_(backoff(attempt));
      continue;
    }
    const HttpResponse& response = exchange.response();
    if (response.status >= 200 && response.status < 300) return response;

    last = status_for_response(response, token_.expose());
    if (response.status == 429) {
      pacer_.block(token_, retry_after(response).value_or(policy_.default_block));
      if (policy_.interactive) return last;
      continue;  // the next attempt waits out the block; a refused request is safe to send again
    }
    if (response.status >= 500 && is_idempotent(method) && attempt < policy_.max_attempts) {
      sleep_(backoff(attempt));
      continue;
    }
    return last;
  }
  return last;
}

Exchange SevenShiftsClient::paced_send(const HttpRequest& request) {
  const auto slot = pacer_.reserve(token_, policy_.requests_per_second);
  if (slot.wait.count() > 0) sleep_(slot.wait);
  ++requests_;
  Exchange exchange = transport_.send(request);
  pacer_.finished(token_, slot);
  return exchange;
}

HttpRequest SevenShiftsClient::request_for(const std::string& method, const std::string& path_and_query,
                                           std::string body) const {
  HttpRequest request{method, url_.join(path_and_query), {}, std::move(body)};
  request.headers = {{"Authorization", "Bearer " + std::string(token_.expose())},
                     {"x-api-version", api_version},
                     {"Accept", "application/json"}};
  if (method != "GET") request.headers.emplace_back("Content-Type", "application/json");
  return request;
}

Exchange SevenShiftsClient::exchange_once(const std::string& method, const std::string& path_and_query,
                                          std::string body) {
  Exchange exchange = paced_send(request_for(method, path_and_query, std::move(body)));
  if (exchange.ok() && exchange.response().status == 429) {
    pacer_.block(token_, retry_after(exchange.response()).value_or(policy_.default_block));
  }
  return exchange;
}

sdk::Status SevenShiftsClient::status_of(const HttpResponse& response) const {
  return status_for_response(response, token_.expose());
}

sdk::Status SevenShiftsClient::unexpected(const std::string& what) const {
  return {sdk::Code::unavailable, "7shifts sent a response this app does not understand; try again later.",
          "unexpected response: " + scrub(what, token_.expose())};
}

template <class T>
sdk::Result<T> SevenShiftsClient::decode_data(const json::value& document) {
  try {
    return json::value_to<T>(document.as_object().at("data"));
  } catch (const std::exception& e) {
    return unexpected(std::string("cannot read 'data': ") + e.what());
  }
}

sdk::Result<json::value> SevenShiftsClient::get_json(const std::string& path_and_query) {
  auto response = call("GET", path_and_query, {});
  if (!response) return response.status();
  boost::system::error_code error;
  json::value document = json::parse(response->body, error);
  if (error) return unexpected(path_and_query + " is not JSON: " + error.message());
  if (!document.is_object()) return unexpected(path_and_query + " is not a JSON object");
  return document;
}

template <class T>
sdk::Result<std::vector<T>> SevenShiftsClient::list_all(const std::string& path) {
  std::vector<T> items;
  std::string cursor;
  constexpr int max_pages = 10000;
  for (int page = 0; page < max_pages; ++page) {
    std::string query =
        path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=" + std::to_string(policy_.page_size);
    if (!cursor.empty()) query += "&cursor=" + url_encode(cursor);
    auto document = get_json(query);
    if (!document) return document.status();
    auto batch = decode_data<std::vector<T>>(*document);
    if (!batch) return batch.status();
    items.insert(items.end(), std::make_move_iterator(batch->begin()), std::make_move_iterator(batch->end()));
    PageCursor next;
    try {
      next = page_cursor(*document);
    } catch (const std::exception& e) {
      return unexpected(std::string("cannot read the page cursor: ") + e.what());
    }
    if (!next.next) return items;
    if (*next.next == cursor) return unexpected(path + ": the next-page cursor repeats the current one");
    cursor = std::move(*next.next);
  }
  return unexpected(path + ": more than 10000 pages");
}

template sdk::Result<std::vector<Location>> SevenShiftsClient::list_all<Location>(const std::string& path);

sdk::Result<WhoAmI> SevenShiftsClient::whoami() {
  auto document = get_json("/v2/whoami");
  if (!document) return document.status();
  return decode_data<WhoAmI>(*document);
}

sdk::Result<std::vector<Company>> SevenShiftsClient::companies() {
  auto document = get_json("/v2/companies");
  if (!document) return document.status();
  return decode_data<std::vector<Company>>(*document);
}

sdk::Result<std::vector<Location>> SevenShiftsClient::locations(std::int64_t company_id) {
  return list_all<Location>("/v2/company/" + std::to_string(company_id) + "/locations");
}

}  // namespace eatos::sevenshifts
