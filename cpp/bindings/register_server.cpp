// `_core.HttpFront`: the C++ HTTP front of `sfnsim serve` (cpp/server/) answering with the
// service behind a Python endpoint (python/sfnsim/endpoint.py). The operations the endpoint
// calls direct are answered by Service::dispatch_text with the GIL released, on the
// connection's own thread, as the endpoint itself would answer them; every other request (a
// journalled one of the durable server, a MockConfigFile test case `<arn>#<case>`) is the
// endpoint's answer() in Python. Python is called only for those, for task handlers, and for
// the log line of a request when logging is on.
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "bindings/register.h"
#include "bindings/task_handler.h"
#include "server/durable_road.h"
#include "server/front.h"
#include "service/service.h"
#include "service/tape.h"

namespace sfn::bindings {

namespace {

namespace py = pybind11;
using service::CallContext;

// What the front's hooks use. Holds Python objects: dropped with the GIL taken (a connection
// thread may hold the last reference).
struct Hooks {
  py::object endpoint;
  py::object service_object;  // keeps `service` alive
  service::Service* service = nullptr;
  std::optional<std::set<std::string, std::less<>>> direct;  // nullopt: every operation
  std::set<std::string, std::less<>> test_case_operations;   // with a '#' in the body: Python
  // A durable server's journal, and the operations it journals (answered here, on the
  // connection's thread, without Python); null for an in-memory server.
  std::shared_ptr<server::DurableRoad> durable;
  std::set<std::string, std::less<>> journalled;
  py::object log;  // None: no log lines
  py::object failed;

  std::mutex contexts_lock;
  std::map<std::string, CallContext, std::less<>> contexts;  // per region, the endpoint's
};

std::shared_ptr<Hooks> make_hooks() {
  return std::shared_ptr<Hooks>(new Hooks(), [](Hooks* h) {
    if (!Py_IsInitialized()) return;  // the interpreter is gone: nothing left to release
    py::gil_scoped_acquire gil;
    delete h;
  });
}

// A connection thread's Python thread state: made the first time the thread is about to call
// Python, kept until the thread ends. pybind11's gil_scoped_acquire would otherwise make and
// drop one around every call on a thread Python did not start (and with it the thread's
// threading.local values, which the durable journal's reply recorder keeps).
class PythonThread {
 public:
  static void ensure() { thread_local PythonThread held; }

  PythonThread() : gil_(PyGILState_Ensure()), state_(PyEval_SaveThread()) {}
  ~PythonThread() {
    if (!Py_IsInitialized() || finalizing()) return;  // the interpreter is gone, or going
    PyEval_RestoreThread(state_);
    PyGILState_Release(gil_);
  }
  PythonThread(const PythonThread&) = delete;
  PythonThread& operator=(const PythonThread&) = delete;

