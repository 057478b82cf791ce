#include "engine/item_stream.h"

#include <limits>
#include <unordered_map>

#include "asl/java_set_order.h"
#include "engine/item_reader.h"

namespace sfn::engine {

namespace {

using InputType = asl::ItemReaderSpec::InputType;

constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

Failure stream_failure(std::string cause) { return Failure{kItemReaderFailed, std::move(cause)}; }

// D9: the Python layer hands Parquet rows over as JSON Lines; raw Parquet bytes mean nothing
// on the way could read them.
constexpr std::string_view kParquetMagic = "PAR1";

// The next non-blank line at or after `offset` (its number counted in `line_number`), `offset`
// moved past it; false at the end of the text.
bool next_line(std::string_view text, std::size_t& offset, std::size_t& line_number,
               std::string_view& line) {
  while (offset < text.size()) {
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    line = text.substr(offset, end - offset);
    offset = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) return true;
  }
  offset = text.size();
  return false;
}

// D8: every line within MaxItems must be JSON; the first that is not fails the reader.
std::optional<Failure> count_json_lines(ItemStream& s, std::size_t limit) {
  std::size_t offset = 0, line_number = 0;
  std::string_view line;
  Json value;
  std::string error;
  while (s.size < limit && next_line(s.text, offset, line_number, line)) {
    if (!parse_text(line, value, error)) {
      return stream_failure("The ItemReader could not parse line " + std::to_string(line_number) +
                            " as JSON: " + error);
    }
    ++s.size;
  }
  return std::nullopt;
}

// C1, C2, C10: the header (given, or the first record), its key order, then the records.
std::optional<Failure> count_csv_records(const asl::ItemReaderSpec& spec, ItemStream& s,
                                         std::size_t limit) {
  std::vector<std::string> record;
  if (spec.csv_headers_given) {
    s.headers = spec.csv_headers;
  } else if (next_csv_record(s.text, s.offset, s.delimiter, record)) {
    s.headers = std::move(record);
  } else {
    return std::nullopt;  // no records at all: no items
  }
  std::unordered_map<std::string_view, std::size_t> position;
  for (std::size_t i = 0; i < s.headers.size(); ++i) {
    if (!position.emplace(s.headers[i], i).second)
      return stream_failure("CSV headers cannot contain duplicates.");
  }
  std::vector<std::string_view> names(s.headers.begin(), s.headers.end());
  for (std::string_view name : asl::java_hash_set_order(names)) s.order.push_back(position[name]);
  std::size_t offset = s.offset;
  while (s.size < limit && next_csv_record(s.text, offset, s.delimiter, record)) ++s.size;
  return std::nullopt;
}

// D6, D7 without parsing the document: the spans of the items, when they read plainly; else
// the document parsed whole (and its failure, if any, is the whole read's).
Expected<ItemStream> open_json_stream(const asl::ItemReaderSpec& spec, ItemStream s,
                                      std::size_t limit, bool* keyed) {
  if (auto path = pointer_tokens(spec.items_pointer.value_or(""))) {
    if (scan_item_spans(s.text, *path, limit, s.spans) &&
        (s.spans.kind == ItemSpans::Kind::Array || s.spans.kind == ItemSpans::Kind::Object)) {
      s.format = InputType::Json;
      s.size = s.spans.ends.size();
      if (keyed && s.spans.kind == ItemSpans::Kind::Object) *keyed = true;
      return s;
    }
  }
  auto items = items_of_object(spec, s.text,
                               limit == kNoLimit ? 0 : static_cast<std::int64_t>(limit), keyed);
  if (!items.ok()) return std::move(items).error();
  ItemStream lines = item_lines();
  for (const Json& item : *items) add_item(lines, item);
  return lines;
}

Json json_document_item(ItemStream& s) {
  const std::size_t i = s.index++;
  Json value;
  std::string error;
  // The scan read every span as JSON.
  parse_text(element_text(s.text, s.spans, i), value, error);
  if (s.spans.kind != ItemSpans::Kind::Object) return value;
  Json name;
  parse_text(member_name_text(s.text, s.spans, i), name, error);
  Json entry = Json::object();
  entry["Key"] = std::move(name);
  entry["Value"] = std::move(value);
  return entry;
}

// The next item of the source, whatever next_item hands out.
Json read_item(ItemStream& s) {
  if (s.format == InputType::Json) return json_document_item(s);
  if (s.format == InputType::Csv) {
    std::vector<std::string> row;
    next_csv_record(s.text, s.offset, s.delimiter, row);
    // [recorded] Each row becomes an object of strings; a missing field is "", an extra one is
    // dropped (C8, C9); keys in a java.util.HashMap's order (C10).
    Json item = Json::object();
    for (std::size_t i : s.order) item[s.headers[i]] = i < row.size() ? std::move(row[i]) : "";
    return item;
  }
  std::size_t line_number = 0;
  std::string_view line;
  Json value;
  std::string error;
  // Opening the stream parsed every line it counts.
  if (next_line(s.text, s.offset, line_number, line)) parse_text(line, value, error);
  return value;
}

}  // namespace

