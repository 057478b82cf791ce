// The engine as the Python package sees it: compile a definition, run an execution, read its
// history. Semantics stay in the core; this file only converts.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "asl/parser.h"
#include "bindings/json_convert.h"
#include "bindings/register.h"
#include "engine/execution.h"

namespace sfn::bindings {

namespace {

py::dict diagnostic_to_dict(const asl::Diagnostic& d) {
  py::dict out;
  out["severity"] = d.severity;
  out["code"] = d.code;
  out["message"] = d.message;
  if (!d.location.empty()) out["location"] = d.location;
  return out;
}

py::list diagnostics_to_list(const asl::Diagnostics& diagnostics) {
  py::list out;
  for (const auto& d : diagnostics) out.append(diagnostic_to_dict(d));
  return out;
}

std::string_view kind_name(asl::Resource::Kind kind) {
  switch (kind) {
    case asl::Resource::Kind::LambdaFunction:
      return "lambda_function";
    case asl::Resource::Kind::Activity:
      return "activity";
    case asl::Resource::Kind::Service:
      return "service";
    case asl::Resource::Kind::Sdk:
      return "sdk";
    case asl::Resource::Kind::Http:
      return "http";
    default:
      return "other";
  }
}

std::string_view pattern_name(asl::Resource::Pattern pattern) {
  switch (pattern) {
    case asl::Resource::Pattern::Sync:
      return "sync";
    case asl::Resource::Pattern::Sync2:
      return "sync:2";
    case asl::Resource::Pattern::WaitForTaskToken:
      return "waitForTaskToken";
    default:
      return "request_response";
  }
}

std::string optional_str(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return {};
  return d[key].cast<std::string>();
}

// Calls the Python task handler with the GIL held; anything it raises becomes a task failure
// instead of unwinding through the engine.
engine::TaskInvoker make_invoker(py::object handler) {
  if (handler.is_none()) return {};
  auto shared = std::make_shared<py::object>(std::move(handler));
  return [shared](const engine::TaskRequest& request) -> engine::TaskOutcome {
    py::gil_scoped_acquire gil;
    try {
      py::dict r;
      const asl::Resource& res = *request.resource;
      r["resource"] = res.arn;
      r["kind"] = kind_name(res.kind);
      r["service"] = res.service;
      r["action"] = res.action;
      r["pattern"] = pattern_name(res.pattern);
      r["function_name"] = res.function_name;
      r["state_name"] = std::string(request.state_name);
      r["execution_arn"] = std::string(request.execution_arn);
      r["state_machine_arn"] = std::string(request.state_machine_arn);
      r["parameters"] = request.parameters ? to_python(*request.parameters) : py::none();
      r["context"] = request.context ? to_python(*request.context) : py::none();
      r["task_token"] = std::string(request.task_token);
      r["attempt"] = request.attempt;
      r["timeout_seconds"] =
          request.timeout_seconds ? py::int_(*request.timeout_seconds) : py::object(py::none());
      r["heartbeat_seconds"] =
          request.heartbeat_seconds ? py::int_(*request.heartbeat_seconds) : py::object(py::none());
      r["credentials"] = request.credentials ? to_python(*request.credentials) : py::none();
      py::dict reply = (*shared)(r);
      std::string kind = reply.contains("kind") ? reply["kind"].cast<std::string>() : "succeeded";
      engine::TaskOutcome outcome;
      if (kind == "failed") {
        outcome =
            engine::TaskOutcome::failed(optional_str(reply, "error"), optional_str(reply, "cause"));
        outcome.failure.has_error = reply.contains("error") && !reply["error"].is_none();
        outcome.failure.has_cause = reply.contains("cause") && !reply["cause"].is_none();
      } else if (kind == "pending") {
        outcome = engine::TaskOutcome::pending();
      } else {
        outcome = engine::TaskOutcome::success(reply.contains("result") ? to_json(reply["result"])
                                                                        : Json(nullptr));
      }
      if (reply.contains("duration") && !reply["duration"].is_none()) {
        outcome.duration_seconds = reply["duration"].cast<double>();
      }
      if (reply.contains("submitted") && !reply["submitted"].is_none()) {
        outcome.submitted = to_json(reply["submitted"]);
      }
      return outcome;
    } catch (py::error_already_set& e) {
      std::string name = e.type() ? std::string(py::str(e.type().attr("__name__"))) : "Error";
      return engine::TaskOutcome::failed(name, e.what());
    } catch (const std::exception& e) {
      return engine::TaskOutcome::failed("States.TaskFailed", e.what());
    }
  };
}

// A compiled definition, shareable by many executions.
struct Machine {
  asl::StateMachinePtr machine;
};

class PyExecution {
 public:
  PyExecution(const Machine& machine, py::object input, const py::dict& info, py::object handler) {
    engine::ExecutionInfo i;
    i.execution_arn = optional_str(info, "execution_arn");
    i.name = optional_str(info, "name");
    i.state_machine_arn = optional_str(info, "state_machine_arn");
    i.state_machine_name = optional_str(info, "state_machine_name");
    i.role_arn = optional_str(info, "role_arn");
    if (info.contains("region")) i.region = optional_str(info, "region");
    if (info.contains("account")) i.account = optional_str(info, "account");
    i.state_machine_version_arn = optional_str(info, "state_machine_version_arn");
    i.state_machine_alias_arn = optional_str(info, "state_machine_alias_arn");
    if (info.contains("start_time_ms"))
      i.start_time_ms = info["start_time_ms"].cast<std::int64_t>();
    if (info.contains("seed")) i.seed = info["seed"].cast<std::uint64_t>();
    if (info.contains("input_text") && !info["input_text"].is_none()) {
      i.input_text = info["input_text"].cast<std::string>();
    }
    engine::Limits limits;
    if (info.contains("record_history"))
      limits.record_history = info["record_history"].cast<bool>();
    execution_ =
        std::make_unique<engine::Execution>(machine.machine, std::move(i), share(to_json(input)),
                                            make_invoker(std::move(handler)), limits);
  }

