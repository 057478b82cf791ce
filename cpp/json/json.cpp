#include "json/json.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/utf.h"
#include "json/indexed_parse.h"

namespace sfn {

namespace {

using Serializer = nlohmann::detail::serializer<Json>;

// A key dump() would write as it is between quotes: no escapes, no UTF-8 to validate.
bool plain_key(const std::string& key) {
  for (char c : key) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

// Where a WTF-8 lone surrogate (ED A0..BF xx, common/utf.h) starts in `s`, from `from` on.
std::size_t find_surrogate(const std::string& s, std::size_t from) {
  for (std::size_t i = s.find('\xED', from); i != std::string::npos; i = s.find('\xED', i + 1)) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return i;
  }
  return std::string::npos;
}

// A string as Jackson's UTF-8 generator writes it (what AWS returns): a lone surrogate, which
// UTF-8 cannot carry, as its escape "\uD800" (upper-case hex, Jackson's HEX_CHARS), the rest as
// dump() writes it. Without surrogates, exactly dump()'s text.
void write_string(Serializer& serializer, std::string& out, const std::string& s) {
  std::size_t at = find_surrogate(s, 0);
  if (at == std::string::npos) {
    serializer.dump(Json(s), false, false, 0);
    return;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '"';
  std::size_t from = 0;
  auto flush = [&](std::size_t to) {
    if (to == from) return;
    std::size_t quote = out.size();
    serializer.dump(Json(s.substr(from, to - from)), false, false, 0);
    out.erase(quote, 1);  // dump()'s quotes: the run sits inside this string's
    out.pop_back();
  };
  while (at != std::string::npos) {
    flush(at);
    std::size_t i = at;
    char32_t unit = utf::next_code_point(s, i);
    out += "\\u";
    for (int k = 0; k < 4; ++k) out += kHex[(unit >> (12 - 4 * k)) & 0xF];
    from = i;
    at = find_surrogate(s, from);
  }
  flush(s.size());
  out += '"';
}

// A container being written or measured, and the next member to visit.
struct Frame {
  const Json* container;
  Json::const_iterator next;
};

}  // namespace

std::string to_text(const Json& value) {
  // dump() recurses once per level of nesting; this walk keeps its own stack, and leaves the
  // scalars to dump()'s serializer, so the text is byte for byte what dump() writes. Invalid
  // UTF-8 cannot come from parsed input, but strings built by intrinsics or tasks might carry
  // it: it is replaced rather than thrown on, so a payload never crashes the engine.
  std::string out;
  Serializer serializer(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                        Json::error_handler_t::replace);
  std::vector<Frame> stack;
  auto write = [&](const Json& v) {
    if (v.is_structured()) {
      bool object = v.is_object();
      if (v.empty()) {
        out += object ? "{}" : "[]";
      } else {
        out += object ? '{' : '[';
        stack.push_back(Frame{&v, v.cbegin()});
      }
    } else if (v.is_string()) {
      write_string(serializer, out, v.get_ref<const std::string&>());
    } else {
      serializer.dump(v, false, false, 0);
    }
  };
  write(value);
  while (!stack.empty()) {
    Frame& top = stack.back();
    const Json& container = *top.container;
    if (top.next == container.cend()) {
      out += container.is_object() ? '}' : ']';
      stack.pop_back();
      continue;
    }
    if (top.next != container.cbegin()) out += ',';
    if (container.is_object()) {
      const std::string& key = top.next.key();
      if (plain_key(key)) {
        out += '"';
        out += key;
        out += '"';
      } else {
        write_string(serializer, out, key);
      }
      out += ':';
    }
    const Json& child = *top.next;
    ++top.next;
    write(child);  // may grow the stack: `top` is not used after this
  }
  return out;
}

std::string nesting_depth_message() {
  return "Document nesting depth (" + std::to_string(kMaxNestingDepth + 1) +
         ") exceeds the maximum allowed (" + std::to_string(kMaxNestingDepth) +
         ", from `StreamReadConstraints.getMaxNestingDepth()`)";
}

bool nested_deeper_than(const Json& value, int limit) {
  if (!value.is_structured()) return false;
  // Containers only: scalars, most of a document, are never pushed.
  std::vector<std::pair<const Json*, int>> pending{{&value, 1}};
  while (!pending.empty()) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (depth > limit) return true;
    for (const Json& child : *v) {
      if (child.is_structured()) pending.emplace_back(&child, depth + 1);
    }
  }
  return false;
}

bool parse_text(std::string_view text, Json& out, std::string& error) {
  // The parser keeps its own stack and values are destroyed iteratively, so a deep document
  // is parsed, then refused before anything recursive walks it (walking the containers costs
  // less than scanning the text beforehand). parse_error, and out_of_range for a number no
  // double holds (1e400), come back in `error`.
  if (!parse_indexed(text, out, error)) return false;
  if (nested_deeper_than(out, kMaxNestingDepth)) {
    out = Json();
    error = nesting_depth_message();
    return false;
  }
  return true;
}

namespace {

// How many bytes beyond one an ASCII character takes in dump()'s output: the short escapes
// (\" \\ \b \f \n \r \t) take two, other control characters six (\u00XX).
constexpr std::array<unsigned char, 128> kEscapeExtra = [] {
  std::array<unsigned char, 128> extra{};
  for (int c = 0; c < 0x20; ++c) extra[c] = 5;
  for (char c : {'"', '\\', '\b', '\f', '\n', '\r', '\t'}) extra[static_cast<unsigned char>(c)] = 1;
  return extra;
}();

// The rendered size of a string with its quotes and escapes, as to_text writes it (UTF-8 kept as
// is). Non-ASCII text falls back to rendering: invalid UTF-8 is replaced and lone surrogates
// escaped, which changes sizes.
std::size_t string_size(const std::string& s) {
  std::size_t n = 2 + s.size();
  for (char c : s) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) return to_text(Json(s)).size();
    n += kEscapeExtra[byte];
  }
  return n;
}

