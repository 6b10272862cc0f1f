// One page of rows under keyset paging on ids: list queries fetch limit + 1
// rows after a cursor id, and the extra row, when it comes, only says that
// another page follows.
#pragma once

#include <optional>
#include <vector>

#include "store/row_json.h"

namespace pm::store {

struct RowPage {
  std::vector<json> items;
  std::optional<int64_t> next_after_id;  // set when more rows follow
};

// REQUIRES: `rows` came from a query with LIMIT limit + 1, ordered by id, each
// row having an integer "id".
inline RowPage PageOf(std::vector<json> rows, int limit) {
  RowPage page{std::move(rows), std::nullopt};
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back()["id"].get<int64_t>();
  }
  return page;
}

}  // namespace pm::store
