#include "api/curl_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eatos::sevenshifts {
namespace {

constexpr std::size_t max_body_bytes = std::size_t{32} << 20U;  // far above any 7shifts page

struct Collected {
  HttpResponse response;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* collected = static_cast<Collected*>(user);
  const std::size_t bytes = size * count;
  if (collected->response.body.size() + bytes > max_body_bytes) {
    collected->too_large = true;
    return 0;  // aborts the transfer
  }
  collected->response.body.append(data, bytes);
  return bytes;
}

/// The response headers the client reads; the others are not kept (a receipt sent is one response of several
/// headers, and copying them all costs more than the rest of reading the answer).
bool is_kept(std::string_view lower_case_name) {
  return lower_case_name == "retry-after" || lower_case_name == "content-type" || lower_case_name == "x-api-version";
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* collected = static_cast<Collected*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) collected->response.headers.clear();  // a new response (e.g. after 100-continue)
  const auto colon = line.find(':');
  if (colon > 32) return bytes;  // also npos: a status line, or a name longer than any kept
  char name[33];
  for (std::size_t i = 0; i < colon; ++i)
    name[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i])));
  if (!is_kept(std::string_view(name, colon))) return bytes;
  const auto begin = line.find_first_not_of(" \t", colon + 1);
  const auto end = line.find_last_not_of(" \t\r\n");
  collected->response.headers[std::string(name, colon)] =
      begin == std::string_view::npos || end < begin ? std::string() : std::string(line.substr(begin, end - begin + 1));
  return bytes;
}

NetworkFailure classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: return NetworkFailure::connect;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return NetworkFailure::resolve;
    case CURLE_OPERATION_TIMEDOUT: return NetworkFailure::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return NetworkFailure::tls;
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: return NetworkFailure::dropped;
    default: return NetworkFailure::other;
  }
}

}  // namespace

struct CurlTransport::Handle {
  CURL* curl = curl_easy_init();
  // The header list of the last request, reused while the headers stay the same (they do, for one client).
  std::vector<std::pair<std::string, std::string>> header_values;
  curl_slist* headers = nullptr;
  ~Handle() {
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
  }
};

CurlTransport::CurlTransport(CurlTimeouts timeouts) : handle_(std::make_unique<Handle>()), timeouts_(timeouts) {
  // What never changes between requests is set once; send() sets the rest every time.
  CURL* curl = handle_->curl;
  if (curl == nullptr) return;
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.total.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "eatos-7shift/" EATOS_7SHIFTS_VERSION);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
}

CurlTransport::~CurlTransport() = default;

Exchange CurlTransport::send(const HttpRequest& request) {
  CURL* curl = handle_->curl;
  if (curl == nullptr) return TransportError{NetworkFailure::other, "the HTTP client could not be created"};

  Collected collected;
  char error_text[CURL_ERROR_SIZE] = {};
  if (handle_->headers == nullptr || handle_->header_values != request.headers) {
    curl_slist_free_all(handle_->headers);
    handle_->headers = nullptr;
    for (const auto& [name, value] : request.headers) {
      const std::string line = std::string(name).append(": ").append(value);
      handle_->headers = curl_slist_append(handle_->headers, line.c_str());
    }
    handle_->headers = curl_slist_append(handle_->headers, "Expect:");  // no 100-continue round trip on POST/PUT
    handle_->header_values = request.headers;
  }
  curl_slist* headers = handle_->headers;

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  if (request.method == "GET") {
    // Lists can be long: ask for them compressed. Not for writes, whose answers are a few bytes: negotiating
    // compression for those costs more time than it saves.
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  const CURLcode code = curl_easy_perform(curl);
  // Nothing of this call may outlive it in the handle, which keeps the connection for the next request.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
  long opened = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
  connections_ += opened;

  if (code != CURLE_OK) {
    if (collected.too_large) return TransportError{NetworkFailure::other, "the response was larger than 32 MiB"};
    std::string reason = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
    return TransportError{classify(code), reason};
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &collected.response.status);
  return std::move(collected.response);
}

CurlRuntime::CurlRuntime() { curl_global_init(CURL_GLOBAL_DEFAULT); }
CurlRuntime::~CurlRuntime() { curl_global_cleanup(); }

}  // namespace eatos::sevenshifts
