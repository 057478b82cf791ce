// States.StringToJson, States.JsonToString and States.JsonMerge.
#include <string_view>
#include <unordered_map>
#include <vector>

#include "intrinsics/function_support.h"
#include "json/indexed_parse.h"

namespace sfn::intrinsics::detail {

namespace {

// Jackson (AWS's parser) refuses documents nested deeper than this since 2.15; the bound also
// keeps every later recursive walk of the result shallow.
constexpr int kMaxParseDepth = 1000;

bool nesting_within_limit(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxParseDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Expected<Json> fn_string_to_json(std::span<path::Selection> args, Evaluation& ev) {
  const Json& arg = args[0].value();
  if (!arg.is_string()) return refuse(ev);
  std::string_view text = arg.get_ref<const std::string&>();
  while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
  // Recorded on AWS: "" and " " give null (Jackson reads no document from blank text).
  if (text.empty()) return Json(nullptr);
  if (!nesting_within_limit(text)) return refuse(ev);
  // Jackson reads the first document and ignores what follows it, hence a non-strict parse.
  Json out;
  std::string error;
  if (!parse_indexed(text, out, error, /*strict=*/false)) return refuse(ev);
  return out;
}

Expected<Json> fn_json_to_string(std::span<path::Selection> args, Evaluation&) {
  // Compact, keys in document order (recorded: {"Arg1":1,"Arg2":[]} and [1,2,"HelloWorld"]).
  return Json(to_text(args[0].value()));
}

Expected<Json> fn_json_merge(std::span<path::Selection> args, Evaluation& ev) {
  const Json& deep = args[2].value();
  // "Currently, Step Functions only supports the shallow merging mode; therefore, you must
  // specify the boolean value as false."
  if (!args[0].value().is_object() || !args[1].value().is_object() || !deep.is_boolean() ||
      deep.get<bool>()) {
    return refuse(ev);
  }
  Json first = std::move(args[0]).take();
  Json second = std::move(args[1]).take();
  // AWS builds the result in a java.util.HashMap, and it shows: merging {"constant_in_literal":..}
  // with {"constant_input_field":..} comes back with constant_input_field first. The keys go in
  // first-then-second (a key of both keeps its place), then come out in HashMap order.
  std::vector<std::string_view> keys;
  std::vector<Json*> values;
  std::unordered_map<std::string_view, std::size_t> position;
  keys.reserve(first.size() + second.size());
  values.reserve(first.size() + second.size());
  for (auto* source : {&first, &second}) {
    for (auto it = source->begin(); it != source->end(); ++it) {
      const auto [at, inserted] = position.emplace(it.key(), keys.size());
      if (inserted) {
        keys.push_back(it.key());
        values.push_back(&it.value());
      } else {
        values[at->second] = &it.value();
      }
    }
  }
  Json out = Json::object();
  // Appended: the keys are distinct already, and ordered_json's operator[] searches the entries
  // one by one, which made merging wide objects quadratic.
  auto& members = out.get_ref<Json::object_t&>();
  members.reserve(keys.size());
  for (std::size_t i : java::hashmap_order(keys)) {
    members.emplace_back(std::string(keys[i]), std::move(*values[i]));
  }
  return out;
}

}  // namespace sfn::intrinsics::detail
