#include "asl/json_reader.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf.h"

namespace sfn::asl {
namespace {

constexpr std::size_t kMaxSourceSnippet = 500;  // Jackson's ErrorReportConfiguration default
constexpr const char* kValueList =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;  // 1-based, in characters
};

// Counts characters, not bytes, as Java strings do (continuation bytes do not advance).
Position position_of(std::string_view text, std::size_t offset) {
  Position p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

std::string source_location(std::string_view text, std::size_t offset) {
  std::size_t chars = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == kMaxSourceSnippet) {
      cut = i;
      break;
    }
    ++chars;
  }
  std::size_t total = chars;
  for (std::size_t i = cut; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++total;
  std::string out = "[Source: (String)\"";
  out.append(text.substr(0, cut));
  out += '"';
  if (total > chars) out += "[truncated " + std::to_string(total - chars) + " chars]";
  Position p = position_of(text, offset);
  out += "; line: " + std::to_string(p.line) + ", column: " + std::to_string(p.column) + "]";
  return out;
}

// Jackson's _getCharDesc: "'x' (code 120)", "(CTRL-CHAR, code 10)".
std::string char_desc(std::string_view text, std::size_t at) {
  auto c = static_cast<unsigned char>(text[at]);
  if (c < 32) return "(CTRL-CHAR, code " + std::to_string(c) + ")";
  if (c < 0x80) {
    std::string out = "'";
    out += static_cast<char>(c);
    out += "' (code ";
    out += std::to_string(c);
    out += ')';
    return out;
  }
  std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (at + len > text.size()) len = 1;
  std::uint32_t cp = len == 1 ? c : (c & (0x7Fu >> len));
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3Fu);
  std::string out = "'";
  out.append(text.substr(at, len));
  out += "' (code ";
  out += std::to_string(cp);
  if (cp > 255) {
    char hex[16];
    std::snprintf(hex, sizeof hex, " / 0x%x", cp);
    out += hex;
  }
  return out + ")";
}

bool java_identifier_part(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

bool java_identifier_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

// Length of a well-formed UTF-8 sequence starting at `at`, or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  auto c = static_cast<unsigned char>(text[at]);
  std::size_t len = c >= 0xF8 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || at + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(text[at + k]) & 0xC0) != 0x80) return 0;
  std::uint32_t cp = c & (0x7Fu >> len);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3Fu);
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

struct Failed {
  std::string message;
  std::size_t offset;  // where the reader stood, for the location
};

class Reader {
 public:
  Reader(std::string_view text, Document& doc) : text_(text), doc_(doc), builder_(doc) {}

  std::optional<JsonReadError> run() {
    skip_ws();
    if (pos_ >= text_.size()) {
      doc_.empty = true;
      return std::nullopt;
    }
    if (auto failed = parse()) {
      std::string location = source_location(text_, failed->offset);
      return JsonReadError{failed->message + "\n at " + location, location};
    }
    builder_.finish();
    return std::nullopt;
  }

 private:
  struct Frame {
    bool is_object = false;
    std::size_t start = 0;  // offset of the opening bracket
    std::size_t count = 0;
    std::string_view key;   // its key in its parent (object parent)
    std::size_t index = 0;  // its index in its parent (array parent)
    bool in_object_parent = false;
  };

  std::string_view text_;
  Document& doc_;
  DocumentBuilder builder_;
  std::size_t pos_ = 0;
  std::vector<Frame> stack_;
  std::string scratch_;  // a string being unescaped

  void skip_ws() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  std::string context_desc() const { return stack_.back().is_object ? "Object" : "Array"; }

  Failed unexpected(std::size_t at, const std::string& expectation) const {
    return Failed{"Unexpected character (" + char_desc(text_, at) + "): " + expectation, at + 1};
  }

  Failed eof_between() const {
    return Failed{"Unexpected end-of-input within/between " + context_desc() + " entries",
                  text_.size()};
  }

  Failed eof_close_marker() const {
    return Failed{"Unexpected end-of-input: expected close marker for " + context_desc() +
                      " (start marker at " + source_location(text_, stack_.back().start) + ")",
                  text_.size()};
  }

