// The history reader's objects made here, with the C API: a 10,000-iteration Map has 10,001
// visits and 10,001 lanes, and a Python loop over them cost more than everything else. Texts
// (names, payloads, errors, ARNs) are the rendered events' own, read from their dicts.
#include "bindings/visit_objects.h"

#include <array>
#include <optional>
#include <string>

#include "engine/visit_table.h"

namespace sfn::bindings {

namespace {

using engine::AttemptOutcome;
using engine::EventType;
using engine::kNoIndex;
using engine::LaneKind;
using engine::VisitStatus;

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
PyObject* shared(const py::object& value) {
  Py_INCREF(value.ptr());
  return value.ptr();
}

constexpr std::size_t kEventTypes = static_cast<std::size_t>(EventType::EvaluationFailed) + 1;

// Names made once per call: outcomes and lane kinds as history_reader.py spells them, the
// detail keys of the events, each Entered event's state type.
struct Names {
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
      question{"?"};

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

// Reads the rendered events: `events[index][<its details member>][key]`.
class EventTexts {
 public:
  EventTexts(const std::vector<engine::HistoryEvent>& events, const py::list& dicts,
             const Names& names)
      : events_(events), dicts_(dicts), names_(names) {}

  // A new reference: the value, else `fallback` (None when null).
  PyObject* get(std::int32_t index, const py::str& key, PyObject* fallback = nullptr) const {
    PyObject* found = nullptr;
    if (index >= 0 && index < PyList_GET_SIZE(dicts_.ptr())) {
      PyObject* event = PyList_GET_ITEM(dicts_.ptr(), index);
      const auto type = static_cast<std::size_t>(events_[static_cast<std::size_t>(index)].type);
      PyObject* info =
          PyDict_Check(event) ? PyDict_GetItem(event, names_.member[type].ptr()) : nullptr;
      if (info != nullptr && PyDict_Check(info)) found = PyDict_GetItem(info, key.ptr());
    }
    if (found == nullptr) found = fallback != nullptr ? fallback : Py_None;
    Py_INCREF(found);
    return found;
  }
  // Python's `a or b`.
  PyObject* either(std::int32_t index, const py::str& a, const py::str& b) const {
    PyObject* first = get(index, a);
    if (PyObject_IsTrue(first) == 1) return first;
    Py_DECREF(first);
    return get(index, b);
  }

 private:
  const std::vector<engine::HistoryEvent>& events_;
  const py::list& dicts_;
  const Names& names_;
};

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

}  // namespace

py::object visit_objects(const std::vector<engine::HistoryEvent>& events,
                         const std::vector<engine::LaneRecord>& lanes, const py::list& dicts,
                         const VisitClasses& classes) {
  if (static_cast<std::size_t>(PyList_GET_SIZE(dicts.ptr())) != events.size()) return py::none();
  engine::VisitTable table = [&] {
    py::gil_scoped_release release;
    return engine::visit_table(events, lanes);
  }();
  if (!table.complete) return py::none();
  const Names names;
  const EventTexts texts(events, dicts, names);
  const py::str visits_attr("visits"), culprit_attr("culprit"), container_attr("container"),
      current_attr("current");
  // Each lane's and visit's lists, borrowed (their objects hold them), appended to directly.
  std::vector<PyObject*> lane_visits(table.lanes.size());
  std::vector<PyObject*> visit_lanes(table.visits.size());

  // Lanes first (a visit names its lane); the root is the reader's own.
  py::list lane_objects(table.lanes.size());
  PyList_SET_ITEM(lane_objects.ptr(), 0, shared(classes.root));
  py::object root_visits = classes.root.attr(visits_attr);
  lane_visits[0] = root_visits.ptr();
  for (std::size_t i = 1; i < table.lanes.size(); ++i) {
    const engine::TraceLane& l = table.lanes[i];
    lane_visits[i] = PyList_New(0);
    py::object lane =
        call(classes.lane,
             {shared(lane_objects[static_cast<std::size_t>(l.parent)]),
              none() /* container, below */, integer(l.index), names.of(l.kind), lane_visits[i],
              integer(l.attempt), integer(l.start_ms), maybe(l.end_ms), names.of(l.status)});
    PyList_SET_ITEM(lane_objects.ptr(), static_cast<Py_ssize_t>(i), lane.release().ptr());
  }

  // Each visit's events, in order.
  std::vector<PyObject*> event_ids(table.visits.size());
  for (auto& ids : event_ids) ids = PyList_New(0);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::int32_t v = table.visit_of_event[i];
    if (v == kNoIndex) continue;
    PyObject* id = integer(events[i].id);
    PyList_Append(event_ids[static_cast<std::size_t>(v)], id);
    Py_DECREF(id);
  }

