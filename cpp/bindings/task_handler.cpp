#include "bindings/task_handler.h"

#include <array>
#include <functional>
#include <thread>
#include <vector>

#include "bindings/json_convert.h"
#include "common/name_uuid.h"
#include "service/response_envelopes.h"
#include "service/tape.h"

namespace sfn::bindings {

namespace {

// The thread that imported the module: Python's main thread in every ordinary program.
std::thread::id& python_main_thread() {
  static std::thread::id main = std::this_thread::get_id();
  return main;
}

}  // namespace

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

namespace {

// A mocked Lambda call's request id: given as is, or as the call's identity (execution ARN,
// state name, attempt, mock key, invocation index) to derive it from: uuid5 of the parts
// joined with '|'. Python's mocks call it too (_core.lambda_request_id).
std::string invoke_request_id(const py::object& given) {
  if (!py::isinstance<py::tuple>(given)) return given.cast<std::string>();
  std::string name;
  bool first = true;
  for (auto part : py::reinterpret_borrow<py::tuple>(given)) {
    if (!first) name.push_back('|');
    first = false;
    name += py::str(part).cast<std::string>();
  }
  return uuid5_url(name);
}

}  // namespace

namespace {

std::function<engine::TaskOutcome()> settle_function(py::object settle, std::int64_t now_ms);

}  // namespace

namespace {

// The cause of sfnsim.InvalidMockResult: which mock, what JSON could not hold, what to do.
std::string not_json_cause(const std::string& mock, const std::string& problem) {
  std::string who = mock.empty() ? "The task handler" : "The mock " + mock;
  return who + " returned a value that is not JSON: " + problem +
         ". A result must be made of dict (str keys), list, str, int, float, bool and None "
         "(a datetime as .isoformat(), a set as a list).";
}

}  // namespace

engine::TaskOutcome outcome_from_reply(const py::dict& reply, std::int64_t now_ms) {
  // One pass over the reply's few keys: a lookup per known key built a key string each time.
  py::object kind, result, error, cause, token, duration, submitted, worker, invoke_request, settle,
      mock;
  PyObject* key = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t pos = 0;
  while (PyDict_Next(reply.ptr(), &pos, &key, &value)) {
    if (!PyUnicode_Check(key)) continue;
    auto is = [key](const char* name) { return PyUnicode_CompareWithASCIIString(key, name) == 0; };
    auto val = py::reinterpret_borrow<py::object>(value);
    if (is("kind")) {
      kind = val;
    } else if (is("result")) {
      result = val;
    } else if (is("error")) {
      error = val;
    } else if (is("cause")) {
      cause = val;
    } else if (is("completion_token")) {
      token = val;
    } else if (is("duration")) {
      duration = val;
    } else if (is("submitted")) {
      submitted = val;
    } else if (is("worker_name")) {
      worker = val;
    } else if (is("lambda_invoke_request_id")) {
      invoke_request = val;
    } else if (is("settle")) {
      settle = val;
    } else if (is("mock")) {
      mock = val;
    }
  }
  auto given = [](const py::object& o) { return o && !o.is_none(); };
  auto text = [&given](const py::object& o) {
    if (!given(o)) return std::string();
    return py::isinstance<py::str>(o) ? utf8_of(o) : o.cast<std::string>();
  };
  std::string k = kind ? kind.cast<std::string>() : "succeeded";
  engine::TaskOutcome outcome;
  if (k == "failed") {
    outcome = engine::TaskOutcome::failed(text(error), text(cause));
    outcome.failure.has_error = given(error);
    outcome.failure.has_cause = given(cause);
  } else if (k == "delegate") {
    outcome = engine::TaskOutcome::delegate();
  } else if (k == "pending") {
    outcome = engine::TaskOutcome::pending(text(token));
  } else if (k == "in_flight") {
    outcome.kind = engine::TaskOutcome::Kind::InFlight;
    outcome.settle = settle_function(settle, now_ms);
    return outcome;
  } else {
    Json answer;
    try {
      answer = result ? to_json(result) : Json(nullptr);
    } catch (const py::value_error& e) {
      // A mock (or tasks= handler) returned what JSON cannot hold: a bug in the test, not a
      // failure of the task, so no Retry or Catch may see it (a States.ALL Catch would hide
      // it). The reply names the mock ("mock", set by sfnsim.mocks).
      return engine::TaskOutcome::failed("sfnsim.InvalidMockResult",
                                         not_json_cause(text(mock), e.what()));
    }
    if (given(invoke_request)) {
      answer = service::lambda_invoke_response(std::move(answer), invoke_request_id(invoke_request),
                                               now_ms);
    }
    outcome = engine::TaskOutcome::success(std::move(answer));
  }
  if (given(duration)) outcome.duration_seconds = duration.cast<double>();
  if (given(submitted)) outcome.submitted = to_json(submitted);
  if (given(worker)) outcome.worker_name = worker.cast<std::string>();
  return outcome;
}

namespace {

// The context object handed to Python: converted only when a handler or a test reads it.
// $$.Execution.Input can be the whole execution input, so converting it for every Task made a
// Map over n items cost O(n^2); the snapshot shares the input instead of copying it.
struct LazyContext {
  // The context without Execution.Input (the engine mutates the live one), shared by the calls
  // of an execution: only State and Task change from one Task to the next.
  std::shared_ptr<const Json> rest;
  Json per_call;  // State and Task as this call saw them (they replace rest's)
  JsonPtr input;
  std::size_t input_position = 0;  // where Input sits among Execution's keys
  py::object cached;

