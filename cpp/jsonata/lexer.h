// The tokenizer of jsonata-js: one token at a time, as the parser asks for them. Whether a `/`
// starts a regex or divides depends on where the parser is (`infix`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jsonata/ast.h"

namespace sfn::jsonata {

struct Token {
  NodeType type = NodeType::End;  // Name, Variable, String, Number, Literal, RegexLit, Operator
  std::string value;              // operator text, name, variable name, or raw string value
  Value literal;                  // Number / String / Literal
  std::shared_ptr<const Regex> regex;
  int position = 0;  // byte offset just past the token, as jsonata-js reports it
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}
  // Throws JError (S01xx, S030x). nullopt at the end of the input.
  std::optional<Token> next(bool infix);

 private:
  std::string_view src_;
  std::size_t pos_ = 0;
};

bool is_operator_char(char c);

}  // namespace sfn::jsonata
