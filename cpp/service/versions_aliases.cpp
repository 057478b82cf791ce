// PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion and the
// alias operations.
#include <algorithm>
#include <set>

#include "service/errors.h"
#include "service/lookup.h"
#include "service/operations.h"
#include "service/pagination.h"
#include "service/versions.h"

namespace sfn::service {

const Version& publish_version(StateMachineRecord& machine, std::optional<std::string> description,
                               std::int64_t now_ms) {
  // A version of the current revision is reused unless the request describes it differently:
  // AWS published a new version for an unchanged revision given another versionDescription
  // (docs/semantics/api-moto-findings.md).
  for (auto& [number, version] : machine.versions) {
    if (version.revision == machine.current && (!description || version.description == description))
      return version;
  }
  Version v;
  v.number = machine.next_version++;
  v.arn = machine.arn + ":" + std::to_string(v.number);
  v.revision = machine.current;
  v.description = std::move(description);
  v.creation_ms = now_ms;
  return machine.versions.emplace(v.number, std::move(v)).first->second;
}

std::vector<std::string> aliases_referencing(const StateMachineRecord& machine,
                                             const std::string& version_arn) {
  std::vector<std::string> names;
  for (const Alias& alias : machine.aliases) {
    for (const Route& route : alias.routing) {
      if (route.version_arn == version_arn) {
        names.push_back(alias.name);
        break;
      }
    }
  }
  return names;
}

ServiceError version_in_use(const std::vector<std::string>& alias_names) {
  std::string list;
  for (const auto& name : alias_names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return make_error("ConflictException",
                    "Version to be deleted must not be referenced by an alias. Current list of "
                    "aliases referencing this version: [" +
                        list + "]");
}

namespace {

// An unqualified state machine ARN naming an existing state machine.
Expected<StateMachineRecord*, ServiceError> find_base(Registry& registry, const std::string& arn) {
  auto parsed = parse_typed_arn(arn, "stateMachine");
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed->parts.size() != 1) return invalid_arn(arn);
  auto it = registry.state_machines.find(arn);
  if (it == registry.state_machines.end()) return state_machine_does_not_exist(arn);
  return &it->second;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  return out + "]";
}

// The routing configuration after the front end's checks: distinct version ARNs of one state
// machine whose weights add up to 100.
Expected<std::vector<Route>, ServiceError> read_routing(Registry& registry, const Json& list,
                                                        StateMachineRecord** machine_out) {
  std::vector<Route> routes;
  std::vector<std::string> arns;
  std::vector<std::string> weights;
  for (const auto& item : list) {
    Route r;
    if (item.is_object()) {
      r.version_arn = item.value("stateMachineVersionArn", "");
      if (auto w = item.find("weight"); w != item.end() && w->is_number()) {
        r.weight = w->get<std::int64_t>();
      }
    }
    arns.push_back(r.version_arn);
    weights.push_back(std::to_string(r.weight));
    routes.push_back(std::move(r));
  }
  std::set<std::string> distinct(arns.begin(), arns.end());
  if (distinct.size() != arns.size()) {
    return validation_message(
        "Routing configuration must contain distinct state machine version ARNs. Received: " +
            joined(arns),
        "INVALID_ROUTING_CONFIGURATION");
  }
  StateMachineRecord* machine = nullptr;
  for (const Route& r : routes) {
    auto parsed = parse_arn(r.version_arn);
    if (!parsed.ok()) return std::move(parsed).error();
    if (parsed->type != "stateMachine" || parsed->parts.size() != 2 ||
        !is_version_number(parsed->parts[1])) {
      return validation_message(
          "Routing configuration must contain state machine version ARNs. Received: " +
              joined(arns),
          "INVALID_ROUTING_CONFIGURATION");
    }
  }
  std::int64_t sum = 0;
  for (const Route& r : routes) sum += r.weight;
  if (sum != 100) {
    return validation_message(
        "Sum of routing configuration weights must equal 100. Received: " + joined(weights),
        "INVALID_ROUTING_CONFIGURATION");
  }
  for (const Route& r : routes) {
    auto parsed = parse_arn(r.version_arn);
    std::string base = unqualified(*parsed);
    auto it = registry.state_machines.find(base);
    if (it == registry.state_machines.end()) return state_machine_does_not_exist(base);
    if (machine && machine != &it->second) {
      return validation_message(
          "Routing configuration must contain state machine version ARNs of the same state "
          "machine. Received: " +
              joined(arns),
          "INVALID_ROUTING_CONFIGURATION");
    }
    machine = &it->second;
    if (!machine->versions.contains(std::stoll(parsed->parts[1]))) {
      return resource_not_found(r.version_arn);
    }
  }
  *machine_out = machine;
  return routes;
}

bool same_routing(const std::vector<Route>& a, const std::vector<Route>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const Route& x, const Route& y) {
           return x.version_arn == y.version_arn && x.weight == y.weight;
         });
}

