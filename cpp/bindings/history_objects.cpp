// engine/history_render.h's fields written straight into Python objects. The keys are the same
// few dozen names in every event: each becomes one interned str, made once per call.
#include "bindings/history_objects.h"

#include <datetime.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "engine/history_render.h"

namespace sfn::bindings {

namespace {

struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Python strs of texts seen before, found by where the text lies (keys are literals, names lie
// in the compiled machine, event types in a table): a pointer compare and a short memcmp instead
// of hashing the text. The text is compared too, so a reused address cannot give a wrong str.
class TextCache {
 public:
  // A borrowed reference, or nullptr.
  PyObject* find(std::string_view text) const {
    const Slot& slot = slots_[index(text)];
    return slot.at == text.data() && slot.text == text ? slot.object.ptr() : nullptr;
  }
  void keep(std::string_view text, py::object object) {
    Slot& slot = slots_[index(text)];
    slot.at = text.data();
    slot.text.assign(text);
    slot.object = std::move(object);
  }

 private:
  struct Slot {
    const char* at = nullptr;
    std::string text;
    py::object object;
  };
  static constexpr std::size_t kSlots = 256;
  static std::size_t index(std::string_view text) {
    const auto address = reinterpret_cast<std::uintptr_t>(text.data());
    return ((address >> 3) ^ (address >> 11) ^ text.size()) % kSlots;
  }
  std::array<Slot, kSlots> slots_;
};

class PythonOut {
 public:
  explicit PythonOut(PyDateTime_CAPI* datetime_api) : datetime_(datetime_api) {}

  // The event being written: a new dict, handed over by take().
  void start() {
    root_ = py::dict();
    open_.assign(1, root_.ptr());
    made_.assign(1, root_.ptr());
    acyclic_ = true;
  }
  // The event's dicts are left out of the cyclic collector when they hold only strs, numbers,
  // bools, datetimes and each other (every event but one with task credentials): they cannot
  // be part of a cycle, and 40,000 events' 80,000 dicts made each collection walk them (a full
  // collection of a 10,000-iteration Map's history and trace took over 100 ms). CPython tracks
  // a dict again as soon as anything that can hold references is stored in it.
  py::dict take() {
    if (acyclic_) {
      for (PyObject* dict : made_) {
        if (PyObject_GC_IsTracked(dict)) PyObject_GC_UnTrack(dict);
      }
    }
    return std::move(root_);
  }

  void text(std::string_view key, std::string_view value) {
    last_text_ = str_of(value);
    put(key, last_text_);
  }
  // State names and event types: one str per distinct text, however many events carry it.
  void stable_text(std::string_view key, std::string_view value) {
    PyObject* known = values_.find(value);
    if (known == nullptr) {
      values_.keep(value, str_of(value));
      known = values_.find(value);
    }
    put(key, py::reinterpret_borrow<py::object>(known));
  }
  // A payload value written before (the output of one state is the next one's input): its str
  // again (strs are immutable), with a details dict of its own (dicts are not).
  bool known_payload(std::string_view key, std::string_view details_key, const Json* value) {
    auto it = payloads_.find(value);
    if (it == payloads_.end()) return false;
    put(key, it->second.first);
    begin(details_key);
    boolean("truncated", it->second.second);
    end();
    return true;
  }
  void remember_payload(const Json* value, bool truncated) {
    payloads_.emplace(value, std::make_pair(last_text_, truncated));
  }
  void integer(std::string_view key, std::int64_t value) {
    put(key, steal(PyLong_FromLongLong(value)));
  }
  void boolean(std::string_view key, bool value) { put(key, py::bool_(value)); }
  void json(std::string_view key, const Json& value) {
    acyclic_ = false;  // lists and dicts of any shape
    put(key, to_python(value));
  }
  // boto3 parses the wire's epoch seconds into an aware UTC datetime: the same value, made from
  // the exact milliseconds.
  void timestamp(std::string_view key, std::int64_t epoch_ms) {
    // Events of the same millisecond share one datetime (immutable, like the strs).
    if (last_time_ && epoch_ms == last_ms_) {
      put(key, last_time_);
      return;
    }
    using namespace std::chrono;
    const sys_time<milliseconds> at{milliseconds(epoch_ms)};
    const sys_days day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> hms{at - day};
    last_ms_ = epoch_ms;
    last_time_ = steal(datetime_->DateTime_FromDateAndTime(
        static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
        static_cast<int>(unsigned(ymd.day())), static_cast<int>(hms.hours().count()),
        static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
        static_cast<int>(hms.subseconds().count()) * 1000, datetime_->TimeZone_UTC,
        datetime_->DateTimeType));
    put(key, last_time_);
  }
  void begin(std::string_view key) {
    py::dict child;
    PyObject* raw = child.ptr();
    put(key, std::move(child));
    open_.push_back(raw);  // the parent holds it
    made_.push_back(raw);
  }
  void end() { open_.pop_back(); }

 private:
  static py::object steal(PyObject* o) {
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
  }
  void put(std::string_view key, const py::object& value) {
    if (PyDict_SetItem(open_.back(), key_of(key), value.ptr()) != 0) throw py::error_already_set();
  }
  PyObject* key_of(std::string_view key) {
    if (PyObject* known = key_cache_.find(key)) return known;
    auto it = keys_.find(key);
    if (it == keys_.end()) {
      PyObject* raw = str_of(key).release().ptr();
      PyUnicode_InternInPlace(&raw);  // takes the reference and may swap in an equal str
      it = keys_.emplace(std::string(key), py::reinterpret_steal<py::object>(raw)).first;
    }
    key_cache_.keep(key, it->second);
    return it->second.ptr();
  }

  PyDateTime_CAPI* datetime_;
  std::unordered_map<std::string, py::object, KeyHash, std::equal_to<>> keys_;
  TextCache key_cache_;
  TextCache values_;
  std::unordered_map<const Json*, std::pair<py::object, bool>> payloads_;
  py::object last_text_;
  std::int64_t last_ms_ = 0;
  py::object last_time_;
  py::dict root_;
  std::vector<PyObject*> open_;
  std::vector<PyObject*> made_;  // every dict of the event, borrowed (the root holds them)
  bool acyclic_ = true;
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
