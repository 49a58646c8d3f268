#include "api/api_url.hpp"

#include <boost/url/parse.hpp>
#include <cstdlib>

namespace eatos::sevenshifts {
namespace {

/// localhost, ::1, or an IPv4 address in 127.0.0.0/8 (a name that merely starts with "127." is not).
bool has_loopback_host(const boost::urls::url_view& url) {
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4: return url.host_ipv4_address().is_loopback();
    case boost::urls::host_type::ipv6: return url.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name: return url.host() == "localhost";
    default: return false;
  }
}

sdk::Status refused(std::string_view text, const std::string& why) {
  return {sdk::Code::invalid_argument,
          std::string(api_url_variable) + " is not usable (" + why + "): got '" + std::string(text) +
              "'. Use https://host, or http:// only for 127.0.0.1, ::1 or localhost.",
          "api url refused"};
}

}  // namespace

sdk::Result<ApiUrl> ApiUrl::parse(std::string_view text) {
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return refused(text, "not a URL");
  const boost::urls::url_view& url = *parsed;
  const std::string scheme(url.scheme());
  if (scheme != "https" && scheme != "http") return refused(text, "only https is allowed");
  if (url.host().empty()) return refused(text, "no host");
  if (scheme == "http" && !has_loopback_host(url)) return refused(text, "plain http to a non-loopback host");
  if (url.has_userinfo() || url.has_query() || url.has_fragment()) {
    return refused(text, "no user, query or fragment allowed");
  }
  std::string base = scheme + "://" + std::string(url.encoded_host_and_port()) + std::string(url.encoded_path());
  while (!base.empty() && base.back() == '/') base.pop_back();
  return ApiUrl(std::move(base), has_loopback_host(url));
}

sdk::Result<ApiUrl> ApiUrl::from_environment() {
  const char* value = std::getenv(api_url_variable);
  return parse(value != nullptr && *value != '\0' ? value : default_api_url);
}

}  // namespace eatos::sevenshifts
