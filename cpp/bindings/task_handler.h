// The task seam in Python: a Python callable performs Task states. It receives a dict
// describing the request and answers with a reply dict:
//   {"kind": "succeeded", "result": ...} | {"kind": "failed", "error": ..., "cause": ...}
//   | {"kind": "pending", "completion_token": ...}   (the result comes later, through the task
//     token, or for a task without one through `completion_token`)
//   | {"kind": "delegate"}   (the service performs the task natively: nested StartExecution)
//   | {"kind": "in_flight", "settle": fn}   (the handler runs on an executor: fn() waits for it
//     and returns the reply; the engine calls it later, see TaskOutcome::Kind::InFlight)
// plus optional "duration" (simulated seconds), "submitted" (TaskSubmitted's output),
// "worker_name" (the worker that took an activity task answered at once) and
// "lambda_invoke_request_id" (the result is a Lambda function's: wrap it in the lambda:invoke
// response carrying that request id).
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

#include "asl/model.h"
#include "engine/task_invoker.h"

namespace sfn::bindings {

namespace py = pybind11;

std::string_view kind_name(asl::Resource::Kind kind);
std::string_view pattern_name(asl::Resource::Pattern pattern);

// A reply dict as a task outcome (the GIL held), for a task answered at `now_ms`.
engine::TaskOutcome outcome_from_reply(const py::dict& reply, std::int64_t now_ms);

// An invoker calling `handler` with the GIL held; an Exception it raises becomes a task failure
// named after the exception. Empty when `handler` is None. The handler may be dropped on any
// thread: its last reference is released with the GIL taken.
//
// A BaseException that is no Exception (KeyboardInterrupt, SystemExit), or an exception whose
// class sets `_sfnsim_reaches_caller` (sfnsim.ExecutorError), is not the task's to handle: it is
// kept for the thread the handler ran on, the task is left running, and the engine's drivers stop
// at once (handler_escape_pending is their pause check) and raise it (rethrow_handler_escape) in
// the code that called into sfnsim.
engine::TaskInvoker make_invoker(py::object handler);
bool handler_escape_pending();
// handler_escape_pending, and now and then Python's signal handlers (Ctrl-C): the pause check
// of executions driven from Python. Takes the GIL only when it runs the signal handlers.
bool python_interrupted();
// Raises what a task handler on this thread kept back, if anything (the GIL held).
void rethrow_handler_escape();
// Keeps `e` back for rethrow_handler_escape: other Python callbacks the service makes (the
// output shape lookup) let Ctrl-C reach the caller the same way.
void keep_handler_escape(py::error_already_set e);

// `_core.LazyContext`: the request's "context", a callable giving the context object as Python
// values, converted on first call; `_core.lambda_request_id(identity)`: the request id of a
// mocked Lambda call, as the engine puts it in the invoke response.
void register_task_seam(py::module_& m);

}  // namespace sfn::bindings
