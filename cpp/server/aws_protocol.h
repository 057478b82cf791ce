// What the awsJson1_0 protocol puts outside the body of a Step Functions request: the
// operation (`X-Amz-Target: AWSStepFunctions.<Operation>`), the region the request was signed
// for (SigV4's credential scope), and the request id of each answer. The Python endpoint's
// `operation_of` and `region_of_signature` (python/sfnsim/endpoint.py) say the same.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace sfn::server {

// "AWSStepFunctions.StartExecution" -> "StartExecution"; empty for another service's target
// or none. What follows the first dot is the operation, whatever it holds (the service
// answers a name it does not know).
std::string_view operation_of(std::string_view target);

// The region of `Credential=<key>/<yyyymmdd>/<region>/...` in an Authorization header (the
// first such scope that is well formed), empty when there is none.
std::string_view region_of_signature(std::string_view authorization);

// Random version-4 UUIDs for `x-amzn-RequestId`, from a generator the caller owns (one per
// connection: no lock, no shared state).
class RequestIds {
 public:
  RequestIds();
  std::string next();

 private:
  std::mt19937_64 random_;
};

}  // namespace sfn::server
