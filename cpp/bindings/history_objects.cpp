// engine/history_render.h's fields written straight into Python objects. The keys are the same
// few dozen names in every event: each becomes one interned str, made once per call.
#include "bindings/history_objects.h"

#include <datetime.h>

#include <chrono>
#include <string>
#include <unordered_map>

#include "engine/history_render.h"

namespace sfn::bindings {

namespace {

struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class PythonOut {
 public:
  explicit PythonOut(PyDateTime_CAPI* datetime_api) : datetime_(datetime_api) {}

  // The event being written: a new dict, handed over by take().
  void start() {
    root_ = py::dict();
    open_.assign(1, root_.ptr());
  }
  py::dict take() { return std::move(root_); }

  void text(std::string_view key, std::string_view value) { put(key, str_of(value)); }
  void integer(std::string_view key, std::int64_t value) {
    put(key, steal(PyLong_FromLongLong(value)));
  }
  void boolean(std::string_view key, bool value) { put(key, py::bool_(value)); }
  void json(std::string_view key, const Json& value) { put(key, to_python(value)); }
  // boto3 parses the wire's epoch seconds into an aware UTC datetime: the same value, made from
  // the exact milliseconds.
  void timestamp(std::string_view key, std::int64_t epoch_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> at{milliseconds(epoch_ms)};
    const sys_days day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> hms{at - day};
    put(key, steal(datetime_->DateTime_FromDateAndTime(
                 static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                 static_cast<int>(unsigned(ymd.day())), static_cast<int>(hms.hours().count()),
                 static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                 static_cast<int>(hms.subseconds().count()) * 1000, datetime_->TimeZone_UTC,
                 datetime_->DateTimeType)));
  }
  void begin(std::string_view key) {
    py::dict child;
    PyObject* raw = child.ptr();
    put(key, std::move(child));
    open_.push_back(raw);  // the parent holds it
  }
  void end() { open_.pop_back(); }

 private:
  static py::object steal(PyObject* o) {
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
  }
  void put(std::string_view key, py::object value) {
    if (PyDict_SetItem(open_.back(), key_of(key), value.ptr()) != 0) throw py::error_already_set();
  }
  PyObject* key_of(std::string_view key) {
    auto it = keys_.find(key);
    if (it == keys_.end()) {
      PyObject* raw = str_of(key).release().ptr();
      PyUnicode_InternInPlace(&raw);  // takes the reference and may swap in an equal str
      it = keys_.emplace(std::string(key), py::reinterpret_steal<py::object>(raw)).first;
    }
    return it->second.ptr();
  }

  PyDateTime_CAPI* datetime_;
  std::unordered_map<std::string, py::object, KeyHash, std::equal_to<>> keys_;
  py::dict root_;
  std::vector<PyObject*> open_;
};

}  // namespace

py::list history_objects(const std::vector<engine::HistoryEvent>& events,
                         const engine::RenderOptions& options) {
  // The datetime C API, looked up per call rather than kept in a global.
  auto* api = static_cast<PyDateTime_CAPI*>(PyCapsule_Import(PyDateTime_CAPSULE_NAME, 0));
  if (!api) throw py::error_already_set();
  PythonOut out(api);
  py::list list(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    out.start();
    engine::render_event(events[i], options, out);
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), out.take().release().ptr());
  }
  return list;
}

}  // namespace sfn::bindings
