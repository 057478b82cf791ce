// What validation reports: AWS's ValidateStateMachineDefinition diagnostics. CreateStateMachine's
// InvalidDefinition message is built from the first of them (see format_invalid_definition).
#pragma once

#include <string>
#include <vector>

namespace sfn::asl {

struct Diagnostic {
  std::string severity = "ERROR";  // ERROR | WARNING
  std::string code;                // SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, ...
  std::string message;             // AWS's words
  std::string location;            // JSON Pointer into the definition ("/States/Foo/Next");
                                   // empty when AWS gives none
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: <message> at <location>'", as
// CreateStateMachine reports it (several errors are joined the way AWS joins them).
std::string format_invalid_definition(const Diagnostics& diagnostics);

}  // namespace sfn::asl
