#include "json/indexed_parse.h"

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/utf.h"

namespace sfn {

namespace {

// Lone surrogates. Jackson, AWS's reader, takes an escaped lone surrogate ("\ud800", or "\udc00"
// not after a high one) into its Java String as one unit, and reading from a String it takes a raw
// one too; nlohmann's lexer refuses both. So, before it runs, each lone surrogate inside a string
// is swapped for a stand-in of the same length (an escape keeps its form, "\uFDD0"; raw WTF-8 gets
// the stand-in's three UTF-8 bytes), which keeps the lexer's error positions, and the builder puts
// the surrogates back, in text order, as their WTF-8 form (common/utf.h). The stand-in is a
// noncharacter (U+FDD0..U+FDEF) the text does not hold in any form.
struct LoneSurrogates {
  std::vector<char32_t> units;  // in text order
  std::string stand_in;         // its UTF-8 form
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The unit of a \uXXXX escape whose 'u' is at `at`, or -1 when the four hex digits are not there.
long escape_unit(std::string_view text, std::size_t at) {
  if (at + 5 > text.size() || text[at] != 'u') return -1;
  long unit = 0;
  for (std::size_t k = 1; k <= 4; ++k) {
    int h = hex_digit(text[at + k]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

bool is_high(long unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low(long unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// The surrogate a raw WTF-8 sequence at `i` encodes (ED A0..BF xx), or -1.
long raw_surrogate(std::string_view text, std::size_t i) {
  if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xED) return -1;
  auto b1 = static_cast<unsigned char>(text[i + 1]);
  auto b2 = static_cast<unsigned char>(text[i + 2]);
  if (b1 < 0xA0 || b1 > 0xBF || (b2 & 0xC0) != 0x80) return -1;
  return 0xD000 + ((b1 & 0x3F) << 6) + (b2 & 0x3F);
}

// Whether `text` can hold a lone surrogate at all: an escaped one starts "\uD" (any case), a raw
// one with the byte 0xED. Most texts have neither, and memchr finds that far faster than the
// byte loop of swap_lone_surrogates. An escaped backslash before "ud" only costs that loop.
bool may_hold_surrogates(std::string_view text) {
  if (text.find('\xED') != std::string_view::npos) return true;
  for (std::size_t at = text.find("\\u"); at != std::string_view::npos;
       at = text.find("\\u", at + 2)) {
    if (at + 2 < text.size() && (text[at + 2] == 'd' || text[at + 2] == 'D')) return true;
  }
  return false;
}

// Rewrites `text` into `rewritten` when it holds lone surrogates inside strings; false when it
// holds none (or, past belief, every stand-in already occurs: the lexer then refuses as before).
bool swap_lone_surrogates(std::string_view text, std::string& rewritten, LoneSurrogates& found) {
  struct Spot {
    std::size_t at;  // the 'u' of an escape, or the first byte of raw WTF-8
    bool escaped;
  };
  std::vector<Spot> spots;
  std::uint32_t taken = 0;  // stand-ins the text holds, bit n for U+FDD0 + n
  auto note_taken = [&](long unit) {
    if (unit >= 0xFDD0 && unit <= 0xFDEF) taken |= 1u << (unit - 0xFDD0);
  };
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xB7) {
      std::size_t j = i;
      note_taken(static_cast<long>(utf::next_code_point(text, j)));
    }
    if (!in_string) {
      in_string = c == '"';
      continue;
    }
    if (c == '"') {
      in_string = false;
    } else if (c == '\\') {
      long unit = escape_unit(text, i + 1);
      note_taken(unit);
      if (unit < 0) {
        ++i;  // a one-character escape (or a malformed one, which the lexer reports)
      } else if (is_high(unit) && i + 7 < text.size() && text[i + 6] == '\\' &&
                 is_low(escape_unit(text, i + 7))) {
        i += 11;  // a pair
      } else {
        if (is_high(unit) || is_low(unit)) {
          spots.push_back({i + 1, true});
          found.units.push_back(static_cast<char32_t>(unit));
        }
        i += 5;
      }
    } else if (long unit = raw_surrogate(text, i); unit >= 0) {
      spots.push_back({i, false});
      found.units.push_back(static_cast<char32_t>(unit));
      i += 2;
    }
  }
  if (spots.empty() || taken == 0xFFFFFFFFu) return false;
  char32_t stand_in = 0xFDD0;
  while (taken & (1u << (stand_in - 0xFDD0))) ++stand_in;
  utf::append_utf8(found.stand_in, stand_in);
  static constexpr char kHex[] = "0123456789ABCDEF";
  rewritten.assign(text);
  for (const Spot& spot : spots) {
    if (spot.escaped) {
      for (int k = 0; k < 4; ++k)
        rewritten[spot.at + 1 + k] = kHex[(stand_in >> (12 - 4 * k)) & 0xF];
    } else {
      rewritten.replace(spot.at, 3, found.stand_in);
    }
  }
  return true;
}

// nlohmann's SAX protocol, building the value as its DOM parser does, except for keys.
class IndexedBuilder {
 public:
  IndexedBuilder(Json& root, LoneSurrogates* lone) : root_(root), lone_(lone) {}

  bool null() { return scalar(Json(nullptr)); }
  bool boolean(bool v) { return scalar(Json(v)); }
  bool number_integer(std::int64_t v) { return scalar(Json(v)); }
  bool number_unsigned(std::uint64_t v) { return scalar(Json(v)); }
  bool number_float(double v, const std::string&) { return scalar(Json(v)); }
  bool string(std::string& v) {
    restore_surrogates(v);
    return scalar(Json(std::move(v)));
  }
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

  // Puts the lone surrogates back where the stand-in stands (swap_lone_surrogates).
  void restore_surrogates(std::string& v);

  Json& root_;
  LoneSurrogates* lone_;  // null: the text held none
  std::size_t next_lone_ = 0;
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

void IndexedBuilder::restore_surrogates(std::string& v) {
  if (lone_ == nullptr) return;
  const std::string& mark = lone_->stand_in;
  std::size_t at = v.find(mark);
  if (at == std::string::npos) return;
  std::string out;
  std::size_t from = 0;
  for (; at != std::string::npos; at = v.find(mark, from)) {
    out.append(v, from, at - from);
    char32_t unit = lone_->units.at(next_lone_++);
    // A high then a low, one of them raw ("\ud800" then raw U+DC00), make one character, as
    // they do in a Java String: its UTF-8 form, as the lexer gives an escaped pair.
    std::size_t n = out.size();
    if (unit >= 0xDC00 && unit <= 0xDFFF && at == from && n >= 3 &&
        static_cast<unsigned char>(out[n - 3]) == 0xED &&
        (static_cast<unsigned char>(out[n - 2]) & 0xF0) == 0xA0) {
      std::size_t i = n - 3;
      char32_t high = utf::next_code_point(out, i);
      out.resize(n - 3);
      utf::append_utf8(out, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
    } else {
      utf::append_utf8(out, unit);
    }
    from = at + mark.size();
  }
  out.append(v, from);
  v = std::move(out);
}

bool IndexedBuilder::key(std::string& name) {
  restore_surrogates(name);
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
  LoneSurrogates lone;
  std::string rewritten;
  bool swapped = may_hold_surrogates(text) && swap_lone_surrogates(text, rewritten, lone);
  if (swapped) text = rewritten;
  Json value;
  IndexedBuilder builder(value, swapped ? &lone : nullptr);
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
