#include "service/validation.h"

#include <cmath>
#include <string>
#include <vector>

#include "service/arn.h"
#include "service/errors.h"

namespace sfn::service {

namespace {

enum class Type : unsigned char { String, Integer, Float, Boolean, List, Object };

// A top-level request member and its constraints (from the service model). `min`/`max` bound
// a string's or list's length, or a number's value; -1 means unbounded.
struct Member {
  const char* name;
  Type type;
  bool required = false;
  long long min = -1;
  long long max = -1;
  const char* enum_set = nullptr;  // as AWS prints it in the message
  bool alias_pattern = false;      // CharacterRestrictedName
};

using Members = std::vector<Member>;

constexpr const char* kIncludedData = "[ALL_DATA, METADATA_ONLY]";
// AWS prints this one in its own (hash set) order; recorded.
constexpr const char* kExecutionStatus =
    "[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]";
constexpr const char* kStateMachineType = "[STANDARD, EXPRESS]";

Member arn(const char* name, bool required = true) {
  return {name, Type::String, required, 1, 256};
}
Member long_arn(const char* name) { return {name, Type::String, true, 1, 2000}; }
Member page_size() { return {"maxResults", Type::Integer, false, 0, 1000}; }
Member page_token(long long max = 1024) { return {"nextToken", Type::String, false, 1, max}; }
Member name_member(bool required) { return {"name", Type::String, required, 1, 80}; }
Member object(const char* name) { return {name, Type::Object}; }
Member list(const char* name, bool required = false) { return {name, Type::List, required}; }
Member text(const char* name, long long max, long long min = -1) {
  return {name, Type::String, false, min, max};
}
Member boolean(const char* name) { return {name, Type::Boolean}; }
Member enumeration(const char* name, const char* set) {
  return {name, Type::String, false, -1, -1, set};
}
Member definition(bool required) { return {"definition", Type::String, required, 1, 1048576}; }

struct Operation {
  const char* name;
  Members members;
};

const std::vector<Operation>& operations() {
  static const std::vector<Operation> table = {
      {"CreateActivity", {name_member(true), list("tags"), object("encryptionConfiguration")}},
      {"CreateStateMachine",
       {name_member(true), definition(true), arn("roleArn"), enumeration("type", kStateMachineType),
        object("loggingConfiguration"), list("tags"), object("tracingConfiguration"),
        boolean("publish"), text("versionDescription", 256), object("encryptionConfiguration")}},
      {"CreateStateMachineAlias",
       {text("description", 256),
        {"name", Type::String, true, 1, 80, nullptr, true},
        {"routingConfiguration", Type::List, true, 1, 2}}},
      {"DeleteActivity", {arn("activityArn")}},
      {"DeleteStateMachine", {arn("stateMachineArn")}},
      {"DeleteStateMachineAlias", {arn("stateMachineAliasArn")}},
      {"DeleteStateMachineVersion", {long_arn("stateMachineVersionArn")}},
      {"DescribeActivity", {arn("activityArn")}},
      {"DescribeExecution", {arn("executionArn"), enumeration("includedData", kIncludedData)}},
      {"DescribeMapRun", {long_arn("mapRunArn")}},
      {"DescribeStateMachine",
       {arn("stateMachineArn"), enumeration("includedData", kIncludedData)}},
      {"DescribeStateMachineAlias", {arn("stateMachineAliasArn")}},
      {"DescribeStateMachineForExecution",
       {arn("executionArn"), enumeration("includedData", kIncludedData)}},
      {"GetActivityTask", {arn("activityArn"), {"workerName", Type::String, false, 1, 80}}},
      {"GetExecutionHistory",
       {arn("executionArn"), page_size(), boolean("reverseOrder"), page_token(),
        boolean("includeExecutionData")}},
      {"ListActivities", {page_size(), page_token()}},
      {"ListExecutions",
       {arn("stateMachineArn", false),
        enumeration("statusFilter", kExecutionStatus),
        page_size(),
        page_token(3096),
        {"mapRunArn", Type::String, false, 1, 2000},
        enumeration("redriveFilter", "[REDRIVEN, NOT_REDRIVEN]")}},
      {"ListMapRuns", {arn("executionArn"), page_size(), page_token()}},
      {"ListStateMachineAliases", {arn("stateMachineArn"), page_token(), page_size()}},
      {"ListStateMachineVersions", {arn("stateMachineArn"), page_token(), page_size()}},
      {"ListStateMachines", {page_size(), page_token()}},
      {"ListTagsForResource", {arn("resourceArn")}},
      {"PublishStateMachineVersion",
       {arn("stateMachineArn"), text("revisionId", -1), text("description", 256)}},
      {"RedriveExecution", {arn("executionArn"), text("clientToken", 64, 1)}},
      {"SendTaskFailure",
       {{"taskToken", Type::String, true, 1, 2048}, text("error", 256), text("cause", 32768)}},
      {"SendTaskHeartbeat", {{"taskToken", Type::String, true, 1, 2048}}},
      {"SendTaskSuccess",
       {{"taskToken", Type::String, true, 1, 2048}, {"output", Type::String, true, -1, 262144}}},
      {"StartExecution",
       {arn("stateMachineArn"), name_member(false), text("input", 262144),
        text("traceHeader", 256)}},
      {"StartSyncExecution",
       {arn("stateMachineArn"), name_member(false), text("input", 262144), text("traceHeader", 256),
        enumeration("includedData", kIncludedData)}},
      {"StopExecution", {arn("executionArn"), text("error", 256), text("cause", 32768)}},
      {"TagResource", {arn("resourceArn"), list("tags", true)}},
      {"TestState",
       {definition(true),
        arn("roleArn", false),
        text("input", 262144),
        enumeration("inspectionLevel", "[INFO, DEBUG, TRACE]"),
        boolean("revealSecrets"),
        text("variables", 262144),
        {"stateName", Type::String, false, 1, 80},
        object("mock"),
        text("context", 262144),
        object("stateConfiguration")}},
      {"UntagResource", {arn("resourceArn"), list("tagKeys", true)}},
      {"UpdateMapRun",
       {long_arn("mapRunArn"),
        {"maxConcurrency", Type::Integer, false, 0, -1},
        {"toleratedFailurePercentage", Type::Float, false, 0, 100},
        {"toleratedFailureCount", Type::Integer, false, 0, -1}}},
      {"UpdateStateMachine",
       {arn("stateMachineArn"), definition(false), arn("roleArn", false),
        object("loggingConfiguration"), object("tracingConfiguration"), boolean("publish"),
        text("versionDescription", 256), object("encryptionConfiguration")}},
      {"UpdateStateMachineAlias",
       {arn("stateMachineAliasArn"),
        text("description", 256),
        {"routingConfiguration", Type::List, false, 1, 2}}},
      {"ValidateStateMachineDefinition",
       {definition(true),
        enumeration("type", kStateMachineType),
        enumeration("severity", "[ERROR, WARNING]"),
        {"maxResults", Type::Integer, false, 0, 100}}},
  };
  return table;
}

const Operation* find(std::string_view name) {
  for (const auto& op : operations()) {
    if (name == op.name) return &op;
  }
  return nullptr;
}

bool has_type(const Json& v, Type t) {
  switch (t) {
    case Type::String:
      return v.is_string();
    case Type::Integer:
      return v.is_number_integer() || v.is_number_unsigned() ||
             (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    case Type::Float:
      return v.is_number();
    case Type::Boolean:
      return v.is_boolean();
    case Type::List:
      return v.is_array();
    case Type::Object:
      return v.is_object();
  }
  return false;
}

// How AWS's (Java) front end prints a value in a constraint message.
std::string shown(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) == d && std::abs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  }
  return to_text(v);
}

// Java's toString of a RoutingConfigurationListItem list.
std::string shown_routing(const Json& list) {
  std::string out = "[";
  bool first = true;
  for (const auto& item : list) {
    if (!first) out += ", ";
    first = false;
    out += "RoutingConfigurationListItem(stateMachineVersionArn=";
    if (item.is_object() && item.contains("stateMachineVersionArn")) {
      out += shown(item["stateMachineVersionArn"]);
    } else {
      out += "null";
    }
    out += ", weight=";
    out += item.is_object() && item.contains("weight") ? shown(item["weight"]) : "null";
    out += ")";
  }
  return out + "]";
}

std::size_t utf16_length(const std::string& s) {
  // Java counts UTF-16 code units: one per code point, two above U+FFFF.
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += (c >= 0xF0) ? 2 : 1;
  }
  return n;
}