 private:
  static bool finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsFinalizing() != 0;
#else
    return _Py_IsFinalizing() != 0;
#endif
  }
  PyGILState_STATE gil_;
  PyThreadState* state_;
};

bool is_direct(const Hooks& h, std::string_view operation, std::string_view body) {
  if (h.direct && h.direct->find(operation) == h.direct->end()) return false;
  return !(h.test_case_operations.count(operation) && body.find('#') != std::string_view::npos);
}

// The endpoint's CallContext for `region`, made once by the endpoint (Python) and kept.
const CallContext& context_for(Hooks& h, std::string_view region) {
  {
    std::lock_guard<std::mutex> guard(h.contexts_lock);
    auto found = h.contexts.find(region);
    if (found != h.contexts.end()) return found->second;
  }
  py::gil_scoped_acquire gil;
  auto context = h.endpoint.attr("_context")(std::string(region)).cast<CallContext>();
  std::lock_guard<std::mutex> guard(h.contexts_lock);
  return h.contexts.emplace(std::string(region), std::move(context)).first->second;
}

// A Python exception as the text of a failure: its traceback (the GIL held).
std::runtime_error failure_of(py::error_already_set& e) {
  py::object lines =
      py::module_::import("traceback").attr("format_exception")(e.type(), e.value(), e.trace());
  return std::runtime_error(py::str("").attr("join")(lines).cast<std::string>());
}

server::Reply answer_in_python(Hooks& h, std::string_view operation, std::string_view region,
                               const std::string& body) {
  py::gil_scoped_acquire gil;
  try {
    auto answered =
        h.endpoint.attr("answer")(std::string(operation), py::bytes(body), std::string(region))
            .cast<py::tuple>();
    server::Reply reply;
    reply.status = answered[0].cast<int>();
    for (auto [name, value] : answered[1].cast<py::dict>()) {
      std::string key = name.cast<std::string>();
      if (key == "Content-Length" || key == "content-length") continue;  // the front's own
      reply.headers.push_back({key, value.cast<std::string>()});
    }
    reply.body = answered[2].cast<std::string>();
    return reply;
  } catch (py::error_already_set& e) {
    throw failure_of(e);
  }
}

void raise_handler_escape() {
  if (handler_escape_pending()) {  // a task handler raised what is not the task's (Ctrl-C)
    py::gil_scoped_acquire gil;
    try {
      rethrow_handler_escape();
    } catch (py::error_already_set& e) {
      throw failure_of(e);
    }
  }
}

bool is_journalled(const Hooks& h, std::string_view operation, std::string_view body) {
  if (!h.durable || h.journalled.find(operation) == h.journalled.end()) return false;
  return !(h.test_case_operations.count(operation) && body.find('#') != std::string_view::npos);
}

// A journalled request of the durable server (docs/server.md, "Durability"), as
// DurableEndpoint.answer (python/sfnsim/server/durable.py) answers it, without the GIL: under
// the journal's lock, the service answers with a tape recording what the answer was made of
// (the task handler's replies too: bindings/task_handler.cpp), the entry is queued in journal
// order, and the answer goes out once the entry is committed (a group commit shared with the
// requests answered meanwhile).
server::Reply answer_journalled(Hooks& h, std::string_view operation, std::string_view region,
                                std::string body) {
  const CallContext& context = context_for(h, region);
  if (body.empty()) body = "{}";
  server::DurableRoad& road = *h.durable;
  service::Tape tape;
  std::uint64_t number = 0;
  server::Reply reply;
  {
    std::lock_guard<std::mutex> serial(road.serial);
    {
      service::TapeScope scope(&tape);
      auto [status, text] = h.service->dispatch_text(operation, body, context);
      reply.status = status;
      reply.body = std::move(text);
    }
    if (!server::changed_nothing(operation, reply.status, reply.body)) {
      number = road.journal.append(
          {std::string(operation), std::string(region), std::move(body), server::tape_text(tape)});
    }
  }
  road.wake();  // the operation may have started a timer
  road.journal.commit_through(number);
  raise_handler_escape();
  return reply;
}

server::Reply answer(Hooks& h, std::string_view operation, std::string_view region,
                     std::string body) {
  PythonThread::ensure();  // before any Python: a context, a task handler, the endpoint
  if (is_journalled(h, operation, body)) {
    return answer_journalled(h, operation, region, std::move(body));
  }
  if (!is_direct(h, operation, body)) return answer_in_python(h, operation, region, body);
  const CallContext& context = context_for(h, region);
  auto [status, text] = h.service->dispatch_text(operation, body, context);
  raise_handler_escape();
  server::Reply reply;
  reply.status = status;
  reply.body = std::move(text);
  return reply;
}

// The hooks requests are answered with, replaced whole by set_endpoint (the conformance
// harness points one running server at each replay's endpoint); a request keeps the hooks it
// began with.
struct Slot {
  std::mutex lock;
  std::shared_ptr<Hooks> hooks;

