#include "api/models.hpp"

#include <boost/json.hpp>

namespace eatos::sevenshifts {
namespace {

namespace json = boost::json;

std::int64_t id_of(const json::object& object, std::string_view key) {
  return object.at(key).to_number<std::int64_t>();
}

/// A string field that 7shifts may send as null or leave out.
std::string optional_text(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

WhoAmIUser tag_invoke(json::value_to_tag<WhoAmIUser> /*tag*/, const json::value& value) {
  const auto& object = value.as_object();
  return {id_of(object, "id"), id_of(object, "company_id")};
}

WhoAmI tag_invoke(json::value_to_tag<WhoAmI> /*tag*/, const json::value& value) {
  const auto& object = value.as_object();
  WhoAmI whoami;
  if (const auto* identity = object.if_contains("identity_id"); identity != nullptr && !identity->is_null()) {
    whoami.identity_id = identity->to_number<std::int64_t>();
  }
  whoami.users = json::value_to<std::vector<WhoAmIUser>>(object.at("users"));
  return whoami;
}

Company tag_invoke(json::value_to_tag<Company> /*tag*/, const json::value& value) {
  const auto& object = value.as_object();
  return {id_of(object, "id"), optional_text(object, "name")};
}

Location tag_invoke(json::value_to_tag<Location> /*tag*/, const json::value& value) {
  const auto& object = value.as_object();
  Location location{id_of(object, "id"), optional_text(object, "name"), optional_text(object, "timezone"), false};
  if (const auto* deleted = object.if_contains("deleted"); deleted != nullptr && deleted->is_bool()) {
    location.deleted = deleted->get_bool();
  }
  return location;
}

void tag_invoke(json::value_from_tag /*tag*/, json::value& out, const Location& location) {
  out = {{"id", location.id}, {"name", location.name}, {"timezone", location.timezone}};
}

void tag_invoke(json::value_from_tag /*tag*/, json::value& out, const Company& company) {
  out = {{"id", company.id}, {"name", company.name}};
}

PageCursor page_cursor(const json::value& document) {
  const auto* meta = document.as_object().if_contains("meta");
  if (meta == nullptr || !meta->is_object()) return {};
  const auto* cursor = meta->get_object().if_contains("cursor");
  if (cursor == nullptr || !cursor->is_object()) return {};
  const auto* next = cursor->get_object().if_contains("next");
  if (next == nullptr || !next->is_string() || next->get_string().empty()) return {};
  return {std::string(next->get_string())};
}

}  // namespace eatos::sevenshifts
