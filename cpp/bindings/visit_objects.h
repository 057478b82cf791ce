// engine/visit_table.h's visits and lanes as the history reader's own objects
// (python/sfnsim/history_reader.py: Visit, Lane, Attempt), made in one call with no per-event
// or per-visit Python; python/sfnsim/engine_visits.py reads them into a Trace.
#pragma once

#include <vector>

#include "bindings/json_convert.h"
#include "engine/history_event.h"

namespace sfn::bindings {

// The reader's classes, called with their fields in declaration order (engine_visits.py checks
// that order), and the trace's top-level lane, which the lanes of the top level run in.
struct VisitClasses {
  py::object visit;
  py::object lane;
  py::object attempt;
  py::object root;
};

// None when the events cannot be read this way (the caller reads the history instead); else
// (visits, lanes, lane_of_event, visit_of_event, ending, fail_states, execution_started,
// execution_end): the Visit and Lane objects in the reader's order, each event's lane and
// visit as bytes of native int32 (-1: none), the ids of failures that ended something, the Fail
// states' visits whose error the definition names, and the indices of the execution's start
// and last end event (-1: none). `dicts`: the same events rendered (ex.history), whose texts
// the objects take.
py::object visit_objects(const std::vector<engine::HistoryEvent>& events,
                         const std::vector<engine::LaneRecord>& lanes, const py::list& dicts,
                         const VisitClasses& classes);

}  // namespace sfn::bindings
