// DescribeStateMachine's `variableReferences`: for each state, the workflow variables it reads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "asl/model.h"

namespace sfn::asl {

// State name -> the variables (without `$`) the state reads, sorted and without duplicates, as
// AWS lists them. States that read none are absent (AWS leaves the member out when no state
// reads any). JSONPath states read variables through paths (`$name...`) in InputPath,
// OutputPath, ItemsPath, the `*Path` fields, Choice rules and payload templates, intrinsic
// arguments included; JSONata states through `$name` in their expressions (names an expression
// binds itself and built-in functions excluded). A Map's or Parallel's reads are its own; the
// states of its branches are listed under their own names (names are unique in a machine).
std::map<std::string, std::vector<std::string>> variable_references(const StateMachine& machine);

}  // namespace sfn::asl
