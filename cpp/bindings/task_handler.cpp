#include "bindings/task_handler.h"

#include "bindings/json_convert.h"

namespace sfn::bindings {

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

engine::TaskOutcome outcome_from_reply(const py::dict& reply) {
  std::string kind = reply.contains("kind") ? reply["kind"].cast<std::string>() : "succeeded";
  engine::TaskOutcome outcome;
  if (kind == "failed") {
    outcome =
        engine::TaskOutcome::failed(optional_str(reply, "error"), optional_str(reply, "cause"));
    outcome.failure.has_error = reply.contains("error") && !reply["error"].is_none();
    outcome.failure.has_cause = reply.contains("cause") && !reply["cause"].is_none();
  } else if (kind == "delegate") {
    outcome = engine::TaskOutcome::delegate();
  } else if (kind == "pending") {
    outcome = engine::TaskOutcome::pending(optional_str(reply, "completion_token"));
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
  if (reply.contains("worker_name") && !reply["worker_name"].is_none()) {
    outcome.worker_name = reply["worker_name"].cast<std::string>();
  }
  return outcome;
}

namespace {

// The context object handed to Python: converted only when a handler or a test reads it.
// $$.Execution.Input can be the whole execution input, so converting it for every Task made a
// Map over n items cost O(n^2); the snapshot shares the input instead of copying it.
struct LazyContext {
  Json rest;  // the context without Execution.Input (the engine mutates the live one)
  JsonPtr input;
  std::size_t input_position = 0;  // where Input sits among Execution's keys
  py::object cached;

  py::object get() {
    if (cached) return cached;
    py::object value = to_python(rest);
    if (input && py::isinstance<py::dict>(value) && value.contains("Execution")) {
      py::dict execution = value["Execution"];
      py::dict ordered;
      std::size_t i = 0;
      for (auto item : execution) {
        if (i++ == input_position) ordered["Input"] = to_python(*input);
        ordered[item.first] = item.second;
      }
      if (input_position >= i) ordered["Input"] = to_python(*input);
      value["Execution"] = ordered;
    }
    cached = value;
    return cached;
  }
};

LazyContext snapshot(const Json& context, const JsonPtr& input) {
  LazyContext lazy;
  lazy.rest = Json::object();
  for (const auto& [key, value] : context.items()) {
    if (key != "Execution" || !value.is_object() || !input || !value.contains("Input")) {
      lazy.rest[key] = value;
      continue;
    }
    Json execution = Json::object();
    std::size_t position = 0;
    for (const auto& [k, v] : value.items()) {
      if (k == "Input") {
        lazy.input_position = position;
        continue;
      }
      execution[k] = v;
      ++position;
    }
    lazy.rest[key] = std::move(execution);
    lazy.input = input;
  }
  return lazy;
}

}  // namespace

void register_lazy_context(py::module_& m) {
  py::class_<LazyContext>(m, "LazyContext")
      .def("__call__", &LazyContext::get,
           "The task's context object as Python values (converted on first call).");
}

// Calls the Python task handler with the GIL held; anything it raises becomes a task failure
// instead of unwinding through the engine.
engine::TaskInvoker make_invoker(py::object handler) {
  if (handler.is_none()) return {};
  // The invoker may outlive the caller's reference and be destroyed on a thread without the
  // GIL (an execution finishing in the real clock's driver thread).
  std::shared_ptr<py::object> shared(new py::object(std::move(handler)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
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
      r["context"] = request.context ? py::cast(snapshot(*request.context, request.execution_input))
                                     : py::object(py::none());
      r["task_token"] = std::string(request.task_token);
      r["attempt"] = request.attempt;
      r["timeout_seconds"] =
          request.timeout_seconds ? py::int_(*request.timeout_seconds) : py::object(py::none());
      r["heartbeat_seconds"] =
          request.heartbeat_seconds ? py::int_(*request.heartbeat_seconds) : py::object(py::none());
      r["credentials"] = request.credentials ? to_python(*request.credentials) : py::none();
      r["now_ms"] = request.now_ms;
      return outcome_from_reply((*shared)(r));
    } catch (py::error_already_set& e) {
      std::string name = e.type() ? std::string(py::str(e.type().attr("__name__"))) : "Error";
      return engine::TaskOutcome::failed(name, e.what());
    } catch (const std::exception& e) {
      return engine::TaskOutcome::failed("States.TaskFailed", e.what());
    }
  };
}

}  // namespace sfn::bindings
