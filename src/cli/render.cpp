#include "cli/render.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace eatos::host {
namespace {

namespace json = boost::json;

json::value optional_text(const std::string& text) {
  if (text.empty()) return nullptr;
  // Not `return {text};`: braces would make a one-element JSON array.
  return json::value(text);  // NOLINT(modernize-return-braced-init-list)
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const auto& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

json::object form_json(const sdk::Form& form) {
  json::array fields;
  for (const auto& field : form.fields) {
    json::array choices;
    for (const auto& choice : field.choices)
      choices.push_back(json::object{{"value", choice.value}, {"label", choice.label}});
    fields.push_back(json::object{{"id", field.id},
                                  {"label", field.label},
                                  {"type", sdk::to_string(field.type)},
                                  {"required", field.required},
                                  {"help", field.help},
                                  {"choices", std::move(choices)}});
  }
  return {{"id", form.id}, {"title", form.title}, {"fields", std::move(fields)}, {"submit_label", form.submit_label}};
}

/// Rows as aligned columns.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string state_label(sdk::InstallationState state) {
  switch (state) {
    case sdk::InstallationState::not_installed: return "Not installed";
    case sdk::InstallationState::connected: return "Connected";
    case sdk::InstallationState::needs_reauth: return "Needs attention";
    case sdk::InstallationState::error: return "Error";
  }
  return "Error";
}

json::object plugins_json(const Registry& registry, const std::string& manifests_dir, const std::string& plugins_dir) {
  json::array plugins;
  for (const auto& record : registry.records()) {
    json::object plugin{{"manifest", record.manifest_file.string()}, {"loaded", record.is_loaded()}};
    if (record.manifest) {
      plugin["id"] = record.manifest->id;
      plugin["name"] = record.manifest->name;
      plugin["version"] = record.manifest->version;
      plugin["sdk"] = record.manifest->sdk.to_string();
      plugin["library"] = record.library_path.string();
    } else {
      plugin["id"] = nullptr;
      plugin["library"] = nullptr;
    }
    json::array problems;
    for (const auto& problem : record.problems) problems.emplace_back(problem);
    plugin["reason"] = record.problems.empty() ? json::value(nullptr) : json::value(join(record.problems, "; "));
    plugin["problems"] = std::move(problems);
    plugins.push_back(std::move(plugin));
  }
  json::array problems;
  for (const auto& problem : registry.problems()) problems.emplace_back(problem);
  return {{"manifests_dir", manifests_dir},
          {"plugins_dir", plugins_dir},
          {"plugins", std::move(plugins)},
          {"problems", std::move(problems)}};
}

std::string plugins_text(const Registry& registry) {
  std::string out;
  for (const auto& problem : registry.problems()) out += "problem: " + problem + "\n";
  if (registry.records().empty()) out += "No manifests found.\n";
  for (const auto& record : registry.records()) {
    out += record.manifest_file.string() + "\n";
    if (record.manifest) {
      out += "  " + record.manifest->id + " (" + record.manifest->name + " " + record.manifest->version + ", SDK " +
             record.manifest->sdk.to_string() + ")\n  library: " + record.library_path.string() + "\n";
    }
    if (record.is_loaded()) {
      out += "  loaded\n";
    } else {
      for (const auto& problem : record.problems) out += "  not loaded: " + problem + "\n";
    }
  }
  return out;
}

json::object integration_list_json(const std::string& restaurant, const std::vector<IntegrationView>& views) {
  json::array list;
  for (const auto& view : views) {
    list.push_back(json::object{{"id", view.manifest->id},
                                {"name", view.manifest->name},
                                {"category", view.manifest->category},
                                {"description", view.manifest->description},
                                {"state", sdk::to_string(view.status.state)},
                                {"summary", view.status.summary}});
  }
  return {{"restaurant", restaurant}, {"integrations", std::move(list)}};
}

std::string integration_list_text(const std::vector<IntegrationView>& views) {
  if (views.empty()) return "No integrations are available.\n";
  std::vector<std::vector<std::string>> rows{{"ID", "NAME", "CATEGORY", "STATE"}};
  for (const auto& view : views) {
    rows.push_back({view.manifest->id, view.manifest->name, view.manifest->category, state_label(view.status.state)});
  }
  return table(rows);
}

json::object integration_json(const std::string& restaurant, const IntegrationView& view, std::string& clash) {
  const auto& status = view.status;
  json::array facts;
  for (const auto& fact : status.facts) facts.push_back(json::object{{"label", fact.label}, {"value", fact.value}});
  json::array options;
  for (const auto* action : view.options) {
    const sdk::Form* form = action->form.empty() ? nullptr : view.descriptor->find_form(action->form);
    options.push_back(json::object{{"id", action->id},
                                   {"label", action->label},
                                   {"description", action->description},
                                   {"confirm", action->confirm},
                                   {"form", form != nullptr ? json::value(form_json(*form)) : json::value(nullptr)}});
  }
  json::object out{{"restaurant", restaurant},
                   {"id", view.manifest->id},
                   {"name", view.manifest->name},
                   {"category", view.manifest->category},
                   {"description", view.manifest->description},
                   {"publisher", view.manifest->publisher},
                   {"version", view.manifest->version},
                   {"icon", view.manifest->icon},
                   {"state", sdk::to_string(status.state)},
                   {"summary", status.summary},
                   {"facts", std::move(facts)},
                   {"last_error", optional_text(status.last_error)},
                   {"hint", optional_text(status.hint)},
                   {"options", std::move(options)}};

  boost::system::error_code error;
  const json::value details = json::parse(status.details_json, error);
  if (error || !details.is_object()) {
    clash = "details_json is not a JSON object";
    return out;
  }
  for (const auto& [key, value] : details.get_object()) {
    if (out.contains(key)) {
      clash = "details_json key '" + std::string(key) + "' is reserved by the host";
    } else {
      out[key] = value;
    }
  }
  return out;
}

std::string integration_text(const IntegrationView& view) {
  const auto& status = view.status;
  std::string out = view.manifest->name + " (" + view.manifest->id + ") · " + view.manifest->category + "\n" +
                    view.manifest->description + "\n\n";
  std::vector<std::vector<std::string>> rows{{"State:", state_label(status.state)}};
  if (!status.summary.empty()) rows.push_back({"", status.summary});
  for (const auto& fact : status.facts) rows.push_back({fact.label + ":", fact.value});
  if (!status.last_error.empty()) rows.push_back({"Last error:", status.last_error});
  if (!status.hint.empty()) rows.push_back({"Hint:", status.hint});
  out += table(rows);
  if (!view.options.empty()) {
    out += "\nOptions:\n";
    std::vector<std::vector<std::string>> options;
    for (const auto* action : view.options) options.push_back({"  " + action->id, action->label, action->description});
    out += table(options);
  }
  return out;
}

json::object error_json(const sdk::Status& status) {
  return {{"ok", false},
          {"error", json::object{{"code", sdk::to_string(status.code())}, {"message", status.message()}}}};
}

}  // namespace eatos::host
