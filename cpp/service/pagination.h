// nextToken / maxResults for the List* operations and GetExecutionHistory.
//
// A token names the sort key of the first item of the next page, so a page boundary stays put
// while items are added or removed elsewhere in the list. Tokens are opaque to callers and tied
// to the list they came from: a token from another list, or any other text, is InvalidToken.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/failure.h"
#include "json/json.h"
#include "service/service.h"

namespace sfn::service {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next_token;
};

// maxResults as AWS reads it: absent or 0 means 100.
std::size_t page_size(const Json& request);

// The page of `keys` (the list's sort keys, ascending in list order) that `request` asks for.
// `list` names the list (an operation plus its scope, e.g. "executions:<arn>").
Expected<Page, ServiceError> paginate(const std::vector<std::string>& keys, const Json& request,
                                      std::string_view list);

// A sort key that orders unsigned numbers correctly as text (zero-padded), optionally
// descending; and the number back (nullopt for text that is no such key).
std::string numeric_key(std::uint64_t value, bool descending = false);
std::optional<std::uint64_t> numeric_key_value(std::string_view key, bool descending = false);

// For a list walked in place instead of given as keys (ListExecutions over many thousands of
// executions, where a page must cost what its items cost): the sort key the requested page
// starts at (nullopt: the first page), and the token for a page starting at `key`.
Expected<std::optional<std::string>, ServiceError> page_start(const Json& request,
                                                              std::string_view list);
std::string page_token(std::string_view list, std::string_view key);

}  // namespace sfn::service

namespace sfn::service {

// The same for a list whose items are positions 0..count-1 (history events).
Expected<Page, ServiceError> paginate_positions(std::size_t count, const Json& request,
                                                std::string_view list);

}  // namespace sfn::service