bool streamable(const asl::ItemReaderSpec& spec) {
  return spec.input_type == InputType::Csv || spec.input_type == InputType::Jsonl ||
         spec.input_type == InputType::Parquet || spec.input_type == InputType::Json;
}

Expected<ItemStream> open_item_stream(const asl::ItemReaderSpec& spec, std::string text,
                                      std::int64_t max_items, bool* keyed) {
  const std::size_t limit = max_items <= 0 ? kNoLimit : static_cast<std::size_t>(max_items);
  ItemStream s;
  s.format = spec.input_type == InputType::Csv ? InputType::Csv : InputType::Jsonl;
  s.delimiter = spec.csv_delimiter;
  s.text = std::move(text);
  if (spec.input_type == InputType::Json) return open_json_stream(spec, std::move(s), limit, keyed);
  if (spec.input_type == InputType::Parquet && s.text.starts_with(kParquetMagic)) {
    return Failure{"sfnsim.MissingExtra",
                   "Reading ItemReader InputType PARQUET needs pyarrow in the Python layer "
                   "that answers s3:getObject: pip install 'sfnsim[parquet]'"};
  }
  std::optional<Failure> problem =
      s.format == InputType::Csv ? count_csv_records(spec, s, limit) : count_json_lines(s, limit);
  if (problem) return std::move(*problem);
  s.start = s.offset;
  return s;
}

ItemStream item_lines() { return ItemStream{}; }

void add_item(ItemStream& s, const Json& item) {
  // to_text and parse_text are each other's inverse: the item comes back equal.
  s.text += to_text(item);
  s.text += '\n';
  ++s.size;
}

Json next_item(ItemStream& s) {
  const std::size_t k = s.taken++;
  if (!s.batching) return read_item(s);
  Json batch = s.batching->base;
  Json& items = batch["Items"];
  for (std::int64_t n = s.batching->sizes[k]; n > 0; --n) items.push_back(read_item(s));
  return batch;
}

void release_when_done(ItemStream& s) {
  if (s.taken < s.size) return;
  std::string().swap(s.text);
  s.spans = ItemSpans{};
  std::vector<std::size_t>().swap(s.order);
  s.headers.clear();
  s.batching.reset();
}

void rewind(ItemStream& s) {
  s.offset = s.start;
  s.index = 0;
  s.taken = 0;
}

void batch_stream(ItemStream& s, ItemBatching batching) {
  rewind(s);
  s.size = batching.sizes.size();
  s.batching = std::move(batching);
}

std::size_t held_bytes(const ItemStream& s) {
  std::size_t bytes = s.spans.ends.capacity() * sizeof(std::size_t) +
                      s.spans.key_ends.capacity() * sizeof(std::size_t) +
                      s.order.capacity() * sizeof(std::size_t);
  for (const std::string& h : s.headers) bytes += sizeof(std::string) + h.capacity();
  if (s.batching) bytes += s.batching->sizes.capacity() * sizeof(std::int64_t);
  return bytes;
}

bool next_csv_record(std::string_view text, std::size_t& offset, char delimiter,
                     std::vector<std::string>& record) {
  record.clear();
  std::string field;
  bool in_quotes = false;
  bool line_has_content = false;
  for (std::size_t& i = offset; i < text.size(); ++i) {
    char c = text[i];
    // [doc] C7: a backslash keeps a backslash, a quote or the delimiter after it literally;
    // before anything else it is dropped (and that character read as usual).
    if (c == '\\' && i + 1 < text.size()) {
      char next = text[i + 1];
      if (next == '\\' || next == '"' || next == delimiter) {
        field.push_back(next);
        line_has_content = true;
        ++i;
      }
      continue;
    }
    if (c == '\\') continue;  // a lone trailing backslash
    if (in_quotes) {
      if (c != '"') {
        field.push_back(c);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else {
        in_quotes = false;
      }
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (line_has_content) {
        record.push_back(std::move(field));
        ++i;  // past the line break
        return true;
      }
      // An empty line is no record (C4).
      record.clear();
      field.clear();
      continue;
    }
    line_has_content = true;
    if (c == delimiter) {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '"' && field.empty()) {
      in_quotes = true;
    } else {
      field.push_back(c);
    }
  }
  if (!line_has_content) return false;
  record.push_back(std::move(field));
  return true;
}

}  // namespace sfn::engine
