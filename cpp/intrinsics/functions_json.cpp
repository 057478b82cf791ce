// States.StringToJson, States.JsonToString and States.JsonMerge.
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/java.h"
#include "common/utf.h"
#include "intrinsics/function_support.h"
#include "json/indexed_parse.h"

namespace sfn::intrinsics::detail {

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Character.isJavaIdentifierPart for the character after a root-level true/false/null: exact for
// ASCII, Latin-1 and General Punctuation; arrow and symbol blocks, private use and everything
// beyond the BMP are not identifier characters, everything else is (letters, marks, digits,
// currency, format characters). Against OpenJDK 17 this is wrong for 1,932 of the 281,264
// assigned non-ASCII code points (scattered BMP symbols and number forms).
bool java_identifier_part(std::uint32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c <= 0x08 || (c >= 0x0E && c <= 0x1B) || c == 0x7F;
  }
  if (c <= 0xFF) {
    return c <= 0x9F || (c >= 0xA2 && c <= 0xA5) || c == 0xAA || c == 0xAD || c == 0xB5 ||
           c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  }
  if (c >= 0x2000 && c <= 0x206F) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || c == 0x203F ||
           c == 0x2040 || c == 0x2054 || (c >= 0x2060 && c != 0x2065);
  }
  if ((c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3003)) return false;
  // Private use; and beyond the BMP Jackson tests the high surrogate alone, which is never one.
  if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0x10000) return false;
  return true;
}

// The code point UTF-8 text starts with.
std::uint32_t first_code_point(std::string_view s) {
  std::size_t i = 0;
  return utf::next_code_point(s, i);
}

// Jackson reads the first document of the text and ignores what follows it, except after a
// root-level scalar: a number must be followed by a space, tab, CR, LF or the end
// ("Expected space separating root-level values"), so `1x`, `1,2` and `01` fail; true, false
// and null must not run on into an identifier ("Unrecognized token 'truex'"), while `true,` and
// `null]` read; a byte-order mark is an error. `text` starts at its first non-space character.
// Returns false when Jackson fails.
bool read_first_document(std::string_view text, Json& out) {
  // nlohmann skips a leading byte-order mark; Jackson's reader of a String does not.
  if (text.starts_with("\xEF\xBB\xBF")) return false;
  std::string error;
  const char first = text.front();
  if (first == '-' || (first >= '0' && first <= '9')) {
    std::size_t end = 0;
    while (end < text.size() && !is_json_space(text[end])) ++end;
    // nlohmann's lexer takes a NUL for the end of the text; for Jackson it is a character.
    if (text.substr(0, end).find('\0') != std::string_view::npos) return false;
    return parse_indexed(text.substr(0, end), out, error, /*strict=*/true);
  }
  if (!parse_indexed(text, out, error, /*strict=*/false)) return false;
  if (first == 't' || first == 'f' || first == 'n') {
    const std::size_t length = first == 'f' ? 5 : 4;
    if (text.size() > length) {
      const std::uint32_t next = first_code_point(text.substr(length));
      if (next >= '0' && next != ']' && next != '}' && java_identifier_part(next)) return false;
    }
  }
  return true;
}

}  // namespace

Expected<Json> fn_string_to_json(std::span<path::Selection> args, Evaluation& ev) {
  const Json& arg = args[0].value();
  if (!arg.is_string()) return refuse(ev);
  std::string_view text = arg.get_ref<const std::string&>();
  while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
  // Recorded on AWS: "" and " " give null (Jackson reads no document from blank text).
  if (text.empty()) return Json(nullptr);
  Json out;
  if (!read_first_document(text, out)) return refuse(ev);
  // Jackson (AWS's parser) refuses a document nested deeper than its limit since 2.15; what
  // follows the first document is never read, so only the document counts.
  if (nested_deeper_than(out, kMaxNestingDepth)) return refuse(ev);
  return out;
}

Expected<Json> fn_json_to_string(std::span<path::Selection> args, Evaluation&) {
  // Compact, keys in document order (recorded: {"Arg1":1,"Arg2":[]} and [1,2,"HelloWorld"]),
  // written as Jackson writes the value: decimals like Double.toString (1.0E7, 1.0E-4), control
  // characters as upper-case \u00XX.
  return Json(java::jackson_text(args[0].value()));
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
  for (std::size_t i : sfn::java::hashmap_order(keys)) {
    members.emplace_back(std::string(keys[i]), std::move(*values[i]));
  }
  return out;
}

}  // namespace sfn::intrinsics::detail
