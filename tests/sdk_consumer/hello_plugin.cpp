// The smallest complete eatOS integration plugin: the template to start from.
//
// It shows the whole contract: an entry in the Integrations section, a form, actions offered per state, storage
// scoped to the restaurant, a secret kept by the host, and the EATOS_PLUGIN entry point.
#include <eatos/sdk/sdk.hpp>
#include <memory>

namespace {

using namespace eatos::sdk;

class HelloIntegration final : public Integration {
 public:
  explicit HelloIntegration(HostServices& host) : host_(host) {}

  Result<Descriptor> describe() const override {
    Descriptor descriptor;
    descriptor.entry = {"hello", "Hello", "Examples", "Greets the restaurant. A template for new integrations."};
    descriptor.forms = {{"setup",
                         "Set up Hello",
                         {{"greeting", "Greeting", FieldType::text, true, "What to say.", {}},
                          {"api_key", "API key", FieldType::secret, true, "Any value; kept encrypted.", {}}},
                         "Connect"}};
    descriptor.actions = {
        {"install", "Install App", "Set up Hello.", "setup", {InstallationState::not_installed}, false},
        {"remove", "Remove", "Erase everything Hello stored.", "", {InstallationState::connected}, true}};
    return descriptor;
  }

  Result<InstallationStatus> status(const Request& request) override {
    auto greeting = request.storage.get("greeting");
    if (!greeting) return greeting.status();
    InstallationStatus status;
    if (*greeting) {
      status.state = InstallationState::connected;
      status.summary = **greeting + ", " + request.installation_id + "!";
    }
    return status;
  }

  Result<ActionOutcome> act(ActionRequest& request) override {
    if (request.action == "remove") {
      if (auto erased = request.storage.apply(WriteBatch().erase_everything()); !erased.ok()) return erased;
      return ActionOutcome{"Hello removed."};
    }
    // install: the host has checked the role, the state and the form already.
    auto stored = request.storage.apply(WriteBatch()
                                            .put("greeting", request.values.fields.at("greeting"))
                                            .put_secret("api_key", std::move(request.values.secrets.at("api_key"))));
    if (!stored.ok()) return stored;
    host_.logger().info("hello installed for " + request.installation_id);
    return ActionOutcome{"Hello is connected."};
  }

 private:
  HostServices& host_;
};

std::unique_ptr<Integration> make_hello(HostServices& host) { return std::make_unique<HelloIntegration>(host); }

}  // namespace

EATOS_PLUGIN(make_hello)