  std::shared_ptr<Hooks> get() {
    std::lock_guard<std::mutex> guard(lock);
    return hooks;
  }
};

server::Handlers handlers_of(const std::shared_ptr<Slot>& slot) {
  server::Handlers handlers;
  handlers.answer = [slot](std::string_view operation, std::string_view region, std::string body) {
    std::shared_ptr<Hooks> hooks = slot->get();
    return answer(*hooks, operation, region, std::move(body));
  };
  if (!slot->get()->log.is_none()) {
    handlers.log = [slot](const server::LogRecord& r) {
      std::shared_ptr<Hooks> hooks = slot->get();
      PythonThread::ensure();
      py::gil_scoped_acquire gil;
      try {
        hooks->log(std::string(r.client), r.operation.empty() ? "-" : std::string(r.operation),
                   r.status, r.milliseconds);
      } catch (py::error_already_set& e) {
        e.discard_as_unraisable("sfnsim server log");
      }
    };
  }
  handlers.failed = [slot](std::string_view client, std::string_view what) {
    std::shared_ptr<Hooks> hooks = slot->get();
    PythonThread::ensure();
    py::gil_scoped_acquire gil;
    try {
      hooks->failed(std::string(client), std::string(what));
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable("sfnsim server failure report");
    }
  };
  return handlers;
}

// Hooks answering with `endpoint` and its `service` (the GIL held).
std::shared_ptr<Hooks> hooks_for(py::object service, py::object endpoint,
                                 const std::optional<std::vector<std::string>>& direct,
                                 const std::vector<std::string>& test_case_operations,
                                 std::shared_ptr<server::DurableRoad> durable,
                                 const std::vector<std::string>& journalled, py::object log,
                                 py::object failed) {
  auto hooks = make_hooks();
  hooks->durable = std::move(durable);
  hooks->journalled = {journalled.begin(), journalled.end()};
  hooks->service = &service.cast<service::Service&>();
  hooks->service_object = std::move(service);
  hooks->endpoint = std::move(endpoint);
  if (direct) hooks->direct.emplace(direct->begin(), direct->end());
  hooks->test_case_operations = {test_case_operations.begin(), test_case_operations.end()};
  hooks->log = std::move(log);
  hooks->failed = std::move(failed);
  return hooks;
}

// The front and the hooks it answers with; dropped with the GIL released (the destructor
// waits for serve() to return).
struct PyFront {
  std::shared_ptr<Slot> slot = std::make_shared<Slot>();
  std::unique_ptr<server::Front> front;
};

}  // namespace

void register_server(py::module_& m) {
  register_durable_road(m);
  py::class_<PyFront>(m, "HttpFront")
      .def(py::init([](const std::string& host, int port, const std::string& region,
                       std::size_t max_body_bytes, double idle_timeout, py::object service,
                       py::object endpoint, std::optional<std::vector<std::string>> direct,
                       std::vector<std::string> test_case_operations,
                       std::shared_ptr<server::DurableRoad> durable,
                       std::vector<std::string> journalled, py::object log, py::object failed) {
             auto made = std::make_unique<PyFront>();
             made->slot->hooks =
                 hooks_for(std::move(service), std::move(endpoint), direct, test_case_operations,
                           std::move(durable), journalled, std::move(log), std::move(failed));
             server::FrontOptions options;
             options.host = host;
             options.port = port;
             options.default_region = region;
             options.max_body_bytes = max_body_bytes;
             options.idle_timeout_s = idle_timeout;
             try {
               made->front = std::make_unique<server::Front>(options, handlers_of(made->slot));
             } catch (const std::system_error& e) {  // cannot listen: Python's OSError
               py::tuple args = py::make_tuple(e.code().value(), std::string(e.what()));
               PyErr_SetObject(PyExc_OSError, args.ptr());
               throw py::error_already_set();
             }
             return made;
           }),
           py::arg("host"), py::arg("port"), py::arg("region"), py::arg("max_body_bytes"),
           py::arg("idle_timeout"), py::arg("service"), py::arg("endpoint"), py::arg("direct"),
           py::arg("test_case_operations"), py::arg("durable"), py::arg("journalled"),
           py::arg("log"), py::arg("failed"))
      .def(
          "set_endpoint",
          [](PyFront& f, py::object service, py::object endpoint,
             std::optional<std::vector<std::string>> direct,
             std::vector<std::string> test_case_operations,
             std::shared_ptr<server::DurableRoad> durable, std::vector<std::string> journalled) {
            std::shared_ptr<Hooks> now = f.slot->get();
            std::shared_ptr<Hooks> next =
                hooks_for(std::move(service), std::move(endpoint), direct, test_case_operations,
                          std::move(durable), journalled, now->log, now->failed);
            std::lock_guard<std::mutex> guard(f.slot->lock);
            f.slot->hooks.swap(next);
          },
          py::arg("service"), py::arg("endpoint"), py::arg("direct"),
          py::arg("test_case_operations"), py::arg("durable"), py::arg("journalled"))
      .def_property_readonly("host", [](const PyFront& f) { return f.front->host(); })
      .def_property_readonly("port", [](const PyFront& f) { return f.front->port(); })
      .def_property_readonly("failures", [](const PyFront& f) { return f.front->failures(); })
      .def(
          "serve", [](PyFront& f) { f.front->serve(); }, py::call_guard<py::gil_scoped_release>())
      .def(
          "shutdown", [](PyFront& f) { f.front->shutdown(); },
          py::call_guard<py::gil_scoped_release>())
      .def(
          "drain", [](PyFront& f, double seconds) { return f.front->drain(seconds); },
          py::arg("seconds"), py::call_guard<py::gil_scoped_release>());
}

}  // namespace sfn::bindings
