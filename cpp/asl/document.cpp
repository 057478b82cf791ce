#include "asl/document.h"

#include <functional>
#include <iterator>
#include <memory>
#include <utility>

namespace sfn::asl {

const DocNode* DocNode::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (auto it = begin(); it != end(); ++it)
    if (it.key() == key) return &it.value();
  return nullptr;
}

// Positions of a large open object's keys, so a repeated key is found without a linear search:
// open addressing over the members' positions in the builder's stack, keys compared in place.
struct DocumentBuilder::KeyIndex {
  std::vector<std::uint32_t> slots;  // member position - first + 1; 0 is empty
  std::vector<std::size_t> hashes;   // per member
  std::size_t mask = 0;

  static std::size_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

  void place(std::size_t index) {
    std::size_t at = hashes[index] & mask;
    while (slots[at] != 0) at = (at + 1) & mask;
    slots[at] = static_cast<std::uint32_t>(index + 1);
  }
  void rebuild(std::size_t minimum) {
    std::size_t size = 64;
    while (size < minimum) size *= 2;
    slots.assign(size, 0);
    mask = size - 1;
    for (std::size_t i = 0; i < hashes.size(); ++i) place(i);
  }
  void add(std::size_t hash) {
    hashes.push_back(hash);
    if (hashes.size() * 2 > slots.size()) {
      rebuild(hashes.size() * 4);
    } else {
      place(hashes.size() - 1);
    }
  }
};

struct DocumentBuilder::Frame {
  std::size_t slot;   // kRoot, or the position in stack_ of the member holding the container
  std::size_t first;  // its first member's position in stack_
  bool object;
  std::unique_ptr<KeyIndex> keys;  // objects of over 16 members
};

DocumentBuilder::DocumentBuilder(Document& doc) : doc_(doc) {}
DocumentBuilder::~DocumentBuilder() = default;

std::string_view DocumentBuilder::keep(std::string&& text) {
  doc_.decoded.push_front(std::move(text));
  return doc_.decoded.front();
}

DocNode& DocumentBuilder::slot_at(std::size_t where) {
  return where == kRoot ? doc_.root : stack_[where].node;
}

DocNode& DocumentBuilder::root_slot() {
  last_slot_ = kRoot;
  return doc_.root;
}

DocNode& DocumentBuilder::element_slot() {
  last_slot_ = stack_.size();
  stack_.push_back(DocMember{});
  return stack_.back().node;
}

DocNode& DocumentBuilder::member_slot(std::string_view key, bool& repeated) {
  Frame& top = frames_.back();
  std::size_t count = stack_.size() - top.first;
  std::size_t hash = 0;
  std::size_t found = count;
  if (top.keys) {
    hash = KeyIndex::hash_of(key);
    for (std::size_t at = hash & top.keys->mask;; at = (at + 1) & top.keys->mask) {
      std::uint32_t slot = top.keys->slots[at];
      if (slot == 0) break;
      if (top.keys->hashes[slot - 1] == hash && stack_[top.first + slot - 1].name == key) {
        found = slot - 1;
        break;
      }
    }
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      if (stack_[top.first + i].name == key) {
        found = i;
        break;
      }
    }
  }
  repeated = found < count;
  if (repeated) {
    last_slot_ = top.first + found;
    DocNode& slot = stack_[last_slot_].node;
    slot = DocNode();
    return slot;
  }
  last_slot_ = stack_.size();
  stack_.push_back(DocMember{key, DocNode()});
  if (top.keys) {
    top.keys->add(hash);
  } else if (count + 1 > 16) {
    top.keys = std::make_unique<KeyIndex>();
    top.keys->hashes.reserve((count + 1) * 2);
    for (std::size_t i = top.first; i < stack_.size(); ++i)
      top.keys->hashes.push_back(KeyIndex::hash_of(stack_[i].name));
    top.keys->rebuild((count + 1) * 4);
  }
  return stack_.back().node;
}

void DocumentBuilder::set_boolean(DocNode& slot, bool value) {
  slot.kind_ = DocNode::Kind::Boolean;
  slot.integer_ = 0;
  slot.boolean_ = value;
}
void DocumentBuilder::set_integer(DocNode& slot, std::int64_t value) {
  slot.kind_ = DocNode::Kind::Integer;
  slot.integer_ = value;
}
void DocumentBuilder::set_unsigned(DocNode& slot, std::uint64_t value) {
  slot.kind_ = DocNode::Kind::Unsigned;
  slot.unsigned_ = value;
}
void DocumentBuilder::set_float(DocNode& slot, double value) {
  slot.kind_ = DocNode::Kind::Float;
  slot.float_ = value;
}
void DocumentBuilder::set_string(DocNode& slot, std::string_view value) {
  slot.kind_ = DocNode::Kind::String;
  slot.string_ = value;
}

