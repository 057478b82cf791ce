// An execution's history as boto3's get_execution_history()["events"]: Python dicts built
// directly from the engine's events in one call (no JSON document, no per-event Python pass),
// with `timestamp` a UTC datetime as boto3 gives it.
#pragma once

#include <vector>

#include "bindings/json_convert.h"
#include "engine/history_event.h"

namespace sfn::bindings {

py::list history_objects(const std::vector<engine::HistoryEvent>& events,
                         const engine::RenderOptions& options);

}  // namespace sfn::bindings
