// What validation reports: AWS's ValidateStateMachineDefinition diagnostics. CreateStateMachine's
// InvalidDefinition message is built from all of them (see format_invalid_definition).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::asl {

struct Diagnostic {
  std::string severity = "ERROR";  // ERROR | WARNING
  std::string code;                // SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, ...
  std::string message;             // AWS's words
  std::string location;            // JSON Pointer into the definition ("/States/Foo/Next");
                                   // empty when AWS gives none
  // A check CreateStateMachine reports outside the SCHEMA_VALIDATION_FAILED form, as
  // "Error=ValueError Args=['<message>'] in definition '<definition text>'." (Map `Label`). It is
  // reported only when no other error is.
  bool reported_as_value_error = false;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: <message> at <location>'", as
// CreateStateMachine reports it: every error as "<code>: <message> at <location>" (a missing
// location reads "null"), joined with ", " inside one pair of quotes. `definition_text` is the
// definition as the caller sent it, which the value-error form quotes.
std::string format_invalid_definition(const Diagnostics& diagnostics,
                                      std::string_view definition_text = {});

}  // namespace sfn::asl