  std::int64_t run_virtual() {
    py::gil_scoped_release release;
    return execution_->run_virtual();
  }
  void run_until(std::int64_t now_ms) {
    py::gil_scoped_release release;
    execution_->run_until(now_ms);
  }
  std::optional<std::int64_t> next_due_ms() const { return execution_->next_due_ms(); }
  std::string status() const { return std::string(engine::to_string(execution_->status())); }
  py::object output() const {
    const JsonPtr& out = execution_->output();
    return out ? to_python(*out) : py::none();
  }
  std::optional<std::string> output_text() const {
    const JsonPtr& out = execution_->output();
    if (!out) return std::nullopt;
    return to_text(*out);
  }
  std::optional<std::string> error() const {
    const Failure& f = execution_->failure();
    if (execution_->status() == engine::ExecutionStatus::Running ||
        execution_->status() == engine::ExecutionStatus::Succeeded || !f.has_error) {
      return std::nullopt;
    }
    return f.error;
  }
  std::optional<std::string> cause() const {
    const Failure& f = execution_->failure();
    if (execution_->status() == engine::ExecutionStatus::Running ||
        execution_->status() == engine::ExecutionStatus::Succeeded || !f.has_cause) {
      return std::nullopt;
    }
    return f.cause;
  }
  std::optional<std::int64_t> stop_time_ms() const { return execution_->stop_time_ms(); }
  std::size_t history_length() const { return execution_->history().size(); }
  py::list history(bool include_execution_data) const {
    engine::RenderOptions options;
    options.include_execution_data = include_execution_data;
    const auto& events = execution_->history();
    py::list out(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      out[i] = to_python(engine::to_api_json(events[i], options));
    }
    return out;
  }
  bool complete_task(const std::string& token, py::dict reply, std::int64_t now_ms) {
    engine::TaskOutcome outcome;
    std::string kind = reply.contains("kind") ? reply["kind"].cast<std::string>() : "succeeded";
    if (kind == "failed") {
      outcome =
          engine::TaskOutcome::failed(optional_str(reply, "error"), optional_str(reply, "cause"));
      outcome.failure.has_error = reply.contains("error") && !reply["error"].is_none();
      outcome.failure.has_cause = reply.contains("cause") && !reply["cause"].is_none();
    } else {
      outcome = engine::TaskOutcome::success(reply.contains("result") ? to_json(reply["result"])
                                                                      : Json(nullptr));
    }
    py::gil_scoped_release release;
    return execution_->complete_task(token, std::move(outcome), now_ms);
  }
  void stop(std::optional<std::string> error, std::optional<std::string> cause,
            std::int64_t now_ms) {
    execution_->stop(std::move(error), std::move(cause), now_ms);
  }
  std::vector<std::string> pending_task_tokens() const { return execution_->pending_task_tokens(); }

