// The mock host's web dashboard: the Integrations section in a browser (static front end in src/web/static/)
// and the JSON API behind it, served on cpp-httplib.
//
//   GET  /api/session                              who is signed in, and the CSRF token (opens a session)
//   POST /api/sign-in {"name","password"}          signs in (throttled)
//   POST /api/sign-out
//   GET  /api/integrations                         the Integrations section for the restaurant
//   GET  /api/integrations/{id}                    one integration: state, details, options and their forms
//   GET  /api/integrations/{id}/icon               its icon, from the manifests directory
//   POST /api/integrations/{id}/actions/{action}   {"fields":{...},"secrets":{...}} → runs the action
//
// Every API call goes through the same IntegrationsSection as the CLI (one implementation of each rule). POSTs
// need the session's X-CSRF-Token, a JSON body and a same-origin Origin (when sent). Responses carry a strict
// Content-Security-Policy and never a secret; request bodies are never logged.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "eatos/sdk/status.hpp"
#include "integrations/integrations_section.hpp"
#include "loader/host_context.hpp"
#include "web/web_sessions.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace eatos::host {

struct DashboardOptions {
  std::string address = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::string restaurant = "default";
  std::filesystem::path web_dir;        // index.html, app.js, app.css
  std::filesystem::path manifests_dir;  // for icons
};

/// "127.0.0.1:8080" → address and port. Only loopback addresses are accepted: the dashboard has no TLS.
sdk::Status parse_listen_address(const std::string& text, DashboardOptions& options);

class DashboardServer {
 public:
  DashboardServer(IntegrationsSection& section, HostContext& host, const Registry& registry, DashboardOptions options);
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;
  ~DashboardServer();

  /// Binds the listening socket; the port actually bound (useful with port 0).
  sdk::Result<int> bind();
  /// Serves until stop() is called (from another thread or a signal handler thread).
  void serve();
  /// bind() + serve() on a background thread (tests).
  sdk::Result<int> start_in_background();
  void stop();

 private:
  void routes();
  void send_file(httplib::Response& response, const std::filesystem::path& file) const;
  std::optional<WebSession> session_of(const httplib::Request& request);
  /// The signed-in session, or null after answering 401.
  std::optional<WebSession> signed_in(const httplib::Request& request, httplib::Response& response);
  /// The session of a valid POST (CSRF token, JSON body, same origin), or null after answering 403/415.
  std::optional<WebSession> checked_post(const httplib::Request& request, httplib::Response& response);

  IntegrationsSection& section_;
  HostContext& host_;
  const Registry& registry_;
  DashboardOptions options_;
  WebSessions sessions_;
  SignInThrottle throttle_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace eatos::host
