// The Step Functions API as the Python package sees it: a Service with one dispatch method
// (Python dicts in and out, for sfnsim.client) and its wire form (JSON bytes in and out, for a
// routed boto3 client). The GIL is released before the service takes any lock and while
// executions run; task handlers take it back to call Python.
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>

#include "bindings/compiled_machine.h"
#include "bindings/json_convert.h"
#include "bindings/register.h"
#include "bindings/shape_lookup.h"
#include "bindings/task_handler.h"
#include "service/errors.h"
#include "service/progress_board.h"
#include "service/service.h"
#include "service/tape.h"
#include "service/validation.h"

namespace sfn::bindings {

namespace {

using service::CallContext;
using service::ManualClock;
using service::ProgressBoard;
using service::Service;
using service::Tape;
using service::TapeScope;

// Dropping a Service joins its clock thread and destroys task handlers (which take the GIL),
// so it happens with the GIL released.
struct ReleaseGilDelete {
  void operator()(Service* s) const {
    py::gil_scoped_release release;
    delete s;
  }
};

// Members the API declares as timestamps: epoch seconds on the wire, datetimes in Python.
bool is_timestamp_key(std::string_view key) {
  return key == "creationDate" || key == "updateDate" || key == "startDate" || key == "stopDate" ||
         key == "redriveDate" || key == "timestamp";
}

struct Converter {
  py::object fromtimestamp;
  py::object utc;

