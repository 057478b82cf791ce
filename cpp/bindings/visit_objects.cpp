// The history reader's objects made here, with the C API, one lane at a time: a lane with its
// visits, their attempts, and what they point at (the parent lane, the Parallel or Map a lane
// belongs to, a failed Parallel's or Map's culprit), each made once into the caller's caches.
// Texts (names, payloads, errors, ARNs) are the rendered events' own, read from their dicts.
#include "bindings/visit_objects.h"

#include <array>
#include <string>

namespace sfn::bindings {

using engine::AttemptOutcome;
using engine::EventType;
using engine::kNoIndex;
using engine::LaneKind;
using engine::VisitStatus;

namespace {

PyObject* integer(std::int64_t value) { return PyLong_FromLongLong(value); }
PyObject* maybe(const std::optional<std::int64_t>& value) {
  if (!value) Py_RETURN_NONE;
  return PyLong_FromLongLong(*value);
}
PyObject* boolean(bool value) {
  PyObject* out = value ? Py_True : Py_False;
  Py_INCREF(out);
  return out;
}
PyObject* none() {
  Py_INCREF(Py_None);
  return Py_None;
}
PyObject* shared(const py::handle& value) {
  Py_INCREF(value.ptr());
  return value.ptr();
}

constexpr std::size_t kEventTypes = static_cast<std::size_t>(EventType::EvaluationFailed) + 1;

py::object call(const py::object& cls, std::initializer_list<PyObject*> args) {
  // Each argument is a new reference the call does not keep: released after it.
  std::array<PyObject*, 24> argv{};
  std::size_t n = 0;
  for (PyObject* arg : args) argv[n++] = arg;
  PyObject* out = PyObject_Vectorcall(cls.ptr(), argv.data(), n, nullptr);
  for (std::size_t i = 0; i < n; ++i) Py_DECREF(argv[i]);
  if (out == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(out);
}

py::bytes int32_bytes(const std::vector<std::int32_t>& values) {
  return py::bytes(reinterpret_cast<const char*>(values.data()),
                   values.size() * sizeof(std::int32_t));
}

// Offsets of `groups` groups whose members are listed in order: start[g]..start[g + 1].
void group(std::size_t groups, const std::vector<std::int32_t>& group_of,
           std::vector<std::int32_t>& start, std::vector<std::int32_t>& members) {
  start.assign(groups + 1, 0);
  for (std::int32_t g : group_of) {
    if (g != kNoIndex) ++start[static_cast<std::size_t>(g) + 1];
  }
  for (std::size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
  members.assign(static_cast<std::size_t>(start[groups]), 0);
  std::vector<std::int32_t> at(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < group_of.size(); ++i) {
    const std::int32_t g = group_of[i];
    if (g != kNoIndex)
      members[static_cast<std::size_t>(at[static_cast<std::size_t>(g)]++)] =
          static_cast<std::int32_t>(i);
  }
}

}  // namespace

// Outcomes and lane kinds as history_reader.py spells them, the detail keys of the events,
// each Entered event's state type, the attributes set after making.
struct LazyVisitTable::Names {
  std::array<py::object, 7> status{py::str("running"), py::str("succeeded"), py::str("retried"),
                                   py::str("caught"),  py::str("failed"),    py::str("timed_out"),
                                   py::str("aborted")};
  std::array<py::object, 4> outcome{py::none(), py::str("succeeded"), py::str("failed"),
                                    py::str("timed_out")};
  std::array<py::object, 3> kind{py::str("execution"), py::str("branch"), py::str("iteration")};
  std::array<py::object, kEventTypes> member;      // "stateEnteredEventDetails", ...
  std::array<py::object, kEventTypes> state_type;  // "Pass" for PassStateEntered, ...
  py::str name{"name"}, input{"input"}, output{"output"}, error{"error"}, cause{"cause"},
      length{"length"}, map_run_arn{"mapRunArn"}, resource{"resource"}, parameters{"parameters"},
      question{"?"}, visits{"visits"}, culprit{"culprit"}, container{"container"},
      current{"current"};

  Names() {
    for (std::size_t t = 0; t < kEventTypes; ++t) {
      const auto type = static_cast<EventType>(t);
      member[t] = py::str(std::string(engine::details_member(type)));
      std::string text(engine::to_string(type));
      constexpr std::string_view kEntered = "StateEntered";
      if (text.size() > kEntered.size() && text.ends_with(kEntered)) {
        state_type[t] = py::str(text.substr(0, text.size() - kEntered.size()));
      }
    }
  }
  PyObject* of(VisitStatus s) const { return shared(status[static_cast<std::size_t>(s)]); }
  PyObject* of(AttemptOutcome o) const { return shared(outcome[static_cast<std::size_t>(o)]); }
  PyObject* of(LaneKind k) const { return shared(kind[static_cast<std::size_t>(k)]); }
};

LazyVisitTable::LazyVisitTable(engine::VisitTable table,
                               const std::vector<engine::HistoryEvent>& events, py::list dicts,
                               VisitClasses classes)
    : table_(std::move(table)),
      // A plain list of the same event dicts, not `dicts` itself: the trace that holds this
      // table is held by its history (History._trace), a cycle the collector could not see
      // through this object.
      dicts_(py::reinterpret_steal<py::list>(
          PyList_GetSlice(dicts.ptr(), 0, PyList_GET_SIZE(dicts.ptr())))),
      classes_(std::move(classes)),
      names_(std::make_shared<const Names>()) {
  // The execution's history may grow or go away while the trace is read: its events' types
  // and ids are copied.
  types_.reserve(events.size());
  ids_.reserve(events.size());
  for (const engine::HistoryEvent& e : events) {
    types_.push_back(e.type);
    ids_.push_back(e.id);
  }
  std::vector<std::int32_t> lane_of(table_.visits.size());
  for (std::size_t v = 0; v < table_.visits.size(); ++v) lane_of[v] = table_.visits[v].lane;
  group(table_.lanes.size(), lane_of, lane_visits_start_, lane_visits_);
  group(table_.visits.size(), table_.visit_of_event, visit_events_start_, visit_events_);
  std::vector<std::int32_t> container_of(table_.lanes.size(), kNoIndex);
  for (std::size_t l = 1; l < table_.lanes.size(); ++l) container_of[l] = table_.lanes[l].container;
  group(table_.visits.size(), container_of, visit_lanes_start_, visit_lanes_);
}

std::int32_t LazyVisitTable::lane_of_visit(std::int32_t visit) const {
  if (visit < 0 || static_cast<std::size_t>(visit) >= table_.visits.size()) {
    throw py::index_error("no such visit");
  }
  return table_.visits[static_cast<std::size_t>(visit)].lane;
}

// A new reference: `events[index][<its details member>][key]`, else `fallback` (None when
// null).
PyObject* LazyVisitTable::text(std::int32_t index, const py::str& key, PyObject* fallback) const {
  PyObject* found = nullptr;
  if (index >= 0 && index < PyList_GET_SIZE(dicts_.ptr())) {
    PyObject* event = PyList_GET_ITEM(dicts_.ptr(), index);
    const auto type = static_cast<std::size_t>(types_[static_cast<std::size_t>(index)]);
    PyObject* info =
        PyDict_Check(event) ? PyDict_GetItem(event, names_->member[type].ptr()) : nullptr;
    if (info != nullptr && PyDict_Check(info)) found = PyDict_GetItem(info, key.ptr());
  }
  if (found == nullptr) found = fallback != nullptr ? fallback : Py_None;
  Py_INCREF(found);
  return found;
}

// Python's `a or b`.
PyObject* LazyVisitTable::either(std::int32_t index, const py::str& a, const py::str& b) const {
  PyObject* first = text(index, a);
  if (PyObject_IsTrue(first) == 1) return first;
  Py_DECREF(first);
  return text(index, b);
}

py::object LazyVisitTable::make_visit(std::int32_t index, const py::object& lane,
                                      const py::object& sequence) const {
  const Names& n = *names_;
  const engine::VisitRecord& v = table_.visits[static_cast<std::size_t>(index)];
  const auto entered = static_cast<std::size_t>(v.entered_event);
  const auto type = static_cast<std::size_t>(types_[entered]);
  PyObject* attempts = PyList_New(static_cast<Py_ssize_t>(v.attempts.size()));
  if (attempts == nullptr) throw py::error_already_set();
  for (std::size_t a = 0; a < v.attempts.size(); ++a) {
    const engine::AttemptRecord& t = v.attempts[a];
    const bool ok = t.outcome == AttemptOutcome::Succeeded;
    const std::int32_t failure = ok ? kNoIndex : t.end_event;
    py::object attempt = call(
        classes_.attempt,
        {integer(static_cast<std::int64_t>(a) + 1), integer(t.scheduled_ms), maybe(t.started_ms),
         maybe(t.ended_ms), n.of(t.outcome), text(failure, n.error), text(failure, n.cause),
         text(t.scheduled_event, n.resource), either(t.scheduled_event, n.parameters, n.input),
         text(ok ? t.end_event : kNoIndex, n.output)});
    PyList_SET_ITEM(attempts, static_cast<Py_ssize_t>(a), attempt.release().ptr());
  }
  const auto u = static_cast<std::size_t>(index);
  const auto first_event = static_cast<std::size_t>(visit_events_start_[u]);
  const auto last_event = static_cast<std::size_t>(visit_events_start_[u + 1]);
  PyObject* event_ids = PyList_New(static_cast<Py_ssize_t>(last_event - first_event));
  if (event_ids == nullptr) throw py::error_already_set();
  for (std::size_t e = first_event; e < last_event; ++e) {
    PyList_SET_ITEM(event_ids, static_cast<Py_ssize_t>(e - first_event),
                    integer(ids_[static_cast<std::size_t>(visit_events_[e])]));
  }
  // Its branches or iterations: a lazy sequence when it has any.
  const auto first_lane = static_cast<std::size_t>(visit_lanes_start_[u]);
  const auto last_lane = static_cast<std::size_t>(visit_lanes_start_[u + 1]);
  PyObject* lanes = nullptr;
  if (first_lane == last_lane) {
    lanes = PyList_New(0);
  } else {
    py::bytes at(reinterpret_cast<const char*>(visit_lanes_.data() + first_lane),
                 (last_lane - first_lane) * sizeof(std::int32_t));
    lanes = sequence(at).release().ptr();
  }
  if (lanes == nullptr) throw py::error_already_set();
  return call(classes_.visit, {text(v.entered_event, n.name, n.question.ptr()),
                               shared(n.state_type[type]),
                               shared(lane),
                               integer(ids_[entered]),
                               integer(v.start_ms),
                               text(v.entered_event, n.input),
                               text(v.exited_event, n.output),
                               maybe(v.end_ms),
                               boolean(v.exited_event != kNoIndex),
                               n.of(v.status),
                               text(v.error_event, n.error),
                               text(v.error_event, n.cause),
                               attempts,
                               event_ids,
                               lanes,
                               boolean(v.failed_here),
                               maybe(v.failure_id),
                               none() /* culprit: set by fill_lane */,
                               integer(v.starts),
                               boolean(v.aborted),
                               text(v.map_started_event, n.length),
                               text(v.map_run_event, n.map_run_arn)});
}

// A borrowed reference to visit `index`, made (with its lane) if it was not.
PyObject* LazyVisitTable::visit_object(std::int32_t index, const py::list& lanes,
                                       const py::list& visits, const py::object& root,
                                       const py::object& sequence) const {
  PyObject* made = PyList_GET_ITEM(visits.ptr(), index);
  if (made != Py_None) return made;
  make_lane(table_.visits[static_cast<std::size_t>(index)].lane, lanes, visits, root, sequence);
  return PyList_GET_ITEM(visits.ptr(), index);
}

void LazyVisitTable::fill_lane(std::int32_t index, const py::object& lane, const py::list& lanes,
                               const py::list& visits, const py::object& root,
                               const py::object& sequence) const {
  const Names& n = *names_;
  const auto u = static_cast<std::size_t>(index);
  py::object lane_visits = lane.attr(n.visits);
  for (auto i = lane_visits_start_[u]; i < lane_visits_start_[u + 1]; ++i) {
    const std::int32_t v = lane_visits_[static_cast<std::size_t>(i)];
    py::object visit = make_visit(v, lane, sequence);
    if (PyList_Append(lane_visits.ptr(), visit.ptr()) != 0) throw py::error_already_set();
    if (PyList_SetItem(visits.ptr(), v, visit.release().ptr()) != 0) {
      throw py::error_already_set();
    }
  }
  // What points across (None, as made, where there is none); may make other lanes.
  auto point = [&](PyObject* from, const py::str& attribute, std::int32_t to) {
    if (to == kNoIndex) return;
    PyObject* target = visit_object(to, lanes, visits, root, sequence);
    if (PyObject_SetAttr(from, attribute.ptr(), target) != 0) throw py::error_already_set();
  };
  const engine::TraceLane& l = table_.lanes[u];
  if (index > 0) point(lane.ptr(), n.container, l.container);
  point(lane.ptr(), n.current, l.current);
  for (auto i = lane_visits_start_[u]; i < lane_visits_start_[u + 1]; ++i) {
    const std::int32_t v = lane_visits_[static_cast<std::size_t>(i)];
    point(PyList_GET_ITEM(visits.ptr(), v), n.culprit,
          table_.visits[static_cast<std::size_t>(v)].culprit);
  }
}

void LazyVisitTable::make_lane(std::int32_t index, const py::list& lanes, const py::list& visits,
                               const py::object& root, const py::object& sequence) const {
  if (index < 0 || static_cast<std::size_t>(index) >= table_.lanes.size() ||
      PyList_GET_SIZE(lanes.ptr()) != static_cast<Py_ssize_t>(table_.lanes.size()) ||
      PyList_GET_SIZE(visits.ptr()) != static_cast<Py_ssize_t>(table_.visits.size())) {
    throw py::index_error("no such lane");
  }
  if (PyList_GET_ITEM(lanes.ptr(), index) != Py_None) return;
  if (index == 0) {  // the reader's own lane
    Py_INCREF(root.ptr());
    if (PyList_SetItem(lanes.ptr(), 0, root.ptr()) != 0) throw py::error_already_set();
    fill_lane(0, root, lanes, visits, root, sequence);
    return;
  }
  const Names& n = *names_;
  const engine::TraceLane& l = table_.lanes[static_cast<std::size_t>(index)];
  make_lane(l.parent, lanes, visits, root, sequence);
  if (PyList_GET_ITEM(lanes.ptr(), index) != Py_None) return;  // made on the way (a culprit's)
  py::object lane = call(classes_.lane, {shared(PyList_GET_ITEM(lanes.ptr(), l.parent)),
                                         none() /* container: set by fill_lane */, integer(l.index),
                                         n.of(l.kind), PyList_New(0), integer(l.attempt),
                                         integer(l.start_ms), maybe(l.end_ms), n.of(l.status)});
  Py_INCREF(lane.ptr());
  if (PyList_SetItem(lanes.ptr(), index, lane.ptr()) != 0) throw py::error_already_set();
  fill_lane(index, lane, lanes, visits, root, sequence);
}

py::bytes LazyVisitTable::lane_of_event() const { return int32_bytes(table_.lane_of_event); }
py::bytes LazyVisitTable::visit_of_event() const { return int32_bytes(table_.visit_of_event); }

py::list LazyVisitTable::ending() const {
  py::list out;
  for (std::int64_t id : table_.ending) out.append(id);
  return out;
}

py::bytes LazyVisitTable::fail_states() const {
  std::vector<std::int32_t> out;
  for (std::size_t i = 0; i < table_.visits.size(); ++i) {
    const engine::VisitRecord& v = table_.visits[i];
    if (types_[static_cast<std::size_t>(v.entered_event)] == EventType::FailStateEntered &&
        v.error_event == kNoIndex) {
      out.push_back(static_cast<std::int32_t>(i));
    }
  }
  return int32_bytes(out);
}

// Trace._finish changes a visit that is open, failed, timed out or caught, a Fail state, or one
// that names a culprit (it may give its error to that culprit); and a lane still running or
// without an end. What it reads of the others is what they were made with, so they are made
// only when read. (test_engine_visits.py compares every field with the reader's own pass.)
py::bytes LazyVisitTable::unsettled_visits() const {
  std::vector<std::int32_t> out;
  for (std::size_t i = 0; i < table_.visits.size(); ++i) {
    const engine::VisitRecord& v = table_.visits[i];
    const bool settled = v.status == VisitStatus::Succeeded || v.status == VisitStatus::Retried ||
                         v.status == VisitStatus::Aborted;
    if (!settled || v.culprit != kNoIndex ||
        types_[static_cast<std::size_t>(v.entered_event)] == EventType::FailStateEntered) {
      out.push_back(static_cast<std::int32_t>(i));
    }
  }
  return int32_bytes(out);
}

py::bytes LazyVisitTable::unsettled_lanes() const {
  // Not the top level: _finish sets its outcome and end from the execution's.
  std::vector<std::int32_t> out;
  for (std::size_t i = 1; i < table_.lanes.size(); ++i) {
    const engine::TraceLane& l = table_.lanes[i];
    if (l.status == VisitStatus::Running || !l.end_ms) out.push_back(static_cast<std::int32_t>(i));
  }
  return int32_bytes(out);
}

py::dict LazyVisitTable::by_name() const {
  // Grouped by the name text the visit objects take (a dict keeps the first visit's order).
  py::dict position;
  std::vector<std::vector<std::int32_t>> groups;
  std::vector<py::object> keys;
  for (std::size_t i = 0; i < table_.visits.size(); ++i) {
    py::object name = py::reinterpret_steal<py::object>(
        text(table_.visits[i].entered_event, names_->name, names_->question.ptr()));
    PyObject* at = PyDict_GetItemWithError(position.ptr(), name.ptr());
    if (at == nullptr && PyErr_Occurred()) throw py::error_already_set();
    std::size_t g = 0;
    if (at == nullptr) {
      g = groups.size();
      groups.emplace_back();
      keys.push_back(name);
      position[name] = py::int_(g);
    } else {
      g = PyLong_AsSize_t(at);
    }
    groups[g].push_back(static_cast<std::int32_t>(i));
  }
  // A range where the visits follow each other (a chain's states, a Map's only state), else
  // a tuple.
  py::object range = py::module_::import("builtins").attr("range");
  py::dict out;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::vector<std::int32_t>& at = groups[g];
    if (at.back() - at.front() + 1 == static_cast<std::int32_t>(at.size())) {
      out[keys[g]] = range(at.front(), at.back() + 1);
      continue;
    }
    py::tuple indices(at.size());
    for (std::size_t i = 0; i < at.size(); ++i) {
      PyTuple_SET_ITEM(indices.ptr(), static_cast<Py_ssize_t>(i), integer(at[i]));
    }
    out[keys[g]] = std::move(indices);
  }
  return out;
}

void LazyVisitTable::make_visits(const py::iterable& indices, const py::list& lanes,
                                 const py::list& visits, const py::object& root,
                                 const py::object& sequence) const {
  for (py::handle index : indices) {
    const auto v = index.cast<std::int32_t>();
    if (v < 0 || static_cast<std::size_t>(v) >= table_.visits.size()) {
      throw py::index_error("no such visit");
    }
    visit_object(v, lanes, visits, root, sequence);
  }
}

void LazyVisitTable::make_lanes(const py::iterable& indices, const py::list& lanes,
                                const py::list& visits, const py::object& root,
                                const py::object& sequence) const {
  for (py::handle index : indices)
    make_lane(index.cast<std::int32_t>(), lanes, visits, root, sequence);
}

std::optional<LazyVisitTable> lazy_visit_table(const std::vector<engine::HistoryEvent>& events,
                                               const std::vector<engine::LaneRecord>& lanes,
                                               const py::list& dicts, VisitClasses classes) {
  if (static_cast<std::size_t>(PyList_GET_SIZE(dicts.ptr())) != events.size()) return std::nullopt;
  engine::VisitTable table = [&] {
    py::gil_scoped_release release;
    return engine::visit_table(events, lanes);
  }();
  if (!table.complete) return std::nullopt;
  return LazyVisitTable(std::move(table), events, dicts, std::move(classes));
}

void register_visit_table(py::module_& m) {
  py::class_<LazyVisitTable>(m, "VisitTable")
      .def_property_readonly("visit_count", &LazyVisitTable::visit_count)
      .def_property_readonly("lane_count", &LazyVisitTable::lane_count)
      .def("lane_of_visit", &LazyVisitTable::lane_of_visit, py::arg("visit"))
      .def("make_lane", &LazyVisitTable::make_lane, py::arg("index"), py::arg("lanes"),
           py::arg("visits"), py::arg("root"), py::arg("sequence"))
      .def("make_lanes", &LazyVisitTable::make_lanes, py::arg("indices"), py::arg("lanes"),
           py::arg("visits"), py::arg("root"), py::arg("sequence"))
      .def("make_visits", &LazyVisitTable::make_visits, py::arg("indices"), py::arg("lanes"),
           py::arg("visits"), py::arg("root"), py::arg("sequence"))
      .def("lane_of_event", &LazyVisitTable::lane_of_event)
      .def("visit_of_event", &LazyVisitTable::visit_of_event)
      .def("ending", &LazyVisitTable::ending)
      .def("fail_states", &LazyVisitTable::fail_states)
      .def("unsettled_visits", &LazyVisitTable::unsettled_visits)
      .def("unsettled_lanes", &LazyVisitTable::unsettled_lanes)
      .def("by_name", &LazyVisitTable::by_name)
      .def_property_readonly("execution_started", &LazyVisitTable::execution_started)
      .def_property_readonly("execution_end", &LazyVisitTable::execution_end);
}

}  // namespace sfn::bindings
