#include "asl/resource_arn.h"

#include <array>

#include "asl/messages.h"

namespace sfn::asl {
namespace {

enum Pattern : unsigned { kResponse = 1, kSync = 2, kSync2 = 4, kToken = 8 };

struct Api {
  std::string_view service;
  std::string_view action;
  unsigned patterns;
};

// The optimized integrations (AWS "Integrating optimized services with Step Functions" and each
// service's page): the actions AWS recognizes under arn:aws:states:::<service>:<action> and the
// patterns each supports. Anything else is "not recognized" (recorded for dynamodb:query).
constexpr Api kApis[] = {
    {"lambda", "invoke", kResponse | kToken},
    {"sns", "publish", kResponse | kToken},
    {"sqs", "sendMessage", kResponse | kToken},
    {"dynamodb", "getItem", kResponse},
    {"dynamodb", "putItem", kResponse},
    {"dynamodb", "deleteItem", kResponse},
    {"dynamodb", "updateItem", kResponse},
    {"states", "startExecution", kResponse | kSync | kSync2 | kToken},
    {"events", "putEvents", kResponse | kToken},
    {"apigateway", "invoke", kResponse | kToken},
    {"http", "invoke", kResponse},
    {"athena", "startQueryExecution", kResponse | kSync},
    {"athena", "stopQueryExecution", kResponse},
    {"athena", "getQueryExecution", kResponse},
    {"athena", "getQueryResults", kResponse},
    {"batch", "submitJob", kResponse | kSync},
    {"bedrock", "invokeModel", kResponse | kToken},
    {"bedrock", "createModelCustomizationJob", kResponse | kSync | kToken},
    {"codebuild", "startBuild", kResponse | kSync},
    {"codebuild", "stopBuild", kResponse},
    {"codebuild", "batchDeleteBuilds", kResponse},
    {"codebuild", "batchGetReports", kResponse},
    {"codebuild", "startBuildBatch", kResponse | kSync},
    {"codebuild", "stopBuildBatch", kResponse},
    {"codebuild", "retryBuild", kResponse | kSync},
    {"codebuild", "retryBuildBatch", kResponse | kSync},
    {"codebuild", "deleteBuildBatch", kResponse},
    {"ecs", "runTask", kResponse | kSync | kToken},
    {"eks", "createCluster", kResponse | kSync},
    {"eks", "deleteCluster", kResponse | kSync},
    {"eks", "createFargateProfile", kResponse | kSync},
    {"eks", "deleteFargateProfile", kResponse | kSync},
    {"eks", "createNodegroup", kResponse | kSync},
    {"eks", "deleteNodegroup", kResponse | kSync},
    {"eks", "runJob", kResponse | kSync | kToken},
    {"eks", "call", kResponse},
    {"elasticmapreduce", "createCluster", kResponse | kSync},
    {"elasticmapreduce", "terminateCluster", kResponse | kSync},
    {"elasticmapreduce", "addStep", kResponse | kSync},
    {"elasticmapreduce", "cancelStep", kResponse},
    {"elasticmapreduce", "setClusterTerminationProtection", kResponse},
    {"elasticmapreduce", "modifyInstanceFleetByName", kResponse},
    {"elasticmapreduce", "modifyInstanceGroupByName", kResponse},
    {"emr-containers", "createVirtualCluster", kResponse},
    {"emr-containers", "deleteVirtualCluster", kResponse | kSync},
    {"emr-containers", "startJobRun", kResponse | kSync},
    {"emr-serverless", "createApplication", kResponse | kSync},
    {"emr-serverless", "startApplication", kResponse | kSync},
    {"emr-serverless", "stopApplication", kResponse | kSync},
    {"emr-serverless", "deleteApplication", kResponse | kSync},
    {"emr-serverless", "startJobRun", kResponse | kSync},
    {"emr-serverless", "cancelJobRun", kResponse | kSync},
    {"glue", "startJobRun", kResponse | kSync},
    {"databrew", "startJobRun", kResponse | kSync},
    {"mediaconvert", "createJob", kResponse | kSync},
    {"sagemaker", "createEndpoint", kResponse},
    {"sagemaker", "createEndpointConfig", kResponse},
    {"sagemaker", "createHyperParameterTuningJob", kResponse | kSync},
    {"sagemaker", "createLabelingJob", kResponse | kSync},
    {"sagemaker", "createModel", kResponse},
    {"sagemaker", "createProcessingJob", kResponse | kSync},
    {"sagemaker", "createTrainingJob", kResponse | kSync},
    {"sagemaker", "createTransformJob", kResponse | kSync},
    {"sagemaker", "updateEndpoint", kResponse},
};

struct RequiredField {
  std::string_view service;
  std::string_view action;
  std::string_view field;
};

// Measured with ValidateStateMachineDefinition (a `.$` key counts as present); DeleteItem and
// UpdateItem require the same keys as GetItem in the DynamoDB API model.
constexpr RequiredField kRequired[] = {
    {"lambda", "invoke", "FunctionName"},
    {"sqs", "sendMessage", "QueueUrl"},
    {"sqs", "sendMessage", "MessageBody"},
    {"sns", "publish", "Message"},
    {"dynamodb", "putItem", "TableName"},
    {"dynamodb", "putItem", "Item"},
    {"dynamodb", "getItem", "TableName"},
    {"dynamodb", "getItem", "Key"},
    {"dynamodb", "deleteItem", "TableName"},
    {"dynamodb", "deleteItem", "Key"},
    {"dynamodb", "updateItem", "TableName"},
    {"dynamodb", "updateItem", "Key"},
    {"states", "startExecution", "StateMachineArn"},
    {"events", "putEvents", "Entries"},
    {"ecs", "runTask", "TaskDefinition"},
    {"glue", "startJobRun", "JobName"},
};

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(sep, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// AWS's partitions (the ARN reference's list): a definition deployed to any of them names it.
bool is_partition(std::string_view p) {
  static constexpr std::string_view kPartitions[] = {
      "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};
  for (std::string_view known : kPartitions)
    if (p == known) return true;
  return false;
}

bool is_api_name(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

bool is_service_name(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  return true;
}

// Splits "action.sync:2" into the action and its pattern.
Resource::Pattern split_pattern(std::string_view& action, bool& known_suffix) {
  known_suffix = true;
  static constexpr std::pair<std::string_view, Resource::Pattern> kSuffixes[] = {
      {".sync:2", Resource::Pattern::Sync2},
      {".sync", Resource::Pattern::Sync},
      {".waitForTaskToken", Resource::Pattern::WaitForTaskToken},
  };
  for (auto [suffix, pattern] : kSuffixes) {
    if (action.size() > suffix.size() && action.substr(action.size() - suffix.size()) == suffix) {
      action.remove_suffix(suffix.size());
      return pattern;
    }
  }
  known_suffix = action.find('.') == std::string_view::npos;
  return Resource::Pattern::RequestResponse;
}

unsigned pattern_bit(Resource::Pattern p) {
  switch (p) {
    case Resource::Pattern::RequestResponse:
      return kResponse;
    case Resource::Pattern::Sync:
      return kSync;
    case Resource::Pattern::Sync2:
      return kSync2;
    case Resource::Pattern::WaitForTaskToken:
      return kToken;
  }
  return 0;
}

bool known_service(std::string_view service) {
  for (const Api& api : kApis)
    if (api.service == service) return true;
  return false;
}

std::string_view base_action(const Resource& r) {
  std::string_view a = r.action;
  std::size_t dot = a.find('.');
  return dot == std::string_view::npos ? a : a.substr(0, dot);
}

}  // namespace

Resource classify_resource(std::string_view arn) {
  Resource r;
  r.arn = std::string(arn);
  auto parts = split(arn, ':');
  if (parts.size() < 6 || parts[0] != "arn" || !is_partition(parts[1])) return r;
  std::string_view service = parts[2];
  r.region = std::string(parts[3]);
  if (service == "lambda" && parts[5] == "function" && parts.size() >= 7 && parts.size() <= 8 &&
      !parts[6].empty() && !parts[3].empty() && !parts[4].empty()) {
    r.kind = Resource::Kind::LambdaFunction;
    r.function_name = std::string(parts[6]);
    r.service = "lambda";
    r.action = "invoke";
    return r;
  }
  if (service != "states") return r;
  if (parts[5] == "activity" && parts.size() == 7 && !parts[6].empty() && !parts[3].empty() &&
      !parts[4].empty()) {
    r.kind = Resource::Kind::Activity;
    return r;
  }
  // arn:<partition>:states:<region>:<account>:<service>:<action>  or  ...:aws-sdk:<service>:
  // <action>. Region and account are usually empty; AWS also accepts them filled in (issue 12:
  // definitions deployed with "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject"), and
  // the region then names where the call goes (the history's TaskScheduled region).
  std::string_view rest = arn.substr(static_cast<std::size_t>(parts[5].data() - arn.data()));
  bool sdk = rest.rfind("aws-sdk:", 0) == 0;
  if (sdk) rest.remove_prefix(8);
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return r;
  std::string_view svc = rest.substr(0, colon);
  std::string_view action = rest.substr(colon + 1);
  bool known_suffix = true;
  std::string_view bare = action;
  r.pattern = split_pattern(bare, known_suffix);
  if (!known_suffix || !is_service_name(svc) || !is_api_name(bare)) return r;
  r.kind =
      sdk ? Resource::Kind::Sdk : (svc == "http" ? Resource::Kind::Http : Resource::Kind::Service);
  r.service = sdk ? "aws-sdk:" + std::string(svc) : std::string(svc);
  r.action = std::string(action);
  return r;
}

std::optional<std::string> resource_problem(const Resource& r) {
  switch (r.kind) {
    case Resource::Kind::LambdaFunction:
    case Resource::Kind::Activity:
      return std::nullopt;
    case Resource::Kind::Sdk:
      // SDK integrations offer request-response and callbacks, never .sync.
      if (r.pattern == Resource::Pattern::Sync || r.pattern == Resource::Pattern::Sync2)
        return msg::resource_not_recognized(r.arn);
      return std::nullopt;
    case Resource::Kind::Service:
    case Resource::Kind::Http: {
      std::string_view action = base_action(r);
      for (const Api& api : kApis) {
        if (api.service == r.service && api.action == action)
          return (api.patterns & pattern_bit(r.pattern))
                     ? std::nullopt
                     : std::optional(msg::resource_not_recognized(r.arn));
      }
      return msg::resource_not_recognized(r.arn);
    }
    case Resource::Kind::Other:
      break;
  }
  if (r.arn.rfind("arn:", 0) != 0) return std::string(msg::kNotAnArn);
  return msg::resource_not_recognized(r.arn);
}

bool resource_refusal_has_evidence(const Resource& r) {
  switch (r.kind) {
    case Resource::Kind::LambdaFunction:
    case Resource::Kind::Activity:
    case Resource::Kind::Sdk:
      return true;
    case Resource::Kind::Service:
    case Resource::Kind::Http:
      return known_service(r.service);
    case Resource::Kind::Other:
      break;
  }
  if (r.arn.rfind("arn:", 0) != 0) return true;
  // An optimized-integration ARN of a listed service whose action or suffix is not one AWS has.
  auto parts = split(r.arn, ':');
  return parts.size() >= 6 && is_partition(parts[1]) && parts[2] == "states" &&
         known_service(parts[5]);
}

bool requires_parameters(const Resource& r) {
  return (r.kind == Resource::Kind::Service || r.kind == Resource::Kind::Http) &&
         known_service(r.service);
}

std::vector<std::string_view> required_request_fields(const Resource& r) {
  std::vector<std::string_view> out;
  if (r.kind != Resource::Kind::Service) return out;
  std::string_view action = base_action(r);
  for (const RequiredField& f : kRequired)
    if (f.service == r.service && f.action == action) out.push_back(f.field);
  return out;
}

}  // namespace sfn::asl
