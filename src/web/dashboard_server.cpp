#include "web/dashboard_server.hpp"

#include <arpa/inet.h>
#include <httplib.h>

#include <sodium.h>
#include <boost/json.hpp>
#include <fstream>

#include <sstream>

#include "cli/render.hpp"
#include "storage/user_accounts.hpp"

namespace eatos::host {
namespace {

namespace json = boost::json;

constexpr const char* session_cookie = "eatos_session";
constexpr std::size_t max_body_bytes = std::size_t{64} * 1024;

/// The HTTP status for a failure code. invalid_auth means the *remote service* refused credentials (422), not that
/// the browser must sign in (401).
int http_status(sdk::Code code) {
  switch (code) {
    case sdk::Code::ok: return 200;
    case sdk::Code::invalid_argument: return 400;
    case sdk::Code::invalid_auth: return 422;
    case sdk::Code::permission_denied: return 403;
    case sdk::Code::not_found: return 404;
    case sdk::Code::conflict: return 409;
    case sdk::Code::unavailable:
    case sdk::Code::rate_limited: return 503;
    case sdk::Code::internal: return 500;
  }
  return 500;
}

void send_json(httplib::Response& response, int status, const json::value& body) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(json::serialize(body), "application/json");
}

void send_error(httplib::Response& response, const sdk::Status& status) {
  send_json(response, http_status(status.code()), error_json(status));
}

void send_error(httplib::Response& response, int http, sdk::Code code, const std::string& message) {
  send_json(response, http, error_json(sdk::Status(code, message)));
}

std::string cookie_value(const httplib::Request& request, const std::string& name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    const auto end = std::min(header.find(';', at), header.size());
    std::string_view pair(header.data() + at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
    at = end + 1;
  }
  return {};
}

void set_session_cookie(httplib::Response& response, const std::string& id) {
  response.set_header("Set-Cookie", std::string(session_cookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
}

json::object session_json(const WebSession& session, const std::string& restaurant) {
  json::value user = nullptr;
  if (session.user) user = json::object{{"name", *session.user}, {"role", sdk::to_string(session.role)}};
  return {{"user", std::move(user)}, {"csrf", session.csrf}, {"restaurant", restaurant}};
}

std::string content_type_for(const std::filesystem::path& file) {
  const auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  return "application/octet-stream";
}

}  // namespace

sdk::Status parse_listen_address(const std::string& text, DashboardOptions& options) {
  const auto colon = text.rfind(':');
  const auto refuse = [&](const std::string& why) {
    return sdk::Status(sdk::Code::invalid_argument, "--listen " + text + ": " + why, "listen address refused");
  };
  if (colon == std::string::npos) return refuse("expected ADDRESS:PORT, e.g. 127.0.0.1:8080");
  const std::string address = text.substr(0, colon);
  int port = -1;
  try {
    std::size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) return refuse("the port must be a number from 0 to 65535");
  in_addr v4{};
  const bool loopback = address == "localhost" || address == "::1" ||
                        (::inet_pton(AF_INET, address.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24U) == 127U);
  if (!loopback) return refuse("the dashboard serves plain HTTP, so it listens on loopback only (127.0.0.1)");
  options.address = address == "localhost" ? "127.0.0.1" : address;
  options.port = port;
  return {};
}

DashboardServer::DashboardServer(IntegrationsSection& section, HostContext& host, const Registry& registry,
                                 DashboardOptions options)
    : section_(section),
      host_(host),
      registry_(registry),
      options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
  routes();
}

DashboardServer::~DashboardServer() { stop(); }

void DashboardServer::send_file(httplib::Response& response, const std::filesystem::path& file) const {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    send_error(response, 404, sdk::Code::not_found, "Not found.");
    return;
  }
  std::ostringstream content;
  content << in.rdbuf();
  response.set_content(content.str(), content_type_for(file));
}

std::optional<WebSession> DashboardServer::session_of(const httplib::Request& request) {
  const std::string id = cookie_value(request, session_cookie);
  return id.empty() ? std::nullopt : sessions_.find(id);
}

std::optional<WebSession> DashboardServer::signed_in(const httplib::Request& request, httplib::Response& response) {
  auto session = session_of(request);
  if (!session || !session->user) {
    send_error(response, 401, sdk::Code::permission_denied, "Sign in first.");
    return std::nullopt;
  }
  return session;
}

