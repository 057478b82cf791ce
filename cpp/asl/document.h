// A read-only JSON document for the validator: what read_document (json_reader.h) makes of a
// definition's text in one pass. Every node and member sits in one contiguous buffer, and
// strings and keys are views into the text wherever it needs no unescaping, so reading a
// 1,000-state definition allocates a handful of times instead of once per object, key and string
// (nlohmann's tree), and freeing it is one free. The validator only reads the definition; the
// parts the engine keeps as values (payload templates, Pass `Result`, choice operands, a Map's
// ItemReader) are converted with to_json.
//
// Views: a Document refers to the text it was read from, which must outlive it. Nodes and members
// point into their Document's buffer; moving a Document keeps them valid, copying is not allowed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <forward_list>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace sfn::asl {

struct DocMember;
class DocIterator;

// One value. Arrays are members with empty keys, so an array and an object iterate alike; an
// object's key() is its member's name. The accessors mirror nlohmann's, so code reads the same.
class DocNode {
 public:
  enum class Kind : unsigned char {
    Null,
    Boolean,
    Integer,
    Unsigned,
    Float,
    String,
    Array,
    Object
  };

  DocNode() : integer_(0) {}

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_boolean() const { return kind_ == Kind::Boolean; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }
  // nlohmann's number kinds: an integer that fits int64 is Integer, a larger one Unsigned.
  bool is_number_integer() const { return kind_ == Kind::Integer || kind_ == Kind::Unsigned; }
  bool is_number_unsigned() const { return kind_ == Kind::Unsigned; }
  bool is_number_float() const { return kind_ == Kind::Float; }
  bool is_number() const { return is_number_integer() || is_number_float(); }

  // The value; only for the matching kind.
  const std::string_view& str() const { return string_; }
  bool boolean() const { return boolean_; }
  std::int64_t integer() const { return integer_; }
  std::uint64_t unsigned_integer() const { return unsigned_; }
  // Any number as a double (nlohmann's get<double>()).
  double number() const {
    return kind_ == Kind::Float      ? float_
           : kind_ == Kind::Unsigned ? static_cast<double>(unsigned_)
                                     : static_cast<double>(integer_);
  }

  // Members of an object, elements of an array; 0 for anything else.
  std::size_t size() const { return is_array() || is_object() ? list_.count : 0; }
  bool empty() const { return size() == 0; }
  DocIterator begin() const;
  DocIterator end() const;
  const DocNode& operator[](std::size_t index) const;  // an array's element
  // The member named `key` of an object (the first one: a repeated key holds one member), or
  // nullptr (also for anything but an object).
  const DocNode* find(std::string_view key) const;

 private:
  friend class DocumentBuilder;
  struct List {
    union {
      const DocMember* first;
      std::size_t offset;  // while building: the first member's index in Document::members
    };
    std::size_t count;
  };
  union {
    std::string_view string_;
    List list_;
    bool boolean_;
    std::int64_t integer_;
    std::uint64_t unsigned_;
    double float_;
  };
  Kind kind_ = Kind::Null;
};

struct DocMember {
  std::string_view name;  // empty in arrays
  DocNode node;
};

// Over an object's members or an array's elements, with nlohmann's iterator words: `it.key()`,
// `it.value()`, and `*it` the value (so a range-for over an array yields its elements).
class DocIterator {
 public:
  explicit DocIterator(const DocMember* at) : at_(at) {}
  const std::string_view& key() const { return at_->name; }
  const DocNode& value() const { return at_->node; }
  const DocNode& operator*() const { return at_->node; }
  const DocNode* operator->() const { return &at_->node; }
  DocIterator& operator++() {
    ++at_;
    return *this;
  }
  bool operator==(const DocIterator& other) const = default;

 private:
  const DocMember* at_;
};

inline DocIterator DocNode::begin() const { return DocIterator(size() ? list_.first : nullptr); }
inline DocIterator DocNode::end() const {
  return DocIterator(size() ? list_.first + list_.count : nullptr);
}
inline const DocNode& DocNode::operator[](std::size_t index) const {
  return list_.first[index].node;
}

// A key that appeared more than once in one object (the later value wins, in the first one's
// position, as Jackson's ObjectNode keeps it). `object_at` locates the object: "/States",
// "/States/M/ItemProcessor/States", "/States/P/Branches[0]/States" (empty: the root object).
struct DuplicateKey {
  std::string object_at;
  std::string key;
};

struct Document {
  Document() = default;
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  bool empty = false;  // nothing but whitespace: Jackson reads no value at all
  DocNode root;
  std::vector<DuplicateKey> duplicate_keys;

  // Storage: every member (of every object and array), and the strings that needed unescaping.
  std::vector<DocMember> members;
  std::forward_list<std::string> decoded;
};

// Builds a Document value by value, in document order (what the reader and document_of call):
// the caller asks for the slot of the next value, then sets it or opens it as a container whose
// values follow until close(). A container's members are gathered on a stack and laid out
// contiguously in the Document when it closes; finish() fixes the links once all are laid out.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(Document& doc);
  ~DocumentBuilder();
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  // A string the document must keep (it needed unescaping); returns its stable view.
  std::string_view keep(std::string&& text);

  // The slot of the next value: the root, the next element of the open array, or the member
  // `key` of the open object. A key the open object already has returns that member's slot,
  // emptied (the later value wins, in the first one's place), and sets `repeated`.
  DocNode& root_slot();
  DocNode& element_slot();
  DocNode& member_slot(std::string_view key, bool& repeated);
  static void set_boolean(DocNode& slot, bool value);
  static void set_integer(DocNode& slot, std::int64_t value);
  static void set_unsigned(DocNode& slot, std::uint64_t value);
  static void set_float(DocNode& slot, double value);
  static void set_string(DocNode& slot, std::string_view value);

  // Opens the slot last handed out as a container.
  void open(bool object);
  void close();
  // After the root value is complete: links every container to its members.
  void finish();

 private:
  struct Frame;
  struct KeyIndex;
  static constexpr std::size_t kRoot = static_cast<std::size_t>(-1);

  Document& doc_;
  std::vector<DocMember> stack_;  // members of the open containers, innermost last
  std::vector<Frame> frames_;
  std::size_t last_slot_ = kRoot;  // where the slot last handed out is: kRoot or into stack_
  DocNode& slot_at(std::size_t where);
};

// The document of a Json value (what compile() validates): the same nodes the reader would make
// of its text. Strings are views into `value`, which must outlive the Document.
Document document_of(const Json& value);

// A node as a Json value (iterative: documents may nest kMaxNestingDepth deep).
Json to_json(const DocNode& node);

}  // namespace sfn::asl
