// The syntax tree, in the shape jsonata-js's parser leaves it after its post-parse pass
// (processAST): location paths flattened into steps carrying predicates/stages, groups, focus
// and index bindings, and the ancestry slots of the parent operator `%`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jsonata/value.h"

namespace sfn::jsonata {

struct Signature;
struct Regex;
struct Node;
using NodePtr = std::shared_ptr<Node>;

enum class NodeType {
  // tokens as the lexer produces them
  Name,
  Variable,
  String,
  Number,
  Literal,  // true / false / null
  RegexLit,
  Operator,
  End,
  // parser nodes
  Binary,
  Unary,
  Function,
  Partial,
  Lambda,
  Block,
  Condition,
  Transform,
  Wildcard,
  Descendant,
  Parent,
  // post-parse nodes
  Path,
  Bind,
  Apply,
  Sort,
};

// The label a `%` looks up, and how many steps up it still has to climb.
struct Slot {
  std::string label;
  int level = 1;
  int index = 0;
};
using SlotPtr = std::shared_ptr<Slot>;

struct Stage {
  bool is_index = false;  // `#$i` inside a stage list, otherwise a filter
  NodePtr expr;
  std::string var;  // index variable name
  int position = 0;
};

struct Group {
  std::vector<std::pair<NodePtr, NodePtr>> pairs;
  int position = 0;
};

struct SortTerm {
  bool descending = false;
  NodePtr expr;
};

struct Node {
  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Releases uniquely owned subtrees iteratively: a long operator chain is a deep tree.
  ~Node();

  // Moves every child pointer of this node into `out`.
  void take_children(std::vector<NodePtr>& out);

  NodeType type = NodeType::End;
  std::string value;  // operator / name / variable / string text
  Value literal;      // Number, String and Literal values
  int position = 0;

  NodePtr lhs, rhs, expression;                    // binary / unary
  std::vector<NodePtr> expressions;                // array constructor, block
  std::vector<std::pair<NodePtr, NodePtr>> pairs;  // object constructor (unary or grouping)
  NodePtr procedure;                               // function / partial
  std::vector<NodePtr> arguments;                  // function args or lambda params
  NodePtr body;                                    // lambda
  std::shared_ptr<const Signature> signature;      // lambda
  NodePtr condition, then, otherwise;              // condition
  NodePtr pattern, update, deletion;               // transform
  std::vector<NodePtr> steps;                      // path
  std::vector<SortTerm> terms;                     // sort
  std::shared_ptr<const Regex> regex;              // regex literal

  std::optional<std::vector<Stage>> predicate;  // filters on a non-path expression
  std::optional<std::vector<Stage>> stages;     // filters/index on a path step
  std::optional<Group> group;

  bool keep_array = false;
  bool keep_singleton_array = false;
  bool consarray = false;
  bool tuple = false;
  bool thunk = false;
  std::optional<std::string> focus;  // @$var
  std::optional<std::string> index;  // #$var
  SlotPtr slot;                      // parent
  SlotPtr ancestor;                  // name/wildcard step bound for a `%`
  std::optional<std::vector<SlotPtr>> seeking_parent;
};

struct Ast {
  std::string source;
  NodePtr root;
};

}  // namespace sfn::jsonata
