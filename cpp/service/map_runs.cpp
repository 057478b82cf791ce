// ListMapRuns, DescribeMapRun, UpdateMapRun. The engine runs every Map state inline (a
// Distributed Map's items run as iterations of the parent execution), so no execution has map
// runs: the list is empty and a map run ARN names nothing.
#include "service/errors.h"
#include "service/lookup.h"
#include "service/operations.h"

namespace sfn::service {

Response list_map_runs(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  std::shared_lock lock(core.registry.mutex);
  auto found = find_execution(core.registry, arn);
  if (!found.ok()) return std::move(found).error();
  return Json{{"mapRuns", Json::array()}};
}

Response describe_map_run(Core&, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "mapRunArn");
  auto parsed = parse_typed_arn(arn, "mapRun");
  if (!parsed.ok()) return std::move(parsed).error();
  return resource_not_found(arn);
}

Response update_map_run(Core&, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "mapRunArn");
  auto parsed = parse_typed_arn(arn, "mapRun");
  if (!parsed.ok()) return std::move(parsed).error();
  return resource_not_found(arn);
}

}  // namespace sfn::service