  py::object get() {
    if (cached) return cached;
    py::object value = to_python(*rest);
    if (py::isinstance<py::dict>(value)) {
      // The keys exist already: assigning keeps the context's key order.
      for (const auto& [key, v] : per_call.items()) value[py::str(key)] = to_python(v);
    }
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

bool per_call_key(const std::string& key) { return key == "State" || key == "Task"; }

// Whether the snapshot leaves `value` (a context member) without its Input.
bool strips_input(const std::string& key, const Json& value, const JsonPtr& input) {
  return key == "Execution" && value.is_object() && input && value.contains("Input");
}

// The context minus Execution.Input.
Json context_rest(const Json& context, const JsonPtr& input) {
  Json rest = Json::object();
  for (const auto& [key, value] : context.items()) {
    if (!strips_input(key, value, input)) {
      rest[key] = value;
      continue;
    }
    Json execution = Json::object();
    for (const auto& [k, v] : value.items()) {
      if (k != "Input") execution[k] = v;
    }
    rest[key] = std::move(execution);
  }
  return rest;
}

// Whether `rest` (an earlier call's context_rest) still holds what `context` does, State and
// Task aside: compared in place instead of copied for every call.
bool same_rest(const Json& context, const Json& rest, const JsonPtr& input) {
  if (!context.is_object() || !rest.is_object() || context.size() != rest.size()) return false;
  auto kept = rest.get_ref<const Json::object_t&>().begin();
  for (const auto& [key, value] : context.get_ref<const Json::object_t&>()) {
    const auto& [kept_key, kept_value] = *kept++;
    if (key != kept_key) return false;
    if (per_call_key(key)) continue;
    if (!strips_input(key, value, input)) {
      if (value != kept_value) return false;
      continue;
    }
    if (!kept_value.is_object() || kept_value.size() + 1 != value.size()) return false;
    auto member = kept_value.get_ref<const Json::object_t&>().begin();
    for (const auto& [k, v] : value.get_ref<const Json::object_t&>()) {
      if (k == "Input") continue;
      if (k != member->first || v != member->second) return false;
      ++member;
    }
  }
  return true;
}

// `shared` is the invoker's last rest, reused while the context still matches it.
LazyContext snapshot(const Json& context, const JsonPtr& input,
                     std::shared_ptr<const Json>& shared) {
  LazyContext lazy;
  lazy.per_call = Json::object();
  for (const auto& [key, value] : context.items()) {
    if (per_call_key(key)) lazy.per_call[key] = value;
    if (!strips_input(key, value, input)) continue;
    std::size_t position = 0;
    for (const auto& item : value.items()) {
      if (item.key() == "Input") break;
      ++position;
    }
    lazy.input_position = position;
    lazy.input = input;
  }
  if (!shared || !same_rest(context, *shared, input)) {
    shared = std::make_shared<const Json>(context_rest(context, input));
  }
  lazy.rest = shared;
  return lazy;
}

}  // namespace

void register_task_seam(py::module_& m) {
  python_main_thread();  // taken at import
  py::class_<LazyContext>(m, "LazyContext")
      .def("__call__", &LazyContext::get,
           "The task's context object as Python values (converted on first call).");
  // The mocks' one derivation of request ids: a handler's context and an error's cause get the
  // same id as the invoke response the engine builds.
  m.def("lambda_request_id", &invoke_request_id, py::arg("identity"),
        "A mocked Lambda call's request id from its identity tuple (uuid5 of its parts).");
}

namespace {

// The request dict's keys, in the order handlers see them.
enum RequestKey : std::size_t {
  kResource,
  kKind,
  kService,
  kAction,
  kPattern,
  kFunctionName,
  kStateName,
  kExecutionArn,
  kStateMachineArn,
  kParameters,
  kContext,
  kTaskToken,
  kAttempt,
  kTimeoutSeconds,
  kHeartbeatSeconds,
  kCredentials,
  kNowMs,
  kReaderFormat,
  kKeyCount
};

constexpr std::array<const char*, kKeyCount> kKeyNames = {"resource",
                                                          "kind",
                                                          "service",
                                                          "action",
                                                          "pattern",
                                                          "function_name",
                                                          "state_name",
                                                          "execution_arn",
                                                          "state_machine_arn",
                                                          "parameters",
                                                          "context",
                                                          "task_token",
                                                          "attempt",
                                                          "timeout_seconds",
                                                          "heartbeat_seconds",
                                                          "credentials",
                                                          "now_ms",
                                                          "reader_format"};

// What stays the same from one call of a Task state to the next: its resource fields, its name
// and the execution's ARNs, as a request dict that each call copies and completes.
struct TaskShape {
  const asl::Resource* resource = nullptr;  // a hint; the texts below decide
  std::string arn;
  std::string state_name;
  std::string execution_arn;
  std::string state_machine_arn;
  py::dict request;
};

// The Python handler and what its calls reuse. Touched only with the GIL held.
struct InvokerState {
  py::object handler;
  std::array<py::str, kKeyCount> keys;
  py::str empty;
  std::vector<TaskShape> shapes;
  std::shared_ptr<const Json> context_rest;  // the last context snapshot's shared part

