#include "asl/parse_parts.h"

namespace sfn::asl::detail {

void parse_pass(Ctx& /*ctx*/, const StateInput& in, State& state) {
  PassState pass;
  if (const DocNode* v = in.get("Result")) pass.result = share(to_json(*v));
  state.spec = std::move(pass);
}

}  // namespace sfn::asl::detail