 private:
  std::unique_ptr<engine::Execution> execution_;
};

}  // namespace

void register_engine(py::module_& m) {
  py::class_<Machine>(m, "StateMachine");

  // Returns (machine, "", []) or (None, InvalidDefinition message, diagnostics); the Python
  // layer raises its own exception type.
  m.def(
      "compile",
      [](const std::string& definition, bool express, bool allow_jsonata) -> py::tuple {
        asl::ParseOptions options;
        options.express = express;
        options.allow_jsonata = allow_jsonata;
        auto parsed = [&] {
          py::gil_scoped_release release;
          return asl::parse(definition, options);
        }();
        if (!parsed.ok()) {
          return py::make_tuple(py::none(), asl::format_invalid_definition(parsed.error()),
                                diagnostics_to_list(parsed.error()));
        }
        return py::make_tuple(Machine{std::move(parsed.value())}, std::string(), py::list());
      },
      py::arg("definition"), py::arg("express") = false, py::arg("allow_jsonata") = true);

  m.def(
      "validate",
      [](const std::string& definition, bool express, bool allow_jsonata) {
        asl::ParseOptions options;
        options.express = express;
        options.allow_jsonata = allow_jsonata;
        auto parsed = [&] {
          py::gil_scoped_release release;
          return asl::parse(definition, options);
        }();
        return parsed.ok() ? py::list() : diagnostics_to_list(parsed.error());
      },
      py::arg("definition"), py::arg("express") = false, py::arg("allow_jsonata") = true);

  py::class_<PyExecution>(m, "Execution")
      .def(py::init<const Machine&, py::object, const py::dict&, py::object>(), py::arg("machine"),
           py::arg("input"), py::arg("info"), py::arg("handler"))
      .def("run_virtual", &PyExecution::run_virtual)
      .def("run_until", &PyExecution::run_until, py::arg("now_ms"))
      .def("next_due_ms", &PyExecution::next_due_ms)
      .def("complete_task", &PyExecution::complete_task, py::arg("token"), py::arg("reply"),
           py::arg("now_ms"))
      .def("stop", &PyExecution::stop, py::arg("error"), py::arg("cause"), py::arg("now_ms"))
      .def("pending_task_tokens", &PyExecution::pending_task_tokens)
      .def_property_readonly("status", &PyExecution::status)
      .def_property_readonly("output", &PyExecution::output)
      .def_property_readonly("output_text", &PyExecution::output_text)
      .def_property_readonly("error", &PyExecution::error)
      .def_property_readonly("cause", &PyExecution::cause)
      .def_property_readonly("stop_time_ms", &PyExecution::stop_time_ms)
      .def_property_readonly("history_length", &PyExecution::history_length)
      .def("history", &PyExecution::history, py::arg("include_execution_data") = true);
}

}  // namespace sfn::bindings
