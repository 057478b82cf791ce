#include "jsonata/lexer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "jsonata/error.h"
#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

bool is_operator_char(char c) {
  switch (c) {
    case '.':
    case '[':
    case ']':
    case '{':
    case '}':
    case '(':
    case ')':
    case ',':
    case '@':
    case '#':
    case ';':
    case ':':
    case '?':
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '|':
    case '=':
    case '<':
    case '>':
    case '^':
    case '&':
    case '!':
    case '~':
      return true;
    default:
      return false;
  }
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Token> Lexer::next(bool infix) {
  const std::size_t length = src_.size();
  auto at = [&](std::size_t i) -> char { return i < length ? src_[i] : '\0'; };
  for (;;) {
    while (pos_ < length && is_space(src_[pos_])) ++pos_;
    if (at(pos_) == '/' && at(pos_ + 1) == '*') {
      std::size_t comment_start = pos_;
      pos_ += 2;
      for (;;) {
        if (pos_ >= length) throw JError("S0106").at(static_cast<int>(comment_start));
        if (src_[pos_] == '*' && at(pos_ + 1) == '/') break;
        ++pos_;
      }
      pos_ += 2;
      continue;
    }
    break;
  }
  if (pos_ >= length) return std::nullopt;
  char c = src_[pos_];
  Token tok;
  auto op = [&](std::size_t len) {
    tok.type = NodeType::Operator;
    tok.value = std::string(src_.substr(pos_, len));
    pos_ += len;
    tok.position = static_cast<int>(pos_);
    return tok;
  };

  if (!infix && c == '/') {
    // regex literal: find the closing '/' not escaped and not inside brackets
    ++pos_;
    std::size_t start = pos_;
    int depth = 0;
    while (pos_ < length) {
      char cur = src_[pos_];
      if (cur == '/' && depth == 0) {
        std::size_t backslashes = 0;
        while (pos_ >= backslashes + 1 && src_[pos_ - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) {
          std::string_view pattern = src_.substr(start, pos_ - start);
          if (pattern.empty()) throw JError("S0301").at(static_cast<int>(pos_));
          ++pos_;
          std::size_t fstart = pos_;
          while (pos_ < length && (src_[pos_] == 'i' || src_[pos_] == 'm')) ++pos_;
          std::string_view flags = src_.substr(fstart, pos_ - fstart);
          std::string error;
          auto re = compile_regex(pattern, flags, error);
          if (!re) {
            throw JError("S0303").at(static_cast<int>(pos_)).with("value", Value::string(error));
          }
          tok.type = NodeType::RegexLit;
          tok.value = std::string(pattern);
          tok.regex = std::move(re);
          tok.position = static_cast<int>(pos_);
          return tok;
        }
      }
      bool escaped = pos_ > 0 && src_[pos_ - 1] == '\\';
      if ((cur == '(' || cur == '[' || cur == '{') && !escaped) ++depth;
      if ((cur == ')' || cur == ']' || cur == '}') && !escaped) --depth;
      ++pos_;
    }
    throw JError("S0302").at(static_cast<int>(pos_));
  }

  char c1 = at(pos_ + 1);
  if (c == '.' && c1 == '.') return op(2);
  if (c == ':' && c1 == '=') return op(2);
  if (c == '!' && c1 == '=') return op(2);
  if (c == '>' && c1 == '=') return op(2);
  if (c == '<' && c1 == '=') return op(2);
  if (c == '*' && c1 == '*') return op(2);
  if (c == '~' && c1 == '>') return op(2);
  if (is_operator_char(c)) return op(1);

  if (c == '"' || c == '\'') {
    char quote = c;
    ++pos_;
    std::string str;
    while (pos_ < length) {
      char cur = src_[pos_];
      if (cur == '\\') {
        ++pos_;
        char e = at(pos_);
        switch (e) {
          case '"':
            str += '"';
            break;
          case '\\':
            str += '\\';
            break;
          case '/':
            str += '/';
            break;
          case 'b':
            str += '\b';
            break;
          case 'f':
            str += '\f';
            break;
          case 'n':
            str += '\n';
            break;
          case 'r':
            str += '\r';
            break;
          case 't':
            str += '\t';
            break;
          case 'u': {
            // \u then 4 hex digits; pairs of surrogates join into one code point
            // jsonata-js tests /^[0-9a-fA-F]+$/ on substr(p, 4), which is shorter at the end of
            // the text: "\u65" then the end is accepted, and the string is then unterminated.
            auto read4 = [&](std::size_t p, unsigned& out) {
              if (p >= length) return false;
              const std::size_t n = std::min<std::size_t>(4, length - p);
              out = 0;
              for (std::size_t k = 0; k < n; ++k) {
                int h = hex_value(src_[p + k]);
                if (h < 0) return false;
                out = out * 16 + static_cast<unsigned>(h);
              }
              return true;
            };
            unsigned cp = 0;
            if (!read4(pos_ + 1, cp)) throw JError("S0104").at(static_cast<int>(pos_));
            pos_ += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && at(pos_ + 1) == '\\' && at(pos_ + 2) == 'u') {
              unsigned lo = 0;
              if (read4(pos_ + 3, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                pos_ += 6;
              }
            }
            append_utf8(str, cp);
            break;
          }
          default:
            throw JError("S0103").at(static_cast<int>(pos_)).with_token(std::string(1, e));
        }
      } else if (cur == quote) {
        ++pos_;
        tok.type = NodeType::String;
        tok.literal = Value::string(str);
        tok.value = std::move(str);
        tok.position = static_cast<int>(pos_);
        return tok;
      } else {
        str += cur;
      }
      ++pos_;
    }
    throw JError("S0101").at(static_cast<int>(pos_));
  }

  // numbers: -?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?  (a leading '-' is an operator)
  if (c >= '0' && c <= '9') {
    std::size_t p = pos_;
    auto digit = [&](std::size_t i) { return at(i) >= '0' && at(i) <= '9'; };
    if (src_[p] == '0') {
      ++p;
    } else {
      while (digit(p)) ++p;
    }
    if (at(p) == '.' && digit(p + 1)) {
      ++p;
      while (digit(p)) ++p;
    }
    if (at(p) == 'e' || at(p) == 'E') {
      std::size_t q = p + 1;
      if (at(q) == '+' || at(q) == '-') ++q;
      if (digit(q)) {
        while (digit(q)) ++q;
        p = q;
      }
    }
    std::string text(src_.substr(pos_, p - pos_));
    double num = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(num)) throw JError("S0102").at(static_cast<int>(pos_)).with_token(text);
    pos_ = p;
    tok.type = NodeType::Number;
    tok.literal = Value::number(num);
    tok.value = text;
    tok.position = static_cast<int>(pos_);
    return tok;
  }

  if (c == '`') {
    ++pos_;
    std::size_t end = src_.find('`', pos_);
    if (end != std::string_view::npos) {
      tok.type = NodeType::Name;
      tok.value = std::string(src_.substr(pos_, end - pos_));
      pos_ = end + 1;
      tok.position = static_cast<int>(pos_);
      return tok;
    }
    pos_ = length;
    throw JError("S0105").at(static_cast<int>(pos_));
  }

  std::size_t i = pos_;
  while (i < length && !is_space(src_[i]) && !is_operator_char(src_[i])) ++i;
  if (src_[pos_] == '$') {
    tok.type = NodeType::Variable;
    tok.value = std::string(src_.substr(pos_ + 1, i - pos_ - 1));
    pos_ = i;
    tok.position = static_cast<int>(pos_);
    return tok;
  }
  std::string name(src_.substr(pos_, i - pos_));
  pos_ = i;
  tok.position = static_cast<int>(pos_);
  if (name == "or" || name == "in" || name == "and") {
    tok.type = NodeType::Operator;
    tok.value = std::move(name);
  } else if (name == "true" || name == "false") {
    tok.type = NodeType::Literal;
    tok.literal = Value::boolean(name == "true");
    tok.value = std::move(name);
  } else if (name == "null") {
    tok.type = NodeType::Literal;
    tok.literal = Value::null();
    tok.value = std::move(name);
  } else {
    tok.type = NodeType::Name;
    tok.value = std::move(name);
  }
  return tok;
}

}  // namespace sfn::jsonata
