#include "engine/map_items.h"

#include <utility>

namespace sfn::engine {

Json object_entries(Json object) {
  Json entries = Json::array();
  for (auto& [key, value] : object.items()) {
    Json entry = Json::object();
    entry["Key"] = key;
    entry["Value"] = std::move(value);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace sfn::engine
