// Name-based (version 5) UUIDs: an id derived from a name, the same for every run. Mocked
// Lambda calls get their request ids this way, so a seeded run records the same history twice.
#pragma once

#include <string>
#include <string_view>

namespace sfn {

// uuid5(NAMESPACE_URL, name) in its canonical lowercase text form, as Python's
// str(uuid.uuid5(uuid.NAMESPACE_URL, name)) gives it.
std::string uuid5_url(std::string_view name);

}  // namespace sfn