std::string constraint(const std::string& value, const std::string& where,
                       const std::string& rule) {
  return "Value '" + value + "' at '" + where + "' failed to satisfy constraint: " + rule;
}

void check_member(const Member& m, const Json& v, std::vector<std::string>& problems) {
  const std::string name = m.name;
  if (m.type == Type::String) {
    const auto& s = v.get_ref<const std::string&>();
    auto len = static_cast<long long>(utf16_length(s));
    if (m.min >= 0 && len < m.min) {
      problems.push_back(constraint(
          s, name, "Member must have length greater than or equal to " + std::to_string(m.min)));
    }
    if (m.max >= 0 && len > m.max) {
      problems.push_back(constraint(
          s, name, "Member must have length less than or equal to " + std::to_string(m.max)));
    }
    if (m.enum_set) {
      std::string set = m.enum_set;
      bool found = set.find("[" + s + ",") != std::string::npos ||
                   set.find(" " + s + ",") != std::string::npos ||
                   set.find(" " + s + "]") != std::string::npos ||
                   set.find("[" + s + "]") != std::string::npos;
      if (!found || s.empty()) {
        problems.push_back(
            constraint(s, name, std::string("Member must satisfy enum value set: ") + set));
      }
    }
    if (m.alias_pattern && (m.max < 0 || len <= m.max) && !is_valid_alias_name(s)) {
      problems.push_back(constraint(
          s, name,
          R"(Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$)"));
    }
    return;
  }
  if (m.type == Type::Integer || m.type == Type::Float) {
    double d = v.get<double>();
    if (m.min >= 0 && d < static_cast<double>(m.min)) {
      problems.push_back(
          constraint(shown(v), name,
                     "Member must have value greater than or equal to " + std::to_string(m.min)));
    }
    if (m.max >= 0 && d > static_cast<double>(m.max)) {
      problems.push_back(constraint(
          shown(v), name, "Member must have value less than or equal to " + std::to_string(m.max)));
    }
    return;
  }
  if (m.type == Type::List) {
    auto len = static_cast<long long>(v.size());
    std::string value = name == "routingConfiguration" ? shown_routing(v) : to_text(v);
    if (m.min >= 0 && len < m.min) {
      problems.push_back(
          constraint(value, name,
                     "Member must have length greater than or equal to " + std::to_string(m.min)));
    }
    if (m.max >= 0 && len > m.max) {
      problems.push_back(constraint(
          value, name, "Member must have length less than or equal to " + std::to_string(m.max)));
    }
  }
}