  explicit InvokerState(py::object h) : handler(std::move(h)) {
    // Interned like the literals of Python code: a handler's request["kind"] finds its key by
    // identity.
    for (std::size_t i = 0; i < kKeyCount; ++i) {
      keys[i] = py::reinterpret_steal<py::str>(PyUnicode_InternFromString(kKeyNames[i]));
    }
    empty = py::str("");
  }

  const TaskShape& shape_for(const engine::TaskRequest& request) {
    const asl::Resource& res = *request.resource;
    for (const TaskShape& s : shapes) {
      if (s.resource == &res && s.state_name == request.state_name && s.arn == res.arn &&
          s.execution_arn == request.execution_arn &&
          s.state_machine_arn == request.state_machine_arn) {
        return s;
      }
    }
    // Bounded: a long-lived service sees new executions (and machines) without end.
    if (shapes.size() >= 64) shapes.clear();
    TaskShape s;
    s.resource = &res;
    s.arn = res.arn;
    s.state_name = std::string(request.state_name);
    s.execution_arn = std::string(request.execution_arn);
    s.state_machine_arn = std::string(request.state_machine_arn);
    py::dict r;
    for (std::size_t i = 0; i < kKeyCount; ++i) r[keys[i]] = py::none();
    r[keys[kResource]] = py::str(res.arn);
    r[keys[kKind]] = py::str(kind_name(res.kind).data(), kind_name(res.kind).size());
    r[keys[kService]] = py::str(res.service);
    r[keys[kAction]] = py::str(res.action);
    r[keys[kPattern]] = py::str(pattern_name(res.pattern).data(), pattern_name(res.pattern).size());
    r[keys[kFunctionName]] = py::str(res.function_name);
    r[keys[kStateName]] = py::str(s.state_name);
    r[keys[kExecutionArn]] = py::str(s.execution_arn);
    r[keys[kStateMachineArn]] = py::str(s.state_machine_arn);
    s.request = std::move(r);
    shapes.push_back(std::move(s));
    return shapes.back();
  }

