#include "json/indexed_parse.h"

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sfn {

namespace {

// nlohmann's SAX protocol, building the value as its DOM parser does, except for keys.
class IndexedBuilder {
 public:
  explicit IndexedBuilder(Json& root) : root_(root) {}

  bool null() { return scalar(Json(nullptr)); }
  bool boolean(bool v) { return scalar(Json(v)); }
  bool number_integer(std::int64_t v) { return scalar(Json(v)); }
  bool number_unsigned(std::uint64_t v) { return scalar(Json(v)); }
  bool number_float(double v, const std::string&) { return scalar(Json(v)); }
  bool string(std::string& v) { return scalar(Json(std::move(v))); }
  bool binary(Json::binary_t& v) { return scalar(Json(std::move(v))); }

  bool start_object(std::size_t) {
    open_.push_back({place(Json::object()), {}});
    return true;
  }
  bool start_array(std::size_t) {
    open_.push_back({place(Json::array()), {}});
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name);

  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& ex) {
    error_ = ex.what();
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  struct Open {
    Json* value;
    // key -> member position; built once the object is past a few members
    std::unordered_map<std::string, std::size_t> index;
  };
  static constexpr std::size_t kIndexFrom = 16;

  // Where the next value goes: the root, the end of the open array, or the member `key` made.
  Json* place(Json v);
  bool scalar(Json v) {
    place(std::move(v));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  Json& root_;
  std::vector<Open> open_;  // pointers stay valid: a container grows only while it is the top
  Json* member_ = nullptr;  // the value slot of the last key
  std::string error_;
};

Json* IndexedBuilder::place(Json v) {
  if (open_.empty()) {
    root_ = std::move(v);
    return &root_;
  }
  Json& top = *open_.back().value;
  if (top.is_array()) {
    auto& items = top.get_ref<Json::array_t&>();
    items.push_back(std::move(v));
    return &items.back();
  }
  *member_ = std::move(v);
  return member_;
}

bool IndexedBuilder::key(std::string& name) {
  Open& top = open_.back();
  auto& members = top.value->get_ref<Json::object_t&>();
  if (members.size() < kIndexFrom) {
    for (auto& [k, v] : members) {
      if (k == name) {
        member_ = &v;  // a repeated key keeps its place; its last value wins
        return true;
      }
    }
  } else {
    if (top.index.empty()) {
      // (ordered_map's operator[] looks keys up: positions go through iterators)
      for (std::size_t i = 0; i < members.size(); ++i) {
        top.index.emplace(members.begin()[static_cast<std::ptrdiff_t>(i)].first, i);
      }
    }
    auto [at, added] = top.index.emplace(name, members.size());
    if (!added) {
      member_ = &members.begin()[static_cast<std::ptrdiff_t>(at->second)].second;
      return true;
    }
  }
  members.emplace_back(std::move(name), Json());
  member_ = &members.back().second;
  return true;
}

}  // namespace

bool parse_indexed(std::string_view text, Json& out, std::string& error, bool strict) {
  Json value;
  IndexedBuilder builder(value);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, strict);
  } catch (const Json::exception& e) {
    error = e.what();
    return false;
  }
  if (!ok) {
    error = builder.error();
    return false;
  }
  out = std::move(value);
  return true;
}

}  // namespace sfn
