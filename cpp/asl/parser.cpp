// The entry points: text or JSON in, a compiled StateMachine or every diagnostic out.
#include "asl/parser.h"

#include <algorithm>
#include <new>
#include <vector>

#include "asl/json_reader.h"
#include "asl/parse_parts.h"

namespace sfn::asl {
namespace {

Diagnostic error(std::string_view code, std::string message, std::string location = {}) {
  Diagnostic d;
  d.code = std::string(code);
  d.message = std::move(message);
  d.location = std::move(location);
  return d;
}

void parse_top_level(detail::Ctx& ctx, const DocNode& doc, StateMachine& machine) {
  using namespace detail;
  check_fields(ctx, doc, "",
               {"Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"},
               {"StartAt", "States"});
  bool declared_jsonpath = false;
  machine.query_language =
      query_language_of(ctx, doc, "", QueryLanguage::JSONPath, declared_jsonpath);
  ctx.machine_language = machine.query_language;
  if (machine.query_language == QueryLanguage::JSONata) ctx.jsonata_declared_at = "/QueryLanguage";
  if (const std::string_view* version = string_member(ctx, doc, "Version", "")) {
    if (*version != "1.0") ctx.schema(msg::one_of_values({"1.0"}), "/Version");
    machine.version = *version;
  }
  if (const DocNode* timeout = member(doc, "TimeoutSeconds"))
    machine.timeout_seconds = integer_value(ctx, *timeout, "/TimeoutSeconds", 1, 99999999);
  machine.graph.query_language = machine.query_language;
  parse_graph(ctx, doc, "", machine.graph);
  machine.comment = machine.graph.comment;
}

Expected<StateMachinePtr, Diagnostics> compile_document(const DocNode& doc,
                                                        const std::vector<DuplicateKey>* duplicates,
                                                        const ParseOptions& options) {
  Diagnostics diagnostics;
  try {
    if (!doc.is_object()) return Diagnostics{error(msg::kSchema, std::string(msg::kNotAnObject))};
    detail::Ctx ctx{options, diagnostics};
    if (duplicates) {
      for (const DuplicateKey& d : *duplicates) ctx.repeated_keys[d.object_at].push_back(d.key);
    }
    auto machine = std::make_shared<StateMachine>();
    parse_top_level(ctx, doc, *machine);
    if (!options.allow_jsonata && !ctx.jsonata_declared_at.empty()) {
      diagnostics.insert(
          diagnostics.begin(),
          error(msg::kSchema, std::string(msg::kJsonataUnsupported), ctx.jsonata_declared_at));
    }
    // AWS checks transitions only in a definition that passed the schema checks (recorded: a
    // definition without StartAt gets no "not reachable" diagnostics).
    if (!has_errors(diagnostics)) {
      std::stable_sort(ctx.transition_diagnostics.begin(), ctx.transition_diagnostics.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& [graph, d] : ctx.transition_diagnostics) diagnostics.push_back(std::move(d));
    }
    if (has_errors(diagnostics)) return diagnostics;
    machine->warnings = std::move(diagnostics);
    return StateMachinePtr(std::move(machine));
  } catch (const detail::StackExhausted&) {
    return Diagnostics{error(msg::kTooDeep, std::string(msg::kTooDeeplyNestedForStack), "/")};
  } catch (const std::bad_alloc&) {
    diagnostics.push_back(error(msg::kSchema, "The definition is too large to validate"));
  } catch (const std::exception& e) {
    // A bug in a check must not take the caller down; report it as a refusal.
    diagnostics.push_back(
        error(msg::kSchema, std::string("Internal validation error: ") + e.what()));
  }
  return diagnostics;
}

}  // namespace

Expected<StateMachinePtr, Diagnostics> parse(std::string_view definition_text,
                                             const ParseOptions& options) {
  auto read = read_document(definition_text);
  if (!read)
    return Diagnostics{error(msg::kInvalidJson, read.error().message, read.error().location)};
  if (read->empty) return Diagnostics{error(msg::kSchema, std::string(msg::kNotAnObject))};
  return compile_document(read->root, &read->duplicate_keys, options);
}

Expected<StateMachinePtr, Diagnostics> compile(const Json& definition,
                                               const ParseOptions& options) {
  if (!definition.is_object())
    return Diagnostics{error(msg::kSchema, std::string(msg::kNotAnObject))};
  // read_document refuses text nested deeper than the limit; a Json from elsewhere is walked.
  if (nested_deeper_than(definition, kMaxNestingDepth))
    return Diagnostics{error(msg::kTooDeep, std::string(msg::kTooDeeplyNested), "/")};
  Document doc;
  try {
    doc = document_of(definition);
  } catch (const std::bad_alloc&) {
    return Diagnostics{error(msg::kSchema, "The definition is too large to validate")};
  }
  return compile_document(doc.root, nullptr, options);
}

}  // namespace sfn::asl
