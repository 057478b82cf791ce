// engine/visit_table.h's visits and lanes as the history reader's own objects
// (python/sfnsim/history_reader.py: Visit, Lane, Attempt), made one lane at a time when the
// reader first asks for one (python/sfnsim/engine_visits.py). A 10,000-iteration Map has 10,001
// visits and 10,001 lanes; made all at once they cost more than everything else of reading it,
// while most reads (`ex.state(...)`, the path, the failing state) need a handful.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "bindings/json_convert.h"
#include "engine/history_event.h"
#include "engine/visit_table.h"

namespace sfn::bindings {

// The reader's classes, called with their fields in declaration order (engine_visits.py checks
// that order).
struct VisitClasses {
  py::object visit;
  py::object lane;
  py::object attempt;
};

// The table and what its objects are made from. It holds no object it makes: the caller's
// caches (Python lists, which the collector sees) do, so nothing made here keeps it alive in a
// cycle the collector cannot see.
class LazyVisitTable {
 public:
  // `dicts`: the same events rendered (ex.history), whose texts the objects take (the list is
  // copied: the history holds the trace that holds this table).
  LazyVisitTable(engine::VisitTable table, const std::vector<engine::HistoryEvent>& events,
                 py::list dicts, VisitClasses classes);

  std::size_t visit_count() const { return table_.visits.size(); }
  std::size_t lane_count() const { return table_.lanes.size(); }
  std::int32_t lane_of_visit(std::int32_t visit) const;

  // Makes lane `index` (its parents first) with its visits into the caches `lanes` and
  // `visits` (lists of None and made objects), and what they point at. `root`: the reader's
  // own top-level lane, lane 0. `sequence(bytes)`: the lazy sequence of the lanes whose indices
  // the bytes hold (native int32), a visit's branches or iterations.
  void make_lane(std::int32_t index, const py::list& lanes, const py::list& visits,
                 const py::object& root, const py::object& sequence) const;

  // make_lane for each of `indices`, and for the lanes of each of the visits `indices`: a
  // sequence read whole makes what it lacks in one call.
  void make_lanes(const py::iterable& indices, const py::list& lanes, const py::list& visits,
                  const py::object& root, const py::object& sequence) const;
  void make_visits(const py::iterable& indices, const py::list& lanes, const py::list& visits,
                   const py::object& root, const py::object& sequence) const;

  // Each event's lane and visit (native int32, -1: none).
  py::bytes lane_of_event() const;
  py::bytes visit_of_event() const;
  // Ids of the failures that ended something.
  py::list ending() const;
  // Fail states' visits with no error event of their own: the definition names their error.
  py::bytes fail_states() const;
  // The visits and lanes Trace._finish may change (see the .cpp); the others are final as made.
  py::bytes unsettled_visits() const;
  py::bytes unsettled_lanes() const;
  // {name: its visits' indices (a range or a tuple)}, names in the order their first visit was
  // entered.
  py::dict by_name() const;
  std::int32_t execution_started() const { return table_.execution_started; }
  std::int32_t execution_end() const { return table_.execution_end; }

 private:
  PyObject* text(std::int32_t event, const py::str& key, PyObject* fallback = nullptr) const;
  PyObject* either(std::int32_t event, const py::str& a, const py::str& b) const;
  py::object make_visit(std::int32_t index, const py::object& lane,
                        const py::object& sequence) const;
  void fill_lane(std::int32_t index, const py::object& lane, const py::list& lanes,
                 const py::list& visits, const py::object& root, const py::object& sequence) const;
  PyObject* visit_object(std::int32_t index, const py::list& lanes, const py::list& visits,
                         const py::object& root, const py::object& sequence) const;

  struct Names;
  engine::VisitTable table_;
  std::vector<engine::EventType> types_;  // per event
  std::vector<std::int64_t> ids_;         // per event
  py::list dicts_;
  VisitClasses classes_;
  std::shared_ptr<const Names> names_;
  // Per lane its visits, per visit its events and its lanes (branches, iterations): offsets
  // into one vector each.
  std::vector<std::int32_t> lane_visits_start_, lane_visits_;
  std::vector<std::int32_t> visit_events_start_, visit_events_;
  std::vector<std::int32_t> visit_lanes_start_, visit_lanes_;
};

// The table of the events, or nullopt when they cannot be read this way (the caller reads the
// history instead).
std::optional<LazyVisitTable> lazy_visit_table(const std::vector<engine::HistoryEvent>& events,
                                               const std::vector<engine::LaneRecord>& lanes,
                                               const py::list& dicts, VisitClasses classes);

void register_visit_table(py::module_& m);

}  // namespace sfn::bindings