// Members of list elements that the front end checks (tags, tag keys, routing weights).
void check_elements(const Member& m, const Json& v, std::vector<std::string>& problems) {
  std::string name = m.name;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const Json& item = v[i];
    std::string where = name + "." + std::to_string(i + 1) + ".member";
    if (name == "routingConfiguration" && item.is_object()) {
      if (auto w = item.find("weight"); w != item.end() && w->is_number()) {
        if (w->get<double>() > 100) {
          problems.push_back(constraint(shown(*w), where + ".weight",
                                        "Member must have value less than or equal to 100"));
        }
        if (w->get<double>() < 0) {
          problems.push_back(constraint(shown(*w), where + ".weight",
                                        "Member must have value greater than or equal to 0"));
        }
      }
    } else if (name == "tags" && item.is_object()) {
      if (auto k = item.find("key"); k != item.end() && k->is_string()) {
        auto len = utf16_length(k->get<std::string>());
        if (len > 128) {
          problems.push_back(constraint(k->get<std::string>(), where + ".key",
                                        "Member must have length less than or equal to 128"));
        }
        if (len < 1) {
          problems.push_back(constraint(k->get<std::string>(), where + ".key",
                                        "Member must have length greater than or equal to 1"));
        }
      }
      if (auto val = item.find("value");
          val != item.end() && val->is_string() && utf16_length(val->get<std::string>()) > 256) {
        problems.push_back(constraint(val->get<std::string>(), where + ".value",
                                      "Member must have length less than or equal to 256"));
      }
    } else if (name == "tagKeys" && item.is_string()) {
      auto len = utf16_length(item.get<std::string>());
      if (len > 128 || len < 1) {
        problems.push_back(constraint(item.get<std::string>(), where,
                                      len > 128
                                          ? "Member must have length less than or equal to 128"
                                          : "Member must have length greater than or equal to 1"));
      }
    }
  }
}

// Members of objects that the front end checks: TestState's mock.fieldValidationMode.
void check_nested(const Member& m, const Json& v, std::vector<std::string>& problems) {
  if (std::string_view(m.name) != "mock") return;
  auto mode = v.find("fieldValidationMode");
  if (mode == v.end() || !mode->is_string()) return;
  const auto& s = mode->get_ref<const std::string&>();
  if (s != "STRICT" && s != "PRESENT" && s != "NONE") {
    problems.push_back(constraint(s, "mock.fieldValidationMode",
                                  "Member must satisfy enum value set: [STRICT, PRESENT, NONE]"));
  }
}

ServiceError serialization_error(const std::string& member) {
  return make_error("SerializationException", "Unexpected value type for member '" + member + "'");
}

}  // namespace

bool is_known_operation(std::string_view operation) { return find(operation) != nullptr; }

std::vector<MemberSpec> request_members(std::string_view operation) {
  static constexpr const char* kTypeNames[] = {"string",  "integer", "float",
                                               "boolean", "list",    "structure"};
  std::vector<MemberSpec> out;
  if (const Operation* op = find(operation)) {
    for (const Member& m : op->members) {
      out.push_back(MemberSpec{m.name, m.required, kTypeNames[static_cast<int>(m.type)], m.min});
    }
  }
  return out;
}

std::optional<ServiceError> validate_request(std::string_view operation, const Json& request) {
  const Operation* op = find(operation);
  if (!op) return make_error("UnknownOperationException", "");
  if (!request.is_object()) {
    return make_error("SerializationException", "Request body must be a JSON object");
  }
  std::vector<std::string> problems;
  for (const Member& m : op->members) {
    auto it = request.find(m.name);
    if (it == request.end() || it->is_null()) {
      if (m.required) {
        problems.push_back(std::string("Value null at '") + m.name +
                           "' failed to satisfy constraint: Member must not be null");
      }
      continue;
    }
    if (!has_type(*it, m.type)) return serialization_error(m.name);
    check_member(m, *it, problems);
    if (m.type == Type::List) check_elements(m, *it, problems);
    if (m.type == Type::Object) check_nested(m, *it, problems);
  }
  if (problems.empty()) return std::nullopt;
  std::string message =
      std::to_string(problems.size()) +
      (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i) message += "; ";
    message += problems[i];
  }
  return make_error("ValidationException", std::move(message));
}

}  // namespace sfn::service
