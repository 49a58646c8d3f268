// The 7shifts resources this plugin reads, as typed structs converted with Boost.JSON value_to/value_from.
// Conversions throw on a malformed document; the client turns that into a Status (never a crash).
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eatos::sevenshifts {

/// GET /v2/whoami → data
struct WhoAmIUser {
  std::int64_t id = 0;
  std::int64_t company_id = 0;
};
struct WhoAmI {
  std::int64_t identity_id = 0;
  std::vector<WhoAmIUser> users;
};

/// GET /v2/companies → data[]
struct Company {
  std::int64_t id = 0;
  std::string name;
};

/// GET /v2/company/{id}/locations → data[]
struct Location {
  std::int64_t id = 0;
  std::string name;
  std::string timezone;  // IANA, e.g. "America/Regina"; empty when 7shifts sent none
  bool deleted = false;
};

/// The keyset cursor of a page: `next` is absent on the last page (null, missing, or no `meta` at all).
struct PageCursor {
  std::optional<std::string> next;
};

WhoAmIUser tag_invoke(boost::json::value_to_tag<WhoAmIUser>, const boost::json::value& value);
WhoAmI tag_invoke(boost::json::value_to_tag<WhoAmI>, const boost::json::value& value);
Company tag_invoke(boost::json::value_to_tag<Company>, const boost::json::value& value);
Location tag_invoke(boost::json::value_to_tag<Location>, const boost::json::value& value);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Location& location);
void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Company& company);

/// The cursor of a list response (tolerates a missing `meta`, a null `current`, a null `next`).
PageCursor page_cursor(const boost::json::value& document);

}  // namespace eatos::sevenshifts