std::size_t digits(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// The bytes dump() would write for a scalar, without rendering it.
std::size_t scalar_size(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return 4;
    case Json::value_t::boolean:
      return v.get<bool>() ? 4 : 5;
    case Json::value_t::string:
      return string_size(v.get_ref<const std::string&>());
    case Json::value_t::number_unsigned:
      return digits(v.get<std::uint64_t>());
    case Json::value_t::number_integer: {
      std::int64_t i = v.get<std::int64_t>();
      // The magnitude as unsigned: -INT64_MIN does not fit an int64.
      return i < 0 ? 1 + digits(0 - static_cast<std::uint64_t>(i))
                   : digits(static_cast<std::uint64_t>(i));
    }
    default:  // floats: their shortest round-trip form is the renderer's business
      return to_text(v).size();
  }
}

}  // namespace

// The payload limit is checked on every task result and state output: counting beats rendering,
// which allocated per string and number, and the walk keeps its own stack (see to_text).
TextMeasure measure_text(const Json& value) {
  TextMeasure m;
  std::vector<Frame> stack;
  auto visit = [&](const Json& v) {
    if (!v.is_structured()) {
      m.bytes += scalar_size(v);
      return;
    }
    m.bytes += 2 + (v.empty() ? 0 : v.size() - 1);  // brackets and commas
    if (v.empty()) {
      m.depth = std::max(m.depth, static_cast<int>(stack.size()) + 1);
      return;
    }
    stack.push_back(Frame{&v, v.cbegin()});
    m.depth = std::max(m.depth, static_cast<int>(stack.size()));
  };
  visit(value);
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.container->cend()) {
      stack.pop_back();
      continue;
    }
    if (top.container->is_object()) m.bytes += string_size(top.next.key()) + 1;
    const Json& child = *top.next;
    ++top.next;
    visit(child);
  }
  return m;
}

std::size_t text_size(const Json& value) { return measure_text(value).bytes; }

std::string_view type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "unknown";
  }
}

}  // namespace sfn
