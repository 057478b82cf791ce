// The Step Functions API in-process: one dispatch point taking and returning the awsJson1_0
// bodies of `AWSStepFunctions.<Operation>` (field names, enums, epoch-second timestamps, error
// codes as AWS spells them). The boto3-shaped Python client, a routed real boto3 client and an
// HTTP server are all thin layers over `Service::dispatch`.
//
// A Service owns a registry (state machines, versions, aliases, executions, activities, tags)
// and drives executions on its clock. It is safe to call from many threads at once; no lock is
// held while a task handler runs, so a handler may call back into the same Service.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/parser.h"
#include "common/failure.h"
#include "engine/task_invoker.h"
#include "json/json.h"
#include "service/clock.h"

namespace sfn::service {

// A modeled error: `code` is the error shape name ("ExecutionDoesNotExist"), `fields` holds
// the shape's extra members (ValidationException's `reason`, ResourceNotFound's
// `resourceName`), which botocore lifts into the parsed error response.
struct ServiceError {
  std::string code;
  std::string message;
  Json fields = Json::object();
};

using Response = Expected<Json, ServiceError>;

// How long closed Standard executions stay describable. AWS keeps an execution's history for
// 90 days after it closes, and deletes a state machine's executions with it; a long-lived
// service (a test session starting 100,000 executions) may also bound how many it keeps, the
// first to close going first. Express executions are never kept once they end.
struct Retention {
  std::int64_t max_age_ms = 90LL * 24 * 3600 * 1000;
  std::size_t max_closed_executions = 0;  // 0: no bound but the age
};

struct ServiceOptions {
  Clock clock;
  // Seeds execution names, revision ids and task tokens; 0 draws a random seed.
  std::uint64_t seed = 0;
  Retention retention;
  // Real clock: a thread of the service's own wakes executions when their timers are due.
  // False leaves that to the owner, who calls run_due() when next_due_ms() has come (a
  // durable server does, so that it journals each wake-up).
  bool timer_thread = true;
};

// The output shape of an API operation that a Task integration calls (`service` and `operation`
// as the Task's resource names them: "aws-sdk:s3", "getObject"), in the JSON layout
// service/mock_validation.h describes; nothing when the caller has no model of it. TestState
// checks mocked results against it (mock.fieldValidationMode).
using OutputShapeLookup =
    std::function<std::optional<Json>(std::string_view service, std::string_view operation)>;

// Who is calling: ARNs are built in this region and account, and Task states of executions
// started by this call are performed by `invoker`.
class ProgressBoard;  // service/progress_board.h

struct CallContext {
  std::string region = "us-east-1";
  std::string account = "123456789012";
  engine::TaskInvoker invoker;
  // Asked between the steps of executions started by this call: true leaves them where they
  // are, still running, and returns to the caller (whose task handler raised something that
  // must reach it, such as Ctrl-C). Calling the service again resumes them.
  std::function<bool()> interrupted;
  // Service models: the Python package reads them from botocore.
  OutputShapeLookup output_shape;
  // Executions this call starts (and their nested children) count their Map states' progress
  // and publish it here (progress bars: service/progress_board.h). None: not counted.
  std::shared_ptr<ProgressBoard> progress;
};

struct Core;  // service/core.h

// Every operation `Service::dispatch` answers, sorted by name.
std::vector<std::string_view> operation_names();

class Service {
 public:
  explicit Service(ServiceOptions options = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // `operation` is the API name ("StartExecution"); `request` the JSON body. Never throws.
  Response dispatch(std::string_view operation, const Json& request, const CallContext& context);

  // The awsJson wire form of the same: body text in, (HTTP status, body text) out. Errors are
  // `{"__type": code, "message": ...}` with status 400, never a 5xx that a client would retry.
  std::pair<int, std::string> dispatch_text(std::string_view operation, std::string_view body,
                                            const CallContext& context);

  // Parses and validates a definition as CreateStateMachine does (sfnsim.run with a shared
  // Engine), through this service's bounded cache of compiled definitions: the same text with
  // the same options compiles once.
  Expected<asl::StateMachinePtr, asl::Diagnostics> compile(std::string_view definition,
                                                           bool express, bool allow_jsonata = true);

  // Manual clock: performs everything due at the clock's current time. (ManualClock::advance
  // calls it for every Service attached to the clock.)
  void run_due();
  // The earliest time an active execution waits for (a Wait, a backoff, a timeout), if any.
  std::optional<std::int64_t> next_due_ms() const;

  const Clock& clock() const;

 private:
  std::shared_ptr<Core> core_;
};

// The wire form of an error.
Json error_body(const ServiceError& error);

}  // namespace sfn::service
