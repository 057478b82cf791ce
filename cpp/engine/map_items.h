// What a Map iterates over when its items are a JSON object rather than an array: AWS runs one
// iteration per member and passes the member to it as a key-value pair (docs/semantics/
// execution.md E18). Pure, so the rule is tested on its own.
#pragma once

#include "json/json.h"

namespace sfn::engine {

// One {"Key": <member name>, "Value": <member value>} per member of `object`, in the object's
// order (AWS reads payloads with Jackson, whose objects keep their members' order).
Json object_entries(Json object);

}  // namespace sfn::engine
