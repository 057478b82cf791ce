#include "json/item_spans.h"

#include <cstdint>
#include <iterator>
#include <unordered_set>

#include "json/json.h"

namespace sfn {

namespace {

// A character iterator that tells how far the parser has read: nlohmann's SAX events carry no
// positions, but each event comes right after the parser read the token that made it (one
// character further after a number, whose end it finds by reading past it).
struct CountingIterator {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at = nullptr;
  std::size_t* read = nullptr;

  reference operator*() const { return *at; }
  CountingIterator& operator++() {
    ++at;
    ++*read;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& o) const { return at == o.at; }
  bool operator!=(const CountingIterator& o) const { return at != o.at; }
};

class SpanScanner {
 public:
  SpanScanner(std::string_view text, const std::vector<std::string>& path, std::size_t limit,
              ItemSpans& out, const std::size_t& read)
      : text_(text), path_(path), limit_(limit), out_(out), read_(read) {}

  bool null() { return scalar(false); }
  bool boolean(bool) { return scalar(false); }
  bool number_integer(std::int64_t) { return scalar(true); }
  bool number_unsigned(std::uint64_t) { return scalar(true); }
  bool number_float(double, const std::string&) { return scalar(true); }
  bool string(std::string&) { return scalar(false); }
  bool binary(Json::binary_t&) { return scalar(false); }
  bool start_object(std::size_t) { return open(false); }
  bool start_array(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name);

  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception&) {
    return false;
  }

  bool plain() const { return plain_; }

 private:
  struct Frame {
    bool array;
    bool on_path;           // this container's path is a prefix of path_
    bool next_on_path;      // object: the last name read continues path_
    std::size_t index = 0;  // array: the next element's index
  };

  // Whether the value starting now lies on path_ (its own path a prefix of it, or path_).
  bool begins_on_path() {
    if (open_.empty()) return true;
    const Frame& parent = open_.back();
    const std::size_t depth = open_.size() - 1;  // tokens the parent's path uses
    if (!parent.on_path || depth >= path_.size()) return false;
    if (!parent.array) return parent.next_on_path;
    return path_[depth] == std::to_string(parent.index);
  }

  // A value starts: is it the target, or does it replace one found before?
  void begin_value(bool container, bool array) {
    if (!begins_on_path()) return;
    if (out_.kind != ItemSpans::Kind::Missing && !inside_target_) {
      plain_ = false;  // a repeated name replaces the value found before
    }
    if (open_.size() != path_.size()) return;
    if (!container) {
      out_.kind = ItemSpans::Kind::Scalar;
      return;
    }
    out_.kind = array ? ItemSpans::Kind::Array : ItemSpans::Kind::Object;
    out_.first = read_;
    target_depth_ = open_.size() + 1;
  }

  // A value ended; `number` says the parser read one character past it.
  void end_value(bool number) {
    if (target_depth_ == 0 || open_.size() != target_depth_) return;
    std::size_t end = read_;
    if (number && end > 0 && (text_[end - 1] < '0' || text_[end - 1] > '9')) --end;
    if (out_.count++ < limit_) out_.ends.push_back(end);
  }

  bool scalar(bool number) {
    begin_value(false, false);
    end_value(number);
    advance();
    return true;
  }

  bool open(bool array) {
    begin_value(true, array);
    bool on_path = begins_on_path();
    open_.push_back(Frame{array, on_path, false});
    if (open_.size() > static_cast<std::size_t>(kMaxNestingDepth)) plain_ = false;
    if (target_depth_ != 0 && open_.size() == target_depth_) inside_target_ = true;
    return plain_;
  }

  bool close() {
    if (target_depth_ != 0 && open_.size() == target_depth_) {
      inside_target_ = false;
      target_depth_ = 0;
    }
    open_.pop_back();
    end_value(false);
    advance();
    return true;
  }

  // The parent array's next element.
  void advance() {
    if (!open_.empty() && open_.back().array) ++open_.back().index;
  }

  std::string_view text_;
  const std::vector<std::string>& path_;
  std::size_t limit_;
  ItemSpans& out_;
  const std::size_t& read_;
  std::vector<Frame> open_;
  std::size_t target_depth_ = 0;  // open_.size() while the target container is the top
  bool inside_target_ = false;
  bool plain_ = true;
  std::unordered_set<std::string> names_;  // the target object's member names
};

bool SpanScanner::key(std::string& name) {
  Frame& top = open_.back();
  const std::size_t depth = open_.size() - 1;
  top.next_on_path = top.on_path && depth < path_.size() && path_[depth] == name;
  if (target_depth_ != 0 && open_.size() == target_depth_) {
    if (!names_.insert(name).second) plain_ = false;
    if (out_.count < limit_) out_.key_ends.push_back(read_);
  }
  return plain_;
}

std::size_t skip_space(std::string_view text, std::size_t at) {
  while (at < text.size() &&
         (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
    ++at;
  return at;
}

// Past the whitespace and the one separator (',' or ':') before a token.
std::size_t token_start(std::string_view text, std::size_t at, char separator) {
  at = skip_space(text, at);
  if (at < text.size() && text[at] == separator) at = skip_space(text, at + 1);
  return at;
}

}  // namespace

bool scan_item_spans(std::string_view text, const std::vector<std::string>& path, std::size_t limit,
                     ItemSpans& out) {
  out = ItemSpans{};
  std::size_t read = 0;
  SpanScanner scanner(text, path, limit, out, read);
  CountingIterator first{text.data(), &read};
  CountingIterator last{text.data() + text.size(), &read};
  bool ok = false;
  try {
    ok = Json::sax_parse(first, last, &scanner, Json::input_format_t::json, /*strict=*/true);
  } catch (const Json::exception&) {
    return false;
  }
  return ok && scanner.plain();
}

std::string_view element_text(std::string_view text, const ItemSpans& spans, std::size_t i) {
  std::size_t begin;
  if (spans.kind == ItemSpans::Kind::Object) {
    begin = token_start(text, spans.key_ends[i], ':');
  } else {
    begin = i == 0 ? skip_space(text, spans.first) : token_start(text, spans.ends[i - 1], ',');
  }
  return text.substr(begin, spans.ends[i] - begin);
}

std::string_view member_name_text(std::string_view text, const ItemSpans& spans, std::size_t i) {
  std::size_t begin =
      i == 0 ? skip_space(text, spans.first) : token_start(text, spans.ends[i - 1], ',');
  return text.substr(begin, spans.key_ends[i] - begin);
}

}  // namespace sfn