  py::object operator()(const Json& value) const {
    if (value.is_string()) return str_of(value.get_ref<const std::string&>());
    if (value.is_object()) {
      py::dict out;
      for (const auto& [k, v] : value.items()) {
        if (v.is_number() && is_timestamp_key(k)) {
          out[str_of(k)] = fromtimestamp(v.get<double>(), utc);
        } else {
          out[str_of(k)] = (*this)(v);
        }
      }
      return out;
    }
    if (value.is_array()) {
      py::list out(value.size());
      std::size_t i = 0;
      for (const auto& item : value) out[i++] = (*this)(item);
      return out;
    }
    return to_python(value);
  }
};

py::object api_to_python(const Json& value) {
  py::module_ datetime = py::module_::import("datetime");
  Converter convert{datetime.attr("datetime").attr("fromtimestamp"),
                    datetime.attr("timezone").attr("utc")};
  return convert(value);
}

py::tuple dispatch(Service& s, const std::string& operation, py::handle request,
                   const CallContext& context) {
  Json body = request.is_none() ? Json::object() : to_json(request);
  service::Response response = [&] {
    py::gil_scoped_release release;
    return s.dispatch(operation, body, context);
  }();
  rethrow_handler_escape();
  if (response.ok()) return py::make_tuple(true, api_to_python(response.value()));
  const service::ServiceError& e = response.error();
  py::dict error;
  error["Code"] = str_of(e.code);
  error["Message"] = str_of(e.message);
  py::dict fields;
  for (const auto& [k, v] : e.fields.items()) fields[str_of(k)] = api_to_python(v);
  return py::make_tuple(false, py::make_tuple(error, fields));
}

// `tape`: records (or replays) the clock readings and random draws of this one operation.
py::tuple dispatch_text(Service& s, const std::string& operation, const py::bytes& body,
                        const CallContext& context, Tape* tape) {
  std::string request_text = body;
  std::pair<int, std::string> reply;
  {
    py::gil_scoped_release release;
    TapeScope scope(tape);
    reply = s.dispatch_text(operation, request_text, context);
  }
  rethrow_handler_escape();
  return py::make_tuple(reply.first, py::bytes(reply.second));
}

}  // namespace

void register_service(py::module_& m) {
  py::class_<ManualClock, std::shared_ptr<ManualClock>>(m, "ManualClock")
      .def(py::init<std::int64_t>(), py::arg("start_ms"))
      .def_property_readonly("now_ms", &ManualClock::now_ms)
      .def(
          "advance",
          [](ManualClock& clock, std::int64_t delta_ms) {
            {
              py::gil_scoped_release release;
              clock.advance(delta_ms);
            }
            rethrow_handler_escape();
          },
          py::arg("delta_ms"));

  // progress=True on a client (python/sfnsim/progress.py): what its executions' Maps did.
  py::class_<ProgressBoard, std::shared_ptr<ProgressBoard>>(m, "ProgressBoard")
      .def(py::init<>())
      // [(execution ARN, name, running, [(state name, distributed, total, succeeded, failed,
      // running)])], as ProgressBoard::take_snapshot (an ended execution once more, then not).
      .def("take_snapshot", [](ProgressBoard& board) {
        std::vector<service::ExecutionProgress> snapshot;
        {
          py::gil_scoped_release release;
          snapshot = board.take_snapshot();
        }
        py::list out;
        for (const service::ExecutionProgress& e : snapshot) {
          py::list maps;
          for (const engine::MapProgress& p : e.maps) {
            maps.append(py::make_tuple(str_of(p.state_name), p.distributed, p.total, p.succeeded,
                                       p.failed, p.running));
          }
          out.append(py::make_tuple(str_of(e.execution_arn), str_of(e.name), e.running, maps));
        }
        return out;
      });

  py::class_<CallContext>(m, "CallContext")
      .def(py::init([](std::string region, std::string account, py::object handler,
                       py::object output_shape, std::shared_ptr<ProgressBoard> progress) {
             CallContext c;
             c.region = std::move(region);
             c.account = std::move(account);
             c.invoker = make_invoker(std::move(handler));
             c.interrupted = python_interrupted;
             c.output_shape = make_shape_lookup(std::move(output_shape));
             c.progress = std::move(progress);
             return c;
           }),
           py::arg("region"), py::arg("account"), py::arg("handler") = py::none(),
           py::arg("output_shape") = py::none(), py::arg("progress") = nullptr);

  py::class_<Service, std::unique_ptr<Service, ReleaseGilDelete>>(m, "Service")
      .def(py::init([](const std::string& clock, std::shared_ptr<ManualClock> manual,
                       std::uint64_t seed, std::size_t max_closed_executions,
                       std::int64_t retention_ms, double time_scale, bool timer_thread,
                       std::optional<std::int64_t> origin_ms) {
             service::ServiceOptions options;
             options.seed = seed;
             options.retention.max_closed_executions = max_closed_executions;
             options.retention.max_age_ms = retention_ms;
             options.timer_thread = timer_thread;
             if (clock == "manual") {
               if (!manual) throw py::value_error("a manual clock needs a ManualClock");
               options.clock.kind = service::ClockKind::Manual;
               options.clock.manual = std::move(manual);
             } else if (clock == "real") {
               if (!(time_scale > 0) || !std::isfinite(time_scale)) {
                 throw py::value_error("time_scale must be a finite number above 0");
               }
               options.clock = service::Clock::real(time_scale);
               // A restarted server's clock goes on from where the last one's was.
               if (origin_ms) options.clock.origin_ms = *origin_ms;
             } else if (clock != "virtual") {
               throw py::value_error("clock must be 'virtual', 'real' or a ManualClock");
             }
             return std::unique_ptr<Service, ReleaseGilDelete>(new Service(std::move(options)));
           }),
           py::arg("clock") = "virtual", py::arg("manual_clock") = nullptr, py::arg("seed") = 0,
           py::arg("max_closed_executions") = 0,
           py::arg("retention_ms") = service::Retention{}.max_age_ms, py::arg("time_scale") = 1.0,
           py::arg("timer_thread") = true, py::arg("origin_ms") = std::nullopt)
      // _core.compile through this service's cache of compiled definitions (sfnsim.run with
      // an engine): the same tuple.
      .def(
          "compile",
          [](Service& s, const Utf8& definition, bool express) {
            auto parsed = [&] {
              py::gil_scoped_release release;
              return s.compile(definition.text, express);
            }();
            return compile_result(std::move(parsed));
          },
          py::arg("definition"), py::arg("express") = false)
      .def("dispatch", &dispatch, py::arg("operation"), py::arg("request"), py::arg("context"))
      .def("dispatch_text", &dispatch_text, py::arg("operation"), py::arg("body"),
           py::arg("context"), py::arg("tape") = nullptr)
      .def(
          "run_due",
          [](Service& s, Tape* tape) {
            {
              py::gil_scoped_release release;
              TapeScope scope(tape);
              s.run_due();
            }
            rethrow_handler_escape();
          },
          py::arg("tape") = nullptr)
      // Takes the registry's lock, which a thread may hold while it waits for the GIL.
      .def("next_due_ms", &Service::next_due_ms, py::call_guard<py::gil_scoped_release>())
      .def_property_readonly("now_ms", [](const Service& s) { return s.clock().read_ms(); });

  // service/tape.h: an operation's clock readings and random draws, recorded or replayed.
  py::class_<Tape>(m, "Tape")
      .def(py::init([](bool replay, std::vector<std::int64_t> clock, std::vector<std::string> uuids,
                       std::vector<std::uint64_t> seeds, std::vector<std::string> replies) {
             Tape t;
             t.mode = replay ? Tape::Mode::Replay : Tape::Mode::Record;
             t.clock = std::move(clock);
             t.uuids = std::move(uuids);
             t.seeds = std::move(seeds);
             t.replies = std::move(replies);
             return t;
           }),
           py::arg("replay") = false, py::arg("clock") = std::vector<std::int64_t>{},
           py::arg("uuids") = std::vector<std::string>{},
           py::arg("seeds") = std::vector<std::uint64_t>{},
           py::arg("replies") = std::vector<std::string>{})
      .def_readonly("clock", &Tape::clock)
      .def_readonly("uuids", &Tape::uuids)
      .def_readonly("seeds", &Tape::seeds)
      .def_readonly("replies", &Tape::replies)  // JSON texts
      .def_property_readonly("diverged", [](const Tape& t) {
        // Replayed values left unread count too: the operation took a shorter path.
        return t.diverged || t.clock_at < t.clock.size() || t.uuids_at < t.uuids.size() ||
               t.seeds_at < t.seeds.size() || t.replies_at < t.replies.size();
      });

  // (name, required, type, min) per request member, for the client's parameter checks.
  m.def("request_members", [](const std::string& operation) {
    py::list out;
    for (const auto& member : service::request_members(operation)) {
      out.append(py::make_tuple(member.name, member.required, member.type, member.min));
    }
    return out;
  });
  // The InvalidExecutionInput message StartExecution gives for input `text`, or None if the
  // text is a JSON value: sfnsim.run(input_json=...) words its refusal as the API does.
  m.def(
      "execution_input_error",
      [](const Utf8& text) -> py::object {
        Json value;
        std::string error;
        if (parse_text(text.text, value, error)) return py::none();
        return str_of(service::invalid_execution_input_text(text.text, error).message);
      },
      py::arg("text"));
  m.def("operation_names", [] {
    py::list out;
    for (std::string_view name : service::operation_names())
      out.append(py::str(name.data(), name.size()));
    return out;
  });
}

}  // namespace sfn::bindings