Json routing_json(const std::vector<Route>& routes) {
  Json out = Json::array();
  for (const Route& r : routes) {
    out.push_back(Json{{"stateMachineVersionArn", r.version_arn}, {"weight", r.weight}});
  }
  return out;
}

struct AliasRef {
  StateMachineRecord* machine = nullptr;
  Alias* alias = nullptr;
};

Expected<AliasRef, ServiceError> find_alias(Registry& registry, const std::string& arn) {
  auto parsed = parse_typed_arn(arn, "stateMachine");
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed->parts.size() != 2 || is_version_number(parsed->parts[1])) return invalid_arn(arn);
  // Recorded (test_sfn_api_aliasing.py::test_update_no_such_alias_arn): an alias that is not
  // there is a ResourceNotFound that does not name it.
  auto it = registry.state_machines.find(unqualified(*parsed));
  if (it == registry.state_machines.end()) return resource_does_not_exist();
  for (Alias& alias : it->second.aliases) {
    if (alias.name == parsed->parts[1]) return AliasRef{&it->second, &alias};
  }
  return resource_does_not_exist();
}

std::optional<std::string> optional_string(const Json& request, const char* name) {
  const std::string* s = get_string(request, name);
  return s ? std::optional<std::string>(*s) : std::nullopt;
}

}  // namespace

Response publish_state_machine_version(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineArn");
  std::unique_lock lock(core.registry.mutex);
  auto parsed = parse_typed_arn(arn, "stateMachine");
  if (!parsed.ok()) return std::move(parsed).error();
  auto it = core.registry.state_machines.find(arn);
  if (parsed->parts.size() != 1 || it == core.registry.state_machines.end()) {
    return state_machine_does_not_exist(arn);
  }
  StateMachineRecord& machine = it->second;
  if (const std::string* revision = get_string(request, "revisionId")) {
    if (*revision != machine.current->revision_id) {
      return make_error("ConflictException",
                        "Failed to publish the State Machine version for revision " + *revision +
                            ". The current State Machine revision is " +
                            machine.current->revision_id + ".");
    }
  }
  const Version& v =
      publish_version(machine, optional_string(request, "description"), core.now_ms());
  return Json{{"creationDate", timestamp(v.creation_ms)}, {"stateMachineVersionArn", v.arn}};
}

Response list_state_machine_versions(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineArn");
  std::shared_lock lock(core.registry.mutex);
  auto machine = find_base(core.registry, arn);
  if (!machine.ok()) return std::move(machine).error();
  std::vector<const Version*> versions;  // newest first
  for (auto v = (*machine)->versions.rbegin(); v != (*machine)->versions.rend(); ++v) {
    versions.push_back(&v->second);
  }
  std::vector<std::string> keys;
  for (const Version* v : versions)
    keys.push_back(numeric_key(static_cast<std::uint64_t>(v->number), true));
  auto page = paginate(keys, request, "ListStateMachineVersions:" + arn);
  if (!page.ok()) return std::move(page).error();
  Json items = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    items.push_back(Json{{"stateMachineVersionArn", versions[i]->arn},
                         {"creationDate", timestamp(versions[i]->creation_ms)}});
  }
  Json out = Json{{"stateMachineVersions", std::move(items)}};
  if (page->next_token) out["nextToken"] = *page->next_token;
  return out;
}

Response delete_state_machine_version(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineVersionArn");
  auto parsed = parse_typed_arn(arn, "stateMachine");
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed->parts.size() != 2 || !is_version_number(parsed->parts[1])) {
    return invalid_arn(arn);
  }
  std::unique_lock lock(core.registry.mutex);
  auto it = core.registry.state_machines.find(unqualified(*parsed));
  if (it == core.registry.state_machines.end()) return Json::object();
  auto referencing = aliases_referencing(it->second, arn);
  if (!referencing.empty()) return version_in_use(referencing);
  it->second.versions.erase(std::stoll(parsed->parts[1]));
  return Json::object();
}

