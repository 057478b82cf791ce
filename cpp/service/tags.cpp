// TagResource, UntagResource, ListTagsForResource: state machines and activities carry tags;
// versions, aliases and executions do not.
#include <algorithm>

#include "service/errors.h"
#include "service/lookup.h"
#include "service/operations.h"

namespace sfn::service {

namespace {

constexpr std::size_t kMaxTags = 50;

// The tag list of the resource `arn` names, or ResourceNotFound.
Expected<Tags*, ServiceError> tags_of(Registry& registry, const std::string& arn) {
  auto parsed = parse_arn(arn);
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed->type == "stateMachine" && parsed->parts.size() == 1) {
    auto it = registry.state_machines.find(arn);
    if (it != registry.state_machines.end()) return &it->second.tags;
  } else if (parsed->type == "activity") {
    auto it = registry.activities.find(arn);
    if (it != registry.activities.end()) return &it->second.tags;
  }
  return resource_not_found(arn);
}

}  // namespace

Response tag_resource(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "resourceArn");
  std::unique_lock lock(core.registry.mutex);
  auto tags = tags_of(core.registry, arn);
  if (!tags.ok()) return std::move(tags).error();
  Tags updated = **tags;
  for (const auto& tag : request["tags"]) {
    if (!tag.is_object()) continue;
    std::string key = tag.value("key", "");
    std::string value = tag.value("value", "");
    auto existing =
        std::find_if(updated.begin(), updated.end(), [&](const auto& t) { return t.first == key; });
    if (existing != updated.end()) {
      existing->second = std::move(value);
    } else {
      updated.emplace_back(std::move(key), std::move(value));
    }
  }
  if (updated.size() > kMaxTags) {
    ServiceError e =
        make_error("TooManyTags", "Too many tags on resource '" + arn + "': the limit is 50");
    e.fields["resourceName"] = arn;
    return e;
  }
  **tags = std::move(updated);
  return Json::object();
}

Response untag_resource(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "resourceArn");
  std::unique_lock lock(core.registry.mutex);
  auto tags = tags_of(core.registry, arn);
  if (!tags.ok()) return std::move(tags).error();
  for (const auto& key : request["tagKeys"]) {
    if (!key.is_string()) continue;
    std::erase_if(**tags, [&](const auto& t) { return t.first == key.get<std::string>(); });
  }
  return Json::object();
}

Response list_tags_for_resource(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "resourceArn");
  std::shared_lock lock(core.registry.mutex);
  auto tags = tags_of(core.registry, arn);
  if (!tags.ok()) return std::move(tags).error();
  Json items = Json::array();
  for (const auto& [key, value] : **tags) items.push_back(Json{{"key", key}, {"value", value}});
  return Json{{"tags", std::move(items)}};
}

}  // namespace sfn::service
