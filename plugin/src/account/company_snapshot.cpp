#include "account/company_snapshot.hpp"

#include <algorithm>

namespace eatos::sevenshifts {
namespace {

sdk::Status unexpected(const std::string& what) {
  return {sdk::Code::unavailable, "7shifts sent a response this app does not understand; try again later.",
          "unexpected response: " + what};
}

}  // namespace

sdk::Result<CompanySnapshot> fetch_company(SevenShiftsClient& client) {
  auto whoami = client.whoami();
  if (!whoami) return whoami.status();
  if (whoami->users.empty()) return unexpected("whoami lists no user, so the token's company is unknown");
  const auto company_id = whoami->users.front().company_id;

  auto companies = client.companies();
  if (!companies) return companies.status();
  const auto company = std::find_if(companies->begin(), companies->end(),
                                    [&](const Company& candidate) { return candidate.id == company_id; });
  if (company == companies->end()) {
    return unexpected("company " + std::to_string(company_id) + " from whoami is not among /v2/companies");
  }

  auto locations = client.locations(company_id);
  if (!locations) return locations.status();
  std::erase_if(*locations, [](const Location& location) { return location.deleted; });
  return CompanySnapshot{*company, std::move(*locations)};
}

}  // namespace eatos::sevenshifts