Response create_state_machine_alias(Core& core, const Json& request, const CallContext&) {
  const std::string& name = *get_string(request, "name");
  std::unique_lock lock(core.registry.mutex);
  StateMachineRecord* machine = nullptr;
  auto routes = read_routing(core.registry, request["routingConfiguration"], &machine);
  if (!routes.ok()) return std::move(routes).error();
  auto description = optional_string(request, "description");
  for (const Alias& alias : machine->aliases) {
    if (alias.name != name) continue;
    if (same_routing(alias.routing, *routes) && alias.description == description) {
      return Json{{"stateMachineAliasArn", alias.arn},
                  {"creationDate", timestamp(alias.creation_ms)}};
    }
    return make_error("ConflictException",
                      "Failed to create alias because an alias with the same name and a "
                      "different routing configuration already exists.");
  }
  Alias alias;
  alias.name = name;
  alias.arn = machine->arn + ":" + name;
  alias.description = std::move(description);
  alias.routing = std::move(routes.value());
  alias.creation_ms = alias.update_ms = core.now_ms();
  machine->aliases.push_back(std::move(alias));
  const Alias& stored = machine->aliases.back();
  return Json{{"stateMachineAliasArn", stored.arn},
              {"creationDate", timestamp(stored.creation_ms)}};
}

Response describe_state_machine_alias(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineAliasArn");
  std::shared_lock lock(core.registry.mutex);
  auto ref = find_alias(core.registry, arn);
  if (!ref.ok()) return std::move(ref).error();
  const Alias& alias = *ref->alias;
  Json out = Json::object();
  out["stateMachineAliasArn"] = alias.arn;
  out["name"] = alias.name;
  if (alias.description) out["description"] = *alias.description;
  out["routingConfiguration"] = routing_json(alias.routing);
  out["creationDate"] = timestamp(alias.creation_ms);
  out["updateDate"] = timestamp(alias.update_ms);
  return out;
}

Response update_state_machine_alias(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineAliasArn");
  bool has_routing =
      request.contains("routingConfiguration") && request["routingConfiguration"].is_array();
  auto description = optional_string(request, "description");
  if (!has_routing && !description) {
    return make_error("MissingRequiredParameter",
                      "Either the description or the RoutingConfiguration must be specified");
  }
  std::unique_lock lock(core.registry.mutex);
  auto ref = find_alias(core.registry, arn);
  if (!ref.ok()) return std::move(ref).error();
  std::vector<Route> routes;
  if (has_routing) {
    StateMachineRecord* machine = nullptr;
    auto read = read_routing(core.registry, request["routingConfiguration"], &machine);
    if (!read.ok()) return std::move(read).error();
    if (machine != ref->machine) {
      return validation_message(
          "Routing configuration must contain state machine version ARNs of the alias's state "
          "machine.",
          "INVALID_ROUTING_CONFIGURATION");
    }
    routes = std::move(read.value());
  }
  Alias& alias = *ref->alias;
  if (has_routing) alias.routing = std::move(routes);
  if (description) alias.description = std::move(description);
  alias.update_ms = core.now_ms();
  return Json{{"updateDate", timestamp(alias.update_ms)}};
}

Response delete_state_machine_alias(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineAliasArn");
  auto parsed = parse_typed_arn(arn, "stateMachine");
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed->parts.size() != 2 || is_version_number(parsed->parts[1])) return invalid_arn(arn);
  std::unique_lock lock(core.registry.mutex);
  auto it = core.registry.state_machines.find(unqualified(*parsed));
  if (it != core.registry.state_machines.end()) {
    std::erase_if(it->second.aliases, [&](const Alias& a) { return a.name == parsed->parts[1]; });
  }
  return Json::object();
}

Response list_state_machine_aliases(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "stateMachineArn");
  std::shared_lock lock(core.registry.mutex);
  auto machine = find_base(core.registry, arn);
  if (!machine.ok()) return std::move(machine).error();
  const auto& aliases = (*machine)->aliases;  // creation order
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    keys.push_back(numeric_key(static_cast<std::uint64_t>(aliases[i].creation_ms)) +
                   aliases[i].name);
  }
  std::vector<std::size_t> order(aliases.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
  std::vector<std::string> sorted;
  for (auto i : order) sorted.push_back(keys[i]);
  auto page = paginate(sorted, request, "ListStateMachineAliases:" + arn);
  if (!page.ok()) return std::move(page).error();
  Json items = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const Alias& a = aliases[order[i]];
    items.push_back(
        Json{{"stateMachineAliasArn", a.arn}, {"creationDate", timestamp(a.creation_ms)}});
  }
  Json out = Json{{"stateMachineAliases", std::move(items)}};
  if (page->next_token) out["nextToken"] = *page->next_token;
  return out;
}

}  // namespace sfn::service
