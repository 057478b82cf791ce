// Jayway's CharacterIndex: a cursor over the path text in UTF-16 code units (so positions in
// messages match Java's). Out-of-range reads throw what String.charAt throws, because Jayway
// lets those escape as the message of an InvalidPathException.
#pragma once

#include <string>

#include "common/utf.h"
#include "path/java_error.h"
#include "path/java_text.h"

namespace sfn::path::detail {

class CharIndex {
 public:
  explicit CharIndex(std::u16string text)
      : text_(std::move(text)), end_(static_cast<int>(text_.size()) - 1) {}

  const std::u16string& text() const { return text_; }
  int length() const { return end_ + 1; }
  int position() const { return pos_; }
  void set_position(int p) { pos_ = p; }
  void increment(int n) { pos_ += n; }
  void decrement_end(int n) { end_ -= n; }

  char16_t char_at(int i) const {
    if (i < 0 || i >= static_cast<int>(text_.size())) {
      throw JavaException{JavaClass::IndexOutOfBounds,
                          "String index out of range: " + std::to_string(i),
                          "java.lang.StringIndexOutOfBoundsException"};
    }
    return text_[static_cast<std::size_t>(i)];
  }
  char16_t current() const { return char_at(pos_); }
  bool current_is(char16_t c) const { return char_at(pos_) == c; }
  bool last_is(char16_t c) const { return char_at(end_) == c; }
  bool next_is(char16_t c) const { return in_bounds(pos_ + 1) && char_at(pos_ + 1) == c; }
  bool in_bounds(int i) const { return i >= 0 && i <= end_; }
  bool in_bounds() const { return in_bounds(pos_); }
  bool out_of_bounds(int i) const { return !in_bounds(i); }
  bool current_is_tail() const { return pos_ >= end_; }
  bool has_more() const { return in_bounds(pos_ + 1); }

  // Java's String.subSequence(start, end), with its bounds check.
  std::u16string sub(int start, int end) const {
    if (start < 0 || end > static_cast<int>(text_.size()) || start > end) {
      throw JavaException{JavaClass::IndexOutOfBounds,
                          "begin " + std::to_string(start) + ", end " + std::to_string(end) +
                              ", length " + std::to_string(text_.size()),
                          "java.lang.StringIndexOutOfBoundsException"};
    }
    return text_.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
  }

  int index_of_next_significant(int start, char16_t c) const {
    int i = start + 1;
    while (!out_of_bounds(i) && char_at(i) == u' ') ++i;
    return char_at(i) == c ? i : -1;
  }
  int index_of_next_significant(char16_t c) const { return index_of_next_significant(pos_, c); }

  int next_index_of(int start, char16_t c) const {
    for (int i = start; !out_of_bounds(i); ++i) {
      if (char_at(i) == c) return i;
    }
    return -1;
  }

  int next_index_of_unescaped(int start, char16_t c) const {
    bool escaped = false;
    for (int i = start + 1; !out_of_bounds(i); ++i) {
      if (escaped) {
        escaped = false;
      } else if (char_at(i) == u'\\') {
        escaped = true;
      } else if (char_at(i) == c) {
        return i;
      }
    }
    return -1;
  }

  bool next_significant_is(int start, char16_t c) const {
    int i = start + 1;
    while (!out_of_bounds(i) && char_at(i) == u' ') ++i;
    return !out_of_bounds(i) && char_at(i) == c;
  }
  bool next_significant_is(char16_t c) const { return next_significant_is(pos_, c); }

  char16_t next_significant(int start) const {
    int i = start + 1;
    while (!out_of_bounds(i) && char_at(i) == u' ') ++i;
    return out_of_bounds(i) ? u' ' : char_at(i);
  }
  char16_t next_significant() const { return next_significant(pos_); }

  int index_of_previous_significant(int start) const {
    int i = start - 1;
    while (!out_of_bounds(i) && char_at(i) == u' ') --i;
    return out_of_bounds(i) ? -1 : i;
  }
  char16_t previous_significant() const {
    const int i = index_of_previous_significant(pos_);
    return i == -1 ? u' ' : char_at(i);
  }

  // Jayway's indexOfMatchingCloseChar: skips quoted strings and /regex/ when asked.
  int index_of_matching_close(int start, char16_t open, char16_t close, bool skip_strings,
                              bool skip_regex) const {
    if (char_at(start) != open) {
      throw_invalid_path("Expected " + utf::to_utf8(std::u16string(1, open)) + " but found " +
                         utf::to_utf8(std::u16string(1, char_at(start))));
    }
    int opened = 1;
    int i = start + 1;
    while (in_bounds(i)) {
      if (skip_strings) {
        const char16_t q = char_at(i);
        if (q == u'\'' || q == u'"') {
          i = next_index_of_unescaped(i, q);
          if (i == -1) {
            throw_invalid_path("Could not find matching close quote for " +
                               utf::to_utf8(std::u16string(1, q)) +
                               " when parsing : " + utf::to_utf8(text_));
          }
          ++i;
        }
      }
      if (skip_regex && char_at(i) == u'/') {
        i = next_index_of_unescaped(i, u'/');
        if (i == -1) {
          throw_invalid_path("Could not find matching close for / when parsing regex in : " +
                             utf::to_utf8(text_));
        }
        ++i;
      }
      if (char_at(i) == open) ++opened;
      if (char_at(i) == close) {
        if (--opened == 0) return i;
      }
      ++i;
    }
    return -1;
  }

  void skip_blanks() {
    while (in_bounds() && pos_ < end_ && current() == u' ') ++pos_;
  }
  void trim() {
    skip_blanks();
    while (in_bounds() && pos_ < end_ && last_is(u' ')) --end_;
  }

  // Reads `s` after blanks; on success moves past it.
  bool has_significant_sub_sequence(std::u16string_view s) {
    skip_blanks();
    if (!in_bounds(pos_ + static_cast<int>(s.size()) - 1)) return false;
    if (sub(pos_, pos_ + static_cast<int>(s.size())) != s) return false;
    pos_ += static_cast<int>(s.size());
    return true;
  }

  void read_significant(char16_t c) {
    skip_blanks();
    if (current() != c) {
      throw_invalid_path("Expected character: " + utf::to_utf8(std::u16string(1, c)));
    }
    ++pos_;
  }

 private:
  std::u16string text_;
  int pos_ = 0;
  int end_;
};

}  // namespace sfn::path::detail