std::optional<WebSession> DashboardServer::checked_post(const httplib::Request& request, httplib::Response& response) {
  const std::string origin = request.get_header_value("Origin");
  if (!origin.empty() && origin != "http://" + request.get_header_value("Host")) {
    send_error(response, 403, sdk::Code::permission_denied, "Cross-site requests are refused.");
    return std::nullopt;
  }
  if (request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    send_error(response, 415, sdk::Code::invalid_argument, "Send JSON (Content-Type: application/json).");
    return std::nullopt;
  }
  auto session = session_of(request);
  const std::string csrf = request.get_header_value("X-CSRF-Token");
  if (!session || csrf.empty() ||
      sodium_memcmp(csrf.data(), session->csrf.data(), std::min(csrf.size(), session->csrf.size())) != 0 ||
      csrf.size() != session->csrf.size()) {
    send_error(response, 403, sdk::Code::permission_denied, "The page is out of date: reload it and try again.");
    return std::nullopt;
  }
  return session;
}

void DashboardServer::routes() {
  auto& server = *server_;
  server.set_payload_max_length(max_body_bytes);
  server.set_tcp_nodelay(true);  // headers and body are separate writes: no Nagle delay between them
  server.set_post_routing_handler([](const httplib::Request& /*request*/, httplib::Response& response) {
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("X-Frame-Options", "DENY");
  });
  // Method, path and status only: request bodies can carry passwords and tokens.
  server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    host_.log().write("web", sdk::LogLevel::debug,
                      request.method + " " + request.path + " " + std::to_string(response.status));
  });

  for (const char* page : {"/", "/index.html"}) {
    server.Get(page, [this](const httplib::Request&, httplib::Response& response) {
      send_file(response, options_.web_dir / "index.html");
    });
  }
  for (const char* asset : {"app.js", "app.css", "favicon.svg"}) {
    server.Get(std::string("/") + asset, [this, asset](const httplib::Request&, httplib::Response& response) {
      send_file(response, options_.web_dir / asset);
    });
  }

  server.Get("/api/session", [this](const httplib::Request& request, httplib::Response& response) {
    auto session = session_of(request);
    if (!session) {
      session = sessions_.open();
      set_session_cookie(response, session->id);
    }
    send_json(response, 200, session_json(*session, options_.restaurant));
  });

  server.Post("/api/sign-in", [this](const httplib::Request& request, httplib::Response& response) {
    auto session = checked_post(request, response);
    if (!session) return;
    boost::system::error_code error;
    const json::value body = json::parse(request.body, error);
    const json::object* fields = error ? nullptr : body.if_object();
    const json::value* name = fields != nullptr ? fields->if_contains("name") : nullptr;
    const json::value* password = fields != nullptr ? fields->if_contains("password") : nullptr;
    if (name == nullptr || !name->is_string() || password == nullptr || !password->is_string()) {
      send_error(response, 400, sdk::Code::invalid_argument, "Enter a user name and a password.");
      return;
    }
    const std::string user(name->get_string());
    if (const auto wait = throttle_.wait_for(user, request.remote_addr); wait.count() > 0) {
      response.set_header("Retry-After", std::to_string(wait.count()));
      send_error(response, 429, sdk::Code::rate_limited,
                 "Too many failed sign-ins: try again in " + std::to_string((wait.count() + 59) / 60) + " minutes.");
      return;
    }
    auto store = host_.store();
    if (!store) {
      send_error(response, store.status());
      return;
    }
    auto account = UserAccounts(**store).verify(user, sdk::Secret(std::string(password->get_string())));
    if (!account) {
      throttle_.failed(user, request.remote_addr);
      host_.log().write("web", sdk::LogLevel::warning,
                        "sign-in refused for '" + user + "' from " + request.remote_addr);
      send_json(response, 401, error_json(account.status()));
      return;
    }
    throttle_.succeeded(user);
    const auto signed_in_session = sessions_.sign_in(session->id, account->name, account->role);
    set_session_cookie(response, signed_in_session.id);
    host_.log().write("web", sdk::LogLevel::info, "signed in: " + account->name);
    send_json(response, 200, session_json(signed_in_session, options_.restaurant));
  });

  server.Post("/api/sign-out", [this](const httplib::Request& request, httplib::Response& response) {
    auto session = checked_post(request, response);
    if (!session) return;
    sessions_.close(session->id);
    const auto fresh = sessions_.open();
    set_session_cookie(response, fresh.id);
    send_json(response, 200, session_json(fresh, options_.restaurant));
  });

  server.Get("/api/integrations", [this](const httplib::Request& request, httplib::Response& response) {
    auto session = signed_in(request, response);
    if (!session) return;
    auto views = section_.list(options_.restaurant, {*session->user, session->role});
    if (!views) {
      send_error(response, views.status());
      return;
    }
    send_json(response, 200, integration_list_json(options_.restaurant, *views));
  });

  server.Get(R"(/api/integrations/([a-z0-9-]+))", [this](const httplib::Request& request, httplib::Response& response) {
    auto session = signed_in(request, response);
    if (!session) return;
    auto view = section_.show(options_.restaurant, {*session->user, session->role}, request.matches[1].str());
    if (!view) {
      send_error(response, view.status());
      return;
    }
    std::string clash;
    auto body = integration_json(options_.restaurant, *view, clash);
    body["can_manage"] = view->manifest->permits(session->role);
    send_json(response, 200, body);
  });

  server.Get(R"(/api/integrations/([a-z0-9-]+)/icon)",
             [this](const httplib::Request& request, httplib::Response& response) {
               for (const auto& record : registry_.records()) {
                 if (record.is_loaded() && record.manifest->id == request.matches[1].str()) {
                   send_file(response, options_.manifests_dir / record.manifest->icon);
                   response.set_header("Cache-Control", "max-age=3600");
                   return;
                 }
               }
               send_error(response, 404, sdk::Code::not_found, "No such integration.");
             });

  server.Post(R"(/api/integrations/([a-z0-9-]+)/actions/([a-z0-9-]+))", [this](const httplib::Request& request,
                                                                               httplib::Response& response) {
    auto session = checked_post(request, response);
    if (!session) return;
    if (!session->user) {
      send_error(response, 401, sdk::Code::permission_denied, "Sign in first.");
      return;
    }
    boost::system::error_code error;
    const json::value body = json::parse(request.body.empty() ? std::string("{}") : request.body, error);
    if (error || !body.is_object()) {
      send_error(response, 400, sdk::Code::invalid_argument, "The request body must be a JSON object.");
      return;
    }
    sdk::FormValues values;
    for (const char* part : {"fields", "secrets"}) {
      const auto* group = body.get_object().if_contains(part);
      if (group == nullptr) continue;
      if (!group->is_object()) {
        send_error(response, 400, sdk::Code::invalid_argument, std::string("'") + part + "' must be an object.");
        return;
      }
      for (const auto& [name, value] : group->get_object()) {
        if (!value.is_string()) {
          send_error(response, 400, sdk::Code::invalid_argument, "Form values must be strings.");
          return;
        }
        if (std::string_view(part) == "fields") {
          values.fields[std::string(name)] = std::string(value.get_string());
        } else {
          values.secrets.emplace(std::string(name), sdk::Secret(std::string(value.get_string())));
        }
      }
    }
    const sdk::Actor actor{*session->user, session->role};
    const std::string id = request.matches[1].str();
    const std::string action = request.matches[2].str();
    auto outcome = section_.run(options_.restaurant, actor, id, action, std::move(values));
    if (!outcome) {
      send_error(response, outcome.status());
      return;
    }
    auto view = section_.show(options_.restaurant, actor, id);
    send_json(response, 200,
              json::object{{"ok", true},
                           {"message", outcome->message},
                           {"state", view ? json::value(sdk::to_string(view->status.state)) : json::value(nullptr)}});
  });
}

sdk::Result<int> DashboardServer::bind() {
  const int port = options_.port == 0 ? server_->bind_to_any_port(options_.address)
                                      : (server_->bind_to_port(options_.address, options_.port) ? options_.port : -1);
  if (port <= 0) {
    return sdk::Status(
        sdk::Code::unavailable,
        "Cannot listen on " + options_.address + ":" + std::to_string(options_.port) + " (in use, or not allowed).",
        "bind failed");
  }
  return port;
}

void DashboardServer::serve() { server_->listen_after_bind(); }

sdk::Result<int> DashboardServer::start_in_background() {
  auto port = bind();
  if (!port) return port;
  thread_ = std::thread([this] { serve(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port;
}

void DashboardServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace eatos::host