  py::list visit_list(table.visits.size());
  py::list fail_states;  // Fail states with no error of their own: the definition names it
  for (std::size_t i = 0; i < table.visits.size(); ++i) {
    const engine::VisitRecord& v = table.visits[i];
    const auto entered = static_cast<std::size_t>(v.entered_event);
    const auto type = static_cast<std::size_t>(events[entered].type);
    PyObject* attempts = PyList_New(static_cast<Py_ssize_t>(v.attempts.size()));
    visit_lanes[i] = PyList_New(0);
    for (std::size_t a = 0; a < v.attempts.size(); ++a) {
      const engine::AttemptRecord& t = v.attempts[a];
      const bool ok = t.outcome == AttemptOutcome::Succeeded;
      const std::int32_t failure = ok ? kNoIndex : t.end_event;
      py::object attempt =
          call(classes.attempt, {integer(static_cast<std::int64_t>(a) + 1), integer(t.scheduled_ms),
                                 maybe(t.started_ms), maybe(t.ended_ms), names.of(t.outcome),
                                 texts.get(failure, names.error), texts.get(failure, names.cause),
                                 texts.get(t.scheduled_event, names.resource),
                                 texts.either(t.scheduled_event, names.parameters, names.input),
                                 texts.get(ok ? t.end_event : kNoIndex, names.output)});
      PyList_SET_ITEM(attempts, static_cast<Py_ssize_t>(a), attempt.release().ptr());
    }
    py::object visit =
        call(classes.visit, {texts.get(v.entered_event, names.name, names.question.ptr()),
                             shared(names.state_type[type]),
                             shared(lane_objects[static_cast<std::size_t>(v.lane)]),
                             integer(events[entered].id),
                             integer(v.start_ms),
                             texts.get(v.entered_event, names.input),
                             texts.get(v.exited_event, names.output),
                             maybe(v.end_ms),
                             boolean(v.exited_event != kNoIndex),
                             names.of(v.status),
                             texts.get(v.error_event, names.error),
                             texts.get(v.error_event, names.cause),
                             attempts,
                             event_ids[i],
                             visit_lanes[i],
                             boolean(v.failed_here),
                             maybe(v.failure_id),
                             none() /* culprit, below */,
                             integer(v.starts),
                             boolean(v.aborted),
                             texts.get(v.map_started_event, names.length),
                             texts.get(v.map_run_event, names.map_run_arn)});
    if (events[entered].type == EventType::FailStateEntered && v.error_event == kNoIndex) {
      fail_states.append(visit);
    }
    if (PyList_Append(lane_visits[static_cast<std::size_t>(v.lane)], visit.ptr()) != 0) {
      throw py::error_already_set();
    }
    PyList_SET_ITEM(visit_list.ptr(), static_cast<Py_ssize_t>(i), visit.release().ptr());
  }

  // What points across: culprits, and each lane's Parallel or Map and open visit (None, as
  // made, where there is none).
  auto point = [&](PyObject* from, const py::str& attribute, std::int32_t index) {
    if (index == kNoIndex) return;
    PyObject* to = PyList_GET_ITEM(visit_list.ptr(), index);
    if (PyObject_SetAttr(from, attribute.ptr(), to) != 0) throw py::error_already_set();
  };
  for (std::size_t i = 0; i < table.visits.size(); ++i) {
    point(PyList_GET_ITEM(visit_list.ptr(), static_cast<Py_ssize_t>(i)), culprit_attr,
          table.visits[i].culprit);
  }
  for (std::size_t i = 0; i < table.lanes.size(); ++i) {
    const engine::TraceLane& l = table.lanes[i];
    PyObject* lane = PyList_GET_ITEM(lane_objects.ptr(), static_cast<Py_ssize_t>(i));
    if (i > 0 && l.container != kNoIndex) {
      point(lane, container_attr, l.container);
      if (PyList_Append(visit_lanes[static_cast<std::size_t>(l.container)], lane) != 0) {
        throw py::error_already_set();
      }
    }
    point(lane, current_attr, l.current);
  }

  py::bytes lane_of_event(reinterpret_cast<const char*>(table.lane_of_event.data()),
                          table.lane_of_event.size() * sizeof(std::int32_t));
  py::bytes visit_of_event(reinterpret_cast<const char*>(table.visit_of_event.data()),
                           table.visit_of_event.size() * sizeof(std::int32_t));
  py::list ending;
  for (std::int64_t id : table.ending) ending.append(id);
  return py::make_tuple(visit_list, lane_objects, lane_of_event, visit_of_event, ending,
                        fail_states, table.execution_started, table.execution_end);
}

}  // namespace sfn::bindings