  // The object pointer of the frame at `depth` (for duplicate keys).
  std::string pointer_of(std::size_t depth) const {
    std::string out;
    for (std::size_t i = 1; i <= depth; ++i) {
      const Frame& f = stack_[i];
      if (f.in_object_parent) {
        out += '/';
        out += f.key;
      } else {
        out += '[';
        out += std::to_string(f.index);
        out += ']';
      }
    }
    return out;
  }

  std::optional<Failed> parse() {
    if (auto failed = value_into(builder_.root_slot(), /*parent_object=*/false, {}, 0))
      return failed;
    while (!stack_.empty()) {
      Frame& top = stack_.back();
      skip_ws();
      if (pos_ >= text_.size()) return eof_close_marker();
      char c = text_[pos_];
      if (c == '}' || c == ']') {
        bool closes_object = c == '}';
        if (closes_object != top.is_object) {
          return Failed{std::string("Unexpected close marker '") + c + "': expected '" +
                            (top.is_object ? '}' : ']') + "' (for " + context_desc() +
                            " starting at " + source_location(text_, top.start) + ")",
                        pos_ + 1};
        }
        // A trailing comma leaves count > 0 but reaches here only through the value/name checks.
        ++pos_;
        builder_.close();
        stack_.pop_back();
        continue;
      }
      if (top.count > 0) {
        if (c != ',')
          return unexpected(pos_, "was expecting comma to separate " + context_desc() + " entries");
        ++pos_;
        skip_ws();
        if (pos_ >= text_.size()) return eof_between();
        c = text_[pos_];
      }
      if (top.is_object) {
        if (c != '"') return unexpected(pos_, "was expecting double-quote to start field name");
        std::string_view key;
        if (auto failed = string_at(key)) return failed;
        skip_ws();
        if (pos_ >= text_.size()) return eof_between();
        if (text_[pos_] != ':')
          return unexpected(pos_, "was expecting a colon to separate field name and value");
        ++pos_;
        skip_ws();
        if (pos_ >= text_.size()) return eof_between();
        ++top.count;
        bool repeated = false;
        DocNode& slot = builder_.member_slot(key, repeated);
        if (repeated)
          doc_.duplicate_keys.push_back({pointer_of(stack_.size() - 1), std::string(key)});
        if (auto failed = value_into(slot, true, key, 0)) return failed;
      } else {
        std::size_t index = top.count++;
        if (auto failed = value_into(builder_.element_slot(), false, {}, index)) return failed;
      }
    }
    return std::nullopt;
  }

  // Reads the value at pos_ into `slot` (the builder's last slot); containers are opened and
  // filled by parse().
  std::optional<Failed> value_into(DocNode& slot, bool parent_object, std::string_view key,
                                   std::size_t index) {
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (static_cast<int>(stack_.size()) >= kMaxNestingDepth) {
        return Failed{nesting_depth_message(), pos_ + 1};
      }
      builder_.open(c == '{');
      Frame f;
      f.is_object = c == '{';
      f.start = pos_;
      f.key = key;
      f.index = index;
      f.in_object_parent = parent_object;
      stack_.push_back(f);
      ++pos_;
      return std::nullopt;
    }
    if (c == '"') {
      std::string_view s;
      if (auto failed = string_at(s)) return failed;
      DocumentBuilder::set_string(slot, s);
      return std::nullopt;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number_at(slot);
    if (c == 't' || c == 'f' || c == 'n') return literal_at(slot);
    if (c == ']' && !stack_.empty() && !stack_.back().is_object)
      return unexpected(pos_, std::string("expected a valid value ") + kValueList);
    if (c == '/' || c == '#') {
      return unexpected(pos_,
                        "maybe a (non-standard) comment? (not recognized as one since Feature "
                        "'ALLOW_COMMENTS' not enabled for parser)");
    }
    if (java_identifier_start(static_cast<unsigned char>(c)) && utf8_ok_at(pos_))
      return bad_token(pos_);
    return unexpected(pos_, std::string("expected a valid value ") + kValueList);
  }

  bool utf8_ok_at(std::size_t at) const {
    return static_cast<unsigned char>(text_[at]) < 0x80 || utf8_sequence(text_, at) > 0;
  }