  void set(PyObject* dict, RequestKey key, py::object value) const {
    if (PyDict_SetItem(dict, keys[key].ptr(), value.ptr()) != 0) throw py::error_already_set();
  }

  // The request dict for `request`: the state's shape copied (a flat copy of a small dict),
  // then what changes per call.
  py::dict build(const engine::TaskRequest& request) {
    auto r = py::reinterpret_steal<py::dict>(PyDict_Copy(shape_for(request).request.ptr()));
    if (!r) throw py::error_already_set();
    PyObject* d = r.ptr();
    if (request.parameters) set(d, kParameters, to_python(*request.parameters));
    if (request.context) {
      set(d, kContext, py::cast(snapshot(*request.context, request.execution_input, context_rest)));
    }
    set(d, kTaskToken,
        request.task_token.empty() ? py::object(empty) : py::str(std::string(request.task_token)));
    set(d, kAttempt, py::int_(request.attempt));
    if (request.timeout_seconds) set(d, kTimeoutSeconds, py::int_(*request.timeout_seconds));
    if (request.heartbeat_seconds) set(d, kHeartbeatSeconds, py::int_(*request.heartbeat_seconds));
    if (request.credentials) set(d, kCredentials, to_python(*request.credentials));
    set(d, kNowMs, py::int_(request.now_ms));
    if (!request.reader_format.empty())
      set(d, kReaderFormat, py::str(std::string(request.reader_format)));
    return r;
  }
};

}  // namespace

namespace {

// Per thread: handlers run on the thread that drives the execution, which is the thread that
// called into sfnsim (or the real clock's driver, which has nobody to raise it to).
std::unique_ptr<py::error_already_set>& escaped() {
  thread_local std::unique_ptr<py::error_already_set> slot;
  return slot;
}

}  // namespace

bool handler_escape_pending() { return escaped() != nullptr; }

bool python_interrupted() {
  if (escaped()) return true;
  // Now and then, Python's own signal handlers get to run (Ctrl-C while an execution loops
  // through states without calling Python): what they raise is kept like a handler's. Python
  // runs them on its main thread only, so other threads (the real clock's driver) never take
  // the GIL here.
  thread_local std::uint32_t calls = 0;
  if ((++calls & 0xFFF) != 0) return false;
  if (!PyGILState_Check() && std::this_thread::get_id() != python_main_thread()) return false;
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  escaped() = std::make_unique<py::error_already_set>();
  return true;
}

void rethrow_handler_escape() {
  std::unique_ptr<py::error_already_set> e = std::move(escaped());
  if (e) throw py::error_already_set(std::move(*e));
}

void keep_handler_escape(py::error_already_set e) {
  escaped() = std::make_unique<py::error_already_set>(std::move(e));
}

namespace {

// Whether what a Python callback raised is for the code that called into sfnsim rather than the
// task's: a BaseException that is no Exception (Ctrl-C, sys.exit()), or an exception whose class
// says so (sfnsim.ExecutorError: the executor could not run a handler at all).
bool reaches_caller(const py::error_already_set& e) {
  if (!e.matches(PyExc_Exception)) return true;
  return e.type() && py::bool_(py::getattr(e.type(), "_sfnsim_reaches_caller", py::bool_(false)));
}

// Calls `call` (the GIL held) and converts the reply it returns. An Exception it raises becomes
// a task failure named after the exception instead of unwinding through the engine; what
// reaches_caller is kept for the caller, and the task is left running.
template <typename Call>
engine::TaskOutcome guarded(std::int64_t now_ms, Call&& call) {
  try {
    return outcome_from_reply(call(), now_ms);
  } catch (py::error_already_set& e) {
    if (reaches_caller(e)) {
      escaped() = std::make_unique<py::error_already_set>(std::move(e));
      return engine::TaskOutcome::pending();
    }
    std::string name = e.type() ? std::string(py::str(e.type().attr("__name__"))) : "Error";
    return engine::TaskOutcome::failed(name, e.what());
  } catch (const std::exception& e) {
    return engine::TaskOutcome::failed("States.TaskFailed", e.what());
  }
}

// A reply's "settle" (a Python callable giving the reply of a task in flight) as the engine's
// TaskOutcome::settle. The engine may drop it on any thread: the last reference is released
// with the GIL taken.
std::function<engine::TaskOutcome()> settle_function(py::object settle, std::int64_t now_ms) {
  std::shared_ptr<py::object> held(new py::object(std::move(settle)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
  return [held, now_ms]() -> engine::TaskOutcome {
    py::gil_scoped_acquire gil;
    return guarded(now_ms, [&held] { return (*held)(); });
  };
}

}  // namespace

namespace {

// The handler's reply as the thread's tape (service/tape.h) has it: recording, the reply is
// kept as JSON text (Python's json.dumps with default=str: what JSON cannot hold is kept as
// its str, as the Python journal always did) and given back as made; replaying, the handler
// has been called all the same (mocks count their invocations, the in-memory fakes fill as
// they did) but the recorded reply stands for what it answered then (a pass-through service
// is not called again: its gate in server/durable.py answers for it). A call past the
// recording marks the tape diverged and keeps the fresh reply. The GIL held.
py::object taped_reply(py::object reply) {
  service::Tape* tape = service::thread_tape();
  if (!tape) return reply;
  static py::object* dumps = [] {
    py::object json = py::module_::import("json");
    py::object builtins = py::module_::import("builtins");
    py::object partial = py::module_::import("functools").attr("partial");
    return new py::object(partial(json.attr("dumps"),
                                  py::arg("separators") = py::make_tuple(",", ":"),
                                  py::arg("default") = builtins.attr("str")));
  }();  // leaked on purpose: released at exit after the interpreter would be unsafe
  static py::object* loads = new py::object(py::module_::import("json").attr("loads"));
  if (tape->mode == service::Tape::Mode::Record) {
    tape->replies.push_back((*dumps)(reply).cast<std::string>());
    return reply;
  }
  if (tape->replies_at < tape->replies.size()) {
    return (*loads)(py::str(tape->replies[tape->replies_at++]));
  }
  tape->diverged = true;
  return reply;
}

}  // namespace

// Calls the Python task handler with the GIL held (see guarded).
engine::TaskInvoker make_invoker(py::object handler) {
  if (handler.is_none()) return {};
  // The invoker may outlive the caller's reference and be destroyed on a thread without the
  // GIL (an execution finishing in the real clock's driver thread).
  std::shared_ptr<InvokerState> shared(new InvokerState(std::move(handler)), [](InvokerState* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
  return [shared](const engine::TaskRequest& request) -> engine::TaskOutcome {
    py::gil_scoped_acquire gil;
    return guarded(request.now_ms,
                   [&] { return taped_reply(shared->handler(shared->build(request))); });
  };
}

}  // namespace sfn::bindings
