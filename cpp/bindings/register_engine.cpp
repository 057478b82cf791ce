// The engine as the Python package sees it: compile a definition, run an execution, read its
// history. Semantics stay in the core; this file only converts.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <chrono>

#include "asl/parser.h"
#include "bindings/compiled_machine.h"
#include "bindings/history_objects.h"
#include "bindings/json_convert.h"
#include "bindings/json_text.h"
#include "bindings/register.h"
#include "bindings/task_handler.h"
#include "bindings/visit_objects.h"
#include "engine/execution.h"
#include "service/standalone.h"

namespace sfn::bindings {

namespace {

py::dict diagnostic_to_dict(const asl::Diagnostic& d) {
  py::dict out;
  out["severity"] = d.severity;
  out["code"] = d.code;
  out["message"] = str_of(d.message);  // may quote the definition's text
  if (!d.location.empty()) out["location"] = str_of(d.location);
  return out;
}

py::list diagnostics_to_list(const asl::Diagnostics& diagnostics) {
  py::list out;
  for (const auto& d : diagnostics) out.append(diagnostic_to_dict(d));
  return out;
}

class PyExecution {
 public:
  PyExecution(const PyExecution&) = delete;  // the engine's pause check holds `this`
  PyExecution& operator=(const PyExecution&) = delete;
  explicit PyExecution(std::unique_ptr<engine::Execution> execution)
      : execution_(std::move(execution)) {
    // Every so many steps the engine hands back to Python (Ctrl-C, the time limit); at once
    // when a task handler raised what must reach the caller.
    execution_->set_pause_check([this] {
      if (handler_escape_pending() || ++steps_ % kStepsPerPause == 0) return true;
      // Progress is drawn between slices: a slice then ends after kProgressInterval too.
      return tracking_ && std::chrono::steady_clock::now() >= next_progress_;
    });
  }

  // Counts the Map states' progress and calls `report()` between slices of run_virtual (at
  // least every kProgressInterval of real time, at a pause) and when it returns; `report` reads
  // map_progress(). The engine's steps stay the same, so the history does not change.
  void track_map_progress(py::object report) {
    execution_->track_map_progress();
    progress_ = std::move(report);
    tracking_ = true;
    next_progress_ = std::chrono::steady_clock::now() + kProgressInterval;
  }
  // [(state name, distributed, total, succeeded, failed, running)] per Map state.
  py::list map_progress() const {
    py::list out;
    for (const engine::MapProgress& p : execution_->map_progress()) {
      out.append(py::make_tuple(str_of(p.state_name), p.distributed, p.total, p.succeeded, p.failed,
                                p.running));
    }
    return out;
  }

  // Runs on the virtual clock until the execution ends or waits on the outside world. False
  // when `timeout_seconds` of real time passed first (the execution is left running).
  bool run_virtual(std::optional<double> timeout_seconds) {
    auto start = std::chrono::steady_clock::now();
    while (true) {
      {
        py::gil_scoped_release release;
        execution_->run_virtual();
      }
      rethrow_handler_escape();
      if (tracking_) {
        progress_();
        next_progress_ = std::chrono::steady_clock::now() + kProgressInterval;
      }
      if (!execution_->paused()) return true;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
      if (timeout_seconds && spent.count() > *timeout_seconds) return false;
    }
  }
  std::string status() const { return std::string(engine::to_string(execution_->status())); }
  py::str execution_arn() const { return str_of(execution_->info().execution_arn); }
  py::str name() const { return str_of(execution_->info().name); }
  py::str state_machine_arn() const { return str_of(execution_->info().state_machine_arn); }
  py::object output() const {
    const JsonPtr& out = execution_->output();
    return out ? to_python(*out) : py::none();
  }
  py::object output_text() const {
    const JsonPtr& out = execution_->output();
    if (!out) return py::none();
    return str_of(to_text(*out));
  }
  py::object error() const {
    const Failure& f = execution_->failure();
    if (execution_->status() == engine::ExecutionStatus::Running ||
        execution_->status() == engine::ExecutionStatus::Succeeded || !f.has_error) {
      return py::none();
    }
    return str_of(f.error);
  }
  py::object cause() const {
    const Failure& f = execution_->failure();
    if (execution_->status() == engine::ExecutionStatus::Running ||
        execution_->status() == engine::ExecutionStatus::Succeeded || !f.has_cause) {
      return py::none();
    }
    return str_of(f.cause);
  }
  std::optional<std::int64_t> stop_time_ms() const { return execution_->stop_time_ms(); }
  std::size_t history_length() const { return execution_->history().size(); }
  // The state named by the last event that names one: where a running execution stands.
  std::optional<std::string> last_state_name() const {
    const auto& events = execution_->history();
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (!it->name.empty()) return std::string(it->name);  // state names are UTF-8
    }
    return std::nullopt;
  }
  py::list history(bool include_execution_data) const {
    engine::RenderOptions options;
    options.include_execution_data = include_execution_data;
    return history_objects(execution_->history(), options);
  }
  // The visits and lanes of the history, from the lanes the engine recorded, made when read
  // (bindings/visit_objects.h); None when the events cannot be read that way.
  py::object visit_table(const py::list& events, py::object visit, py::object lane,
                         py::object attempt) const {
    auto table =
        lazy_visit_table(execution_->history(), execution_->lanes(), events,
                         VisitClasses{std::move(visit), std::move(lane), std::move(attempt)});
    if (!table) return py::none();
    return py::cast(std::move(*table));
  }