  // Jackson reads the rest of an identifier-like token before it reports it.
  Failed bad_token(std::size_t from) {
    std::size_t end = from;
    while (end < text_.size() && java_identifier_part(static_cast<unsigned char>(text_[end])) &&
           end - from < 256)
      ++end;
    return Failed{"Unrecognized token '" + std::string(text_.substr(from, end - from)) +
                      "': was expecting " + kValueList,
                  end};
  }

  std::optional<Failed> literal_at(DocNode& slot) {
    static constexpr std::string_view kWords[] = {"true", "false", "null"};
    for (std::string_view word : kWords) {
      if (text_[pos_] != word[0]) continue;
      if (text_.substr(pos_, word.size()) == word &&
          (pos_ + word.size() >= text_.size() ||
           !java_identifier_part(static_cast<unsigned char>(text_[pos_ + word.size()])))) {
        pos_ += word.size();
        if (word == "true") {
          DocumentBuilder::set_boolean(slot, true);
        } else if (word == "false") {
          DocumentBuilder::set_boolean(slot, false);
        }  // null: the slot is null already
        return std::nullopt;
      }
      return bad_token(pos_);
    }
    return bad_token(pos_);
  }

  std::optional<Failed> number_at(DocNode& slot) {
    std::size_t start = pos_;
    bool is_float = false;
    if (text_[pos_] == '-') {
      ++pos_;
      if (pos_ >= text_.size()) return Failed{"Unexpected end-of-input in a Number value", pos_};
      if (text_[pos_] < '0' || text_[pos_] > '9') {
        return Failed{
            "Unexpected character (" + char_desc(text_, pos_) +
                ") in numeric value: expected digit (0-9) to follow minus sign, for valid "
                "numeric value",
            pos_ + 1};
      }
    }
    if (text_[pos_] == '0' && pos_ + 1 < text_.size() && text_[pos_ + 1] >= '0' &&
        text_[pos_ + 1] <= '9')
      return Failed{"Invalid numeric value: Leading zeroes not allowed", pos_ + 2};
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      is_float = true;
      ++pos_;
      if (pos_ >= text_.size()) return Failed{"Unexpected end-of-input in a Number value", pos_};
      if (text_[pos_] < '0' || text_[pos_] > '9') {
        return Failed{"Unexpected character (" + char_desc(text_, pos_) +
                          ") in numeric value: Decimal point not followed by a digit",
                      pos_ + 1};
      }
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size()) return Failed{"Unexpected end-of-input in a Number value", pos_};
      if (text_[pos_] < '0' || text_[pos_] > '9') {
        return Failed{"Unexpected character (" + char_desc(text_, pos_) +
                          ") in numeric value: Exponent indicator not followed by a digit",
                      pos_ + 1};
      }
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (!is_float) {
      std::int64_t i = 0;
      if (std::from_chars(first, last, i).ec == std::errc()) {
        DocumentBuilder::set_integer(slot, i);
        return std::nullopt;
      }
      std::uint64_t u = 0;
      if (std::from_chars(first, last, u).ec == std::errc()) {
        DocumentBuilder::set_unsigned(slot, u);
        return std::nullopt;
      }
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range || ptr != last) {
      // Out of double range: Jackson keeps a BigDecimal; the definition can still carry it.
      d = text_[start] == '-' ? -std::numeric_limits<double>::max()
                              : std::numeric_limits<double>::max();
    }
    DocumentBuilder::set_float(slot, d);
    return std::nullopt;
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // pos_ at the opening quote; leaves pos_ after the closing one. `result` views the text when
  // the string needs no decoding (the common case: no escapes, ASCII), else the decoded copy the
  // document keeps.
  std::optional<Failed> string_at(std::string_view& result) {
    std::size_t first = pos_ + 1;
    std::size_t end = first;
    while (end < text_.size()) {
      auto d = static_cast<unsigned char>(text_[end]);
      if (d == '"' || d == '\\' || d < 32 || d >= 0x80) break;
      ++end;
    }
    if (end < text_.size() && text_[end] == '"') {
      result = text_.substr(first, end - first);
      pos_ = end + 1;
      return std::nullopt;
    }
    scratch_.clear();
    if (auto failed = decode_string_at(scratch_)) return failed;
    result = builder_.keep(std::string(scratch_));
    return std::nullopt;
  }