void DocumentBuilder::open(bool object) {
  DocNode& slot = slot_at(last_slot_);
  slot.kind_ = object ? DocNode::Kind::Object : DocNode::Kind::Array;
  slot.list_.offset = 0;
  slot.list_.count = 0;
  frames_.push_back(Frame{last_slot_, stack_.size(), object, nullptr});
}

void DocumentBuilder::close() {
  Frame& top = frames_.back();
  DocNode& slot = slot_at(top.slot);
  std::size_t count = stack_.size() - top.first;
  slot.list_.offset = doc_.members.size();
  slot.list_.count = count;
  doc_.members.insert(doc_.members.end(), std::make_move_iterator(stack_.begin() + top.first),
                      std::make_move_iterator(stack_.end()));
  stack_.resize(top.first);
  frames_.pop_back();
}

void DocumentBuilder::finish() {
  DocMember* base = doc_.members.data();
  auto link = [base](DocNode& node) {
    if ((node.is_array() || node.is_object()) && node.list_.count > 0) {
      node.list_.first = base + node.list_.offset;
    } else if (node.is_array() || node.is_object()) {
      node.list_.first = nullptr;
    }
  };
  link(doc_.root);
  for (DocMember& m : doc_.members) link(m.node);
}

Document document_of(const Json& value) {
  Document doc;
  DocumentBuilder builder(doc);
  // (value, next member to visit) per open container; depth is bounded by the caller.
  struct Open {
    const Json* value;
    Json::const_iterator next;
  };
  std::vector<Open> open;
  auto put = [&](const Json& v, DocNode& slot) {
    switch (v.type()) {
      case Json::value_t::object:
      case Json::value_t::array:
        builder.open(v.is_object());
        open.push_back({&v, v.begin()});
        break;
      case Json::value_t::string:
        DocumentBuilder::set_string(slot, v.get_ref<const std::string&>());
        break;
      case Json::value_t::boolean:
        DocumentBuilder::set_boolean(slot, v.get<bool>());
        break;
      case Json::value_t::number_integer:
        DocumentBuilder::set_integer(slot, v.get<std::int64_t>());
        break;
      case Json::value_t::number_unsigned:
        DocumentBuilder::set_unsigned(slot, v.get<std::uint64_t>());
        break;
      case Json::value_t::number_float:
        DocumentBuilder::set_float(slot, v.get<double>());
        break;
      default:
        break;  // null (and nlohmann's binary/discarded, which no document holds)
    }
  };
  put(value, builder.root_slot());
  while (!open.empty()) {
    Open& top = open.back();
    if (top.next == top.value->end()) {
      builder.close();
      open.pop_back();
      continue;
    }
    const Json& v = *top.next;
    bool repeated = false;
    DocNode& slot = top.value->is_object() ? builder.member_slot(top.next.key(), repeated)
                                           : builder.element_slot();
    ++top.next;
    put(v, slot);  // may push onto `open`: `top` is not used after this
  }
  builder.finish();
  return doc;
}

Json to_json(const DocNode& node) {
  auto scalar = [](const DocNode& n) -> Json {
    switch (n.kind()) {
      case DocNode::Kind::Boolean:
        return n.boolean();
      case DocNode::Kind::Integer:
        return n.integer();
      case DocNode::Kind::Unsigned:
        return n.unsigned_integer();
      case DocNode::Kind::Float:
        return n.number();
      case DocNode::Kind::String:
        return std::string(n.str());
      case DocNode::Kind::Object:
        return Json::object();
      case DocNode::Kind::Array:
        return Json::array();
      case DocNode::Kind::Null:
        break;
    }
    return nullptr;
  };
  Json out = scalar(node);
  // (source container, its copy, next member): the copies' members are reserved up front, so
  // pointers to them stay put while their own children are filled.
  struct Open {
    const DocNode* source;
    Json* target;
    DocIterator next;
  };
  std::vector<Open> open;
  auto start = [&open](const DocNode& n, Json& target) {
    if (!(n.is_array() || n.is_object())) return;
    if (n.is_object()) {
      target.get_ref<Json::object_t&>().reserve(n.size());
    } else {
      target.get_ref<Json::array_t&>().reserve(n.size());
    }
    open.push_back({&n, &target, n.begin()});
  };
  start(node, out);
  while (!open.empty()) {
    Open& top = open.back();
    if (top.next == top.source->end()) {
      open.pop_back();
      continue;
    }
    DocIterator m = top.next;
    ++top.next;
    Json* child;
    if (top.source->is_object()) {
      auto& object = top.target->get_ref<Json::object_t&>();
      object.emplace_back(std::string(m.key()), scalar(m.value()));
      child = &object.back().second;
    } else {
      auto& array = top.target->get_ref<Json::array_t&>();
      array.push_back(scalar(m.value()));
      child = &array.back();
    }
    start(m.value(), *child);  // may push onto `open`: `top` is not used after this
  }
  return out;
}

}  // namespace sfn::asl
