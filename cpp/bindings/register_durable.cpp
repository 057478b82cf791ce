// `_core.DurableRoad` (server/durable_road.h): the durable server's journal file, its lock and
// the timer thread's wake-up, as python/sfnsim/server/durable.py uses them for what stays in
// Python (the timer thread, a MockConfigFile test case, the replay on start). The front answers
// the other journalled requests with the same object without Python (register_server.cpp).
// Everything that may wait (the lock, a commit, the wake-up) releases the GIL: a connection
// thread holding the lock may need the GIL for a task handler.
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings/register.h"
#include "server/durable_road.h"

namespace sfn::bindings {

namespace py = pybind11;
using server::DurableRoad;

void register_durable_road(py::module_& m) {
  m.def("native_journal", &server::journal_available,
        "Whether this build has the C++ journal (SQLite's C library was found).");
  py::class_<DurableRoad, std::shared_ptr<DurableRoad>>(m, "DurableRoad")
      .def(py::init([](const std::string& path) { return std::make_shared<DurableRoad>(path); }),
           py::arg("path"))
      .def(
          "meta", [](DurableRoad& d, const std::string& key) { return d.journal.meta(key); },
          py::arg("key"), py::call_guard<py::gil_scoped_release>())
      .def(
          "set_meta",
          [](DurableRoad& d, const std::string& key, const std::string& value) {
            d.journal.set_meta(key, value);
          },
          py::arg("key"), py::arg("value"), py::call_guard<py::gil_scoped_release>())
      .def(
          "acquire", [](DurableRoad& d) { d.serial.lock(); },
          py::call_guard<py::gil_scoped_release>())
      .def("release", [](DurableRoad& d) { d.serial.unlock(); })
      .def(
          "append",
          [](DurableRoad& d, const std::string& operation, const std::string& region,
             const py::bytes& body, const service::Tape& tape,
             const std::optional<std::vector<std::string>>& test_case) {
            std::string text =
                server::tape_text(tape, test_case.value_or(std::vector<std::string>{}));
            return d.journal.append({operation, region, std::string(body), std::move(text)});
          },
          py::arg("operation"), py::arg("region"), py::arg("body"), py::arg("tape"),
          py::arg("test_case") = std::nullopt,
          "Queues an entry (the lock held); its number, for commit_through.")
      .def(
          "commit_through", [](DurableRoad& d, std::uint64_t n) { d.journal.commit_through(n); },
          py::arg("number"), py::call_guard<py::gil_scoped_release>())
      .def(
          "read",
          [](DurableRoad& d, std::int64_t after, std::size_t limit) {
            std::vector<server::StoredRow> rows;
            {
              py::gil_scoped_release release;
              rows = d.journal.read(after, limit);
            }
            py::list out;
            for (auto& r : rows) {
              out.append(py::make_tuple(r.seq, r.row.operation, r.row.region, py::bytes(r.row.body),
                                        r.row.tape));
            }
            return out;
          },
          py::arg("after"), py::arg("limit"),
          "Up to `limit` entries after seq `after`: (seq, operation, region, body, tape).")
      .def(
          "last_tape", [](DurableRoad& d) { return d.journal.last_tape(); },
          py::call_guard<py::gil_scoped_release>())
      .def("wake", &DurableRoad::wake, py::call_guard<py::gil_scoped_release>())
      .def("wait_wake", &DurableRoad::wait_wake, py::arg("seconds"),
           py::call_guard<py::gil_scoped_release>())
      .def(
          "close", [](DurableRoad& d) { d.journal.close(); },
          py::call_guard<py::gil_scoped_release>());
}

}  // namespace sfn::bindings
