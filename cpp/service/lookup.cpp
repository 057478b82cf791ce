#include "service/lookup.h"

#include <shared_mutex>

#include "service/errors.h"

namespace sfn::service {

Expected<Arn, ServiceError> parse_typed_arn(const std::string& text, std::string_view type) {
  auto arn = parse_arn(text);
  if (!arn.ok()) return std::move(arn).error();
  if (arn->type != type) return resource_type_not_valid(arn->type);
  return std::move(arn.value());
}

bool names_map_state(const Arn& state_machine) {
  return !state_machine.parts.empty() && state_machine.parts[0].find('/') != std::string::npos;
}

Expected<MachineRef, ServiceError> find_machine(Registry& registry, const std::string& text) {
  auto arn = parse_typed_arn(text, "stateMachine");
  if (!arn.ok()) return std::move(arn).error();
  if (arn->parts.size() > 2) return invalid_arn(text);
  auto it = registry.state_machines.find(unqualified(*arn));
  if (it == registry.state_machines.end()) return state_machine_does_not_exist(text);
  MachineRef ref;
  ref.machine = &it->second;
  if (arn->parts.size() == 2) {
    const std::string& qualifier = arn->parts[1];
    if (is_version_number(qualifier)) {
      auto v = ref.machine->versions.find(std::stoll(qualifier));
      if (v == ref.machine->versions.end()) return state_machine_does_not_exist(text);
      ref.version = &v->second;
    } else {
      for (auto& alias : ref.machine->aliases) {
        if (alias.name == qualifier) ref.alias = &alias;
      }
      if (!ref.alias) return state_machine_does_not_exist(text);
    }
  }
  return ref;
}

Expected<ExecutionPtr, ServiceError> find_execution(const Registry& registry,
                                                    const std::string& text) {
  auto arn = parse_arn(text);
  if (!arn.ok()) return std::move(arn).error();
  if (arn->type != "execution") return resource_type_not_valid(arn->type);
  auto it = registry.executions.find(text);
  if (it == registry.executions.end()) return execution_does_not_exist(text);
  return it->second;
}

Expected<ExecutionRef, ServiceError> find_any_execution(const Registry& registry,
                                                        const std::string& text) {
  auto found = find_execution(registry, text);
  if (found.ok()) return ExecutionRef{std::move(found.value()), std::nullopt};
  auto child = registry.child_executions.find(text);
  if (child != registry.child_executions.end()) {
    if (ExecutionPtr parent = child->second.first.lock()) {
      return ExecutionRef{std::move(parent), child->second.second};
    }
  }
  return std::move(found).error();
}

Expected<ExecutionPtr, ServiceError> lookup_execution(Core& core, const std::string& text) {
  std::shared_lock lock(core.registry.mutex);
  return find_execution(core.registry, text);
}

Expected<ExecutionRef, ServiceError> lookup_any_execution(Core& core, const std::string& text) {
  std::shared_lock lock(core.registry.mutex);
  return find_any_execution(core.registry, text);
}

}  // namespace sfn::service
