// DescribeStateMachine's and DescribeStateMachineForExecution's `variableReferences`.
#include "asl/variable_references.h"

#include "service/core.h"

namespace sfn::service {

void add_variable_references(Json& out, const Revision& revision) {
  if (!revision.machine) return;
  auto references = asl::variable_references(*revision.machine);
  if (references.empty()) return;
  Json map = Json::object();
  for (auto& [state, names] : references) map[state] = std::move(names);
  out["variableReferences"] = std::move(map);
}

}  // namespace sfn::service