 private:
  // Python gets a word in this often at least: a few milliseconds of engine work.
  static constexpr std::uint64_t kStepsPerPause = 1024;
  static constexpr std::chrono::milliseconds kProgressInterval{100};
  std::unique_ptr<engine::Execution> execution_;
  std::uint64_t steps_ = 0;
  py::object progress_;    // track_map_progress's report
  bool tracking_ = false;  // read without the GIL by the pause check: not progress_ itself
  std::chrono::steady_clock::time_point next_progress_;
};

// An execution's input, converted and held to the service's rules (service/standalone.h) before
// anything else of the run is built.
struct ExecutionInput {
  JsonPtr value;
};

// (input, "") or (None, sfnsim.run's InvalidExecutionInput message).
py::tuple execution_input(py::handle value) {
  Json json;
  try {
    json = to_json(value);
  } catch (const py::value_error& e) {
    return py::make_tuple(py::none(), str_of(service::standalone_input_refused(e.what()).message));
  } catch (py::error_already_set& e) {
    // A ValueError of the value's own Python code (an int subclass's __index__) says the same.
    if (!e.matches(PyExc_ValueError)) throw;
    std::string detail = utf8_of(py::str(e.value()));
    return py::make_tuple(py::none(), str_of(service::standalone_input_refused(detail).message));
  }
  if (auto refused = service::check_standalone_input(json)) {
    return py::make_tuple(py::none(), str_of(refused->message));
  }
  return py::make_tuple(ExecutionInput{share(std::move(json))}, std::string());
}

std::unique_ptr<PyExecution> start_execution(const Machine& machine, const ExecutionInput& input,
                                             py::object handler, const Utf8& region,
                                             const Utf8& account, const Utf8& state_machine_name,
                                             std::optional<Utf8> name, std::optional<Utf8> role_arn,
                                             bool express, std::int64_t start_ms, py::object seed,
                                             std::optional<Utf8> input_text) {
  service::StandaloneStart start;
  // Utf8: names may hold lone surrogates (read and given back as the text they were).
  start.region = region.text;
  start.account = account.text;
  start.state_machine_name = state_machine_name.text;
  if (name) start.name = name->text;
  if (role_arn) start.role_arn = role_arn->text;
  start.express = express;
  start.start_ms = start_ms;
  if (!seed.is_none()) start.seed = seed.cast<std::uint64_t>();
  if (input_text) start.input_text = input_text->text;
  return std::make_unique<PyExecution>(service::start_standalone(
      machine.machine, start, input.value, make_invoker(std::move(handler))));
}

}  // namespace

py::tuple compile_result(Expected<asl::StateMachinePtr, asl::Diagnostics> parsed) {
  if (!parsed.ok()) {
    return py::make_tuple(py::none(), str_of(asl::format_invalid_definition(parsed.error())),
                          diagnostics_to_list(parsed.error()));
  }
  return py::make_tuple(Machine{std::move(parsed.value())}, std::string(), py::list());
}

void register_engine(py::module_& m) {
  register_task_seam(m);
  register_visit_table(m);
  py::class_<Machine>(m, "StateMachine");

  // Returns (machine, "", []) or (None, InvalidDefinition message, diagnostics); the Python
  // layer raises its own exception type.
  m.def(
      "compile",
      [](const Utf8& definition, bool express) -> py::tuple {
        asl::ParseOptions options;
        options.express = express;
        auto parsed = [&] {
          py::gil_scoped_release release;
          return asl::parse(definition.text, options);
        }();
        return compile_result(std::move(parsed));
      },
      py::arg("definition"), py::arg("express") = false);

  // json.dumps(value)'s text for plain values, else None (bindings/json_text.h).
  m.def("plain_json_text", &plain_json_text, py::arg("value"));

  m.def(
      "validate",
      [](const Utf8& definition, bool express) {
        asl::ParseOptions options;
        options.express = express;
        auto parsed = [&] {
          py::gil_scoped_release release;
          return asl::parse(definition.text, options);
        }();
        return diagnostics_to_list(parsed.ok() ? parsed.value()->warnings : parsed.error());
      },
      py::arg("definition"), py::arg("express") = false);

  py::class_<ExecutionInput>(m, "ExecutionInput");
  m.def("execution_input", &execution_input, py::arg("value"));
  m.def("start_execution", &start_execution, py::arg("machine"), py::arg("input"),
        py::arg("handler"), py::kw_only(), py::arg("region"), py::arg("account"),
        py::arg("state_machine_name"), py::arg("name"), py::arg("role_arn"), py::arg("express"),
        py::arg("start_ms"), py::arg("seed"), py::arg("input_text"));

  py::class_<PyExecution>(m, "Execution")
      .def("run_virtual", &PyExecution::run_virtual, py::arg("timeout_seconds") = py::none())
      .def("last_state_name", &PyExecution::last_state_name)
      .def("track_map_progress", &PyExecution::track_map_progress, py::arg("report"))
      .def("map_progress", &PyExecution::map_progress)
      .def_property_readonly("execution_arn", &PyExecution::execution_arn)
      .def_property_readonly("name", &PyExecution::name)
      .def_property_readonly("state_machine_arn", &PyExecution::state_machine_arn)
      .def_property_readonly("status", &PyExecution::status)
      .def_property_readonly("output", &PyExecution::output)
      .def_property_readonly("output_text", &PyExecution::output_text)
      .def_property_readonly("error", &PyExecution::error)
      .def_property_readonly("cause", &PyExecution::cause)
      .def_property_readonly("stop_time_ms", &PyExecution::stop_time_ms)
      .def_property_readonly("history_length", &PyExecution::history_length)
      .def("history", &PyExecution::history, py::arg("include_execution_data") = true)
      .def("visit_table", &PyExecution::visit_table, py::arg("events"), py::arg("visit"),
           py::arg("lane"), py::arg("attempt"));
}

}  // namespace sfn::bindings