  std::optional<Failed> decode_string_at(std::string& out) {
    ++pos_;
    std::uint32_t high_surrogate = 0;  // 0: none pending
    auto flush_surrogate = [&] {
      // A lone surrogate stays one unit, as in Jackson's String: its WTF-8 form (common/utf.h).
      if (high_surrogate != 0) utf::append_utf8(out, high_surrogate);
      high_surrogate = 0;
    };
    while (true) {
      if (pos_ >= text_.size())
        return Failed{"Unexpected end-of-input: was expecting closing quote for a string value",
                      text_.size()};
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        flush_surrogate();
        ++pos_;
        return std::nullopt;
      }
      if (c < 32) {
        return Failed{"Illegal unquoted character (" + char_desc(text_, pos_) +
                          "): has to be escaped using backslash to be included in string value",
                      pos_ + 1};
      }
      if (c == '\\') {
        ++pos_;
        if (pos_ >= text_.size())
          return Failed{"Unexpected end-of-input in character escape sequence", text_.size()};
        char e = text_[pos_++];
        if (e == 'u') {
          std::uint32_t unit = 0;
          for (int k = 0; k < 4; ++k) {
            if (pos_ >= text_.size())
              return Failed{"Unexpected end-of-input in character escape sequence", text_.size()};
            int h = hex_value(text_[pos_]);
            if (h < 0) {
              return Failed{"Unexpected character (" + char_desc(text_, pos_) +
                                "): expected a hex-digit for character escape sequence",
                            pos_ + 1};
            }
            unit = unit * 16 + static_cast<std::uint32_t>(h);
            ++pos_;
          }
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            flush_surrogate();
            high_surrogate = unit;
          } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            if (high_surrogate != 0) {
              utf::append_utf8(out, 0x10000 + ((high_surrogate - 0xD800) << 10) + (unit - 0xDC00));
              high_surrogate = 0;
            } else {
              utf::append_utf8(out, unit);
            }
          } else {
            flush_surrogate();
            utf::append_utf8(out, unit);
          }
          continue;
        }
        flush_surrogate();
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          default:
            return Failed{"Unrecognized character escape " + char_desc(text_, pos_ - 1), pos_};
        }
        continue;
      }
      flush_surrogate();
      if (c < 0x80) {
        // The common case: a run of characters that need no decoding, appended at once.
        std::size_t end = pos_ + 1;
        while (end < text_.size()) {
          auto d = static_cast<unsigned char>(text_[end]);
          if (d == '"' || d == '\\' || d < 32 || d >= 0x80) break;
          ++end;
        }
        out.append(text_.data() + pos_, end - pos_);
        pos_ = end;
        continue;
      }
      std::size_t len = utf8_sequence(text_, pos_);
      if (len == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%x", c);
        return Failed{std::string((c & 0xC0) == 0x80 ? "Invalid UTF-8 middle byte "
                                                     : "Invalid UTF-8 start byte ") +
                          hex,
                      pos_ + 1};
      }
      out.append(text_.substr(pos_, len));
      pos_ += len;
    }
  }
};

}  // namespace

Expected<Document, JsonReadError> read_document(std::string_view text) {
  try {
    Document doc;
    if (auto failed = Reader(text, doc).run()) return std::move(*failed);
    return doc;
  } catch (const std::exception& e) {
    // Only allocation failure can get here; report it as AWS would report an unreadable body.
    return JsonReadError{std::string("Unable to read the definition: ") + e.what(), ""};
  }
}

Expected<JsonDocument, JsonReadError> read_json(std::string_view text) {
  auto read = read_document(text);
  if (!read) return read.error();
  try {
    JsonDocument out;
    out.empty = read->empty;
    if (!out.empty) out.value = to_json(read->root);
    out.duplicate_keys = std::move(read->duplicate_keys);
    return out;
  } catch (const std::exception& e) {
    return JsonReadError{std::string("Unable to read the definition: ") + e.what(), ""};
  }
}

}  // namespace sfn::asl
