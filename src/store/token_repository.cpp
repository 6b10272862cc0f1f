#include "store/token_repository.h"

#include "common/user_error.h"

namespace pm::store {

namespace {

constexpr const char* kColumns = "id, name, token_hash, prefix, read_only, created_at";

TokenRow RowOf(SQLite::Statement& s) {
  return {s.getColumn(0).getInt64(),  s.getColumn(1).getString(),   s.getColumn(2).getString(),
          s.getColumn(3).getString(), s.getColumn(4).getInt() != 0, s.getColumn(5).getString()};
}

}  // namespace

TokenRow TokenRepository::Create(const std::string& name, const std::string& token_hash,
                                 const std::string& prefix, bool read_only) {
  return db_.Write([&] {
    auto taken = db_.Prepare("SELECT 1 FROM http_tokens WHERE name = ?");
    taken->bind(1, name);
    if (taken->executeStep()) {
      throw UserError("a token named \"" + name +
                      "\" already exists; revoke it first or choose another name");
    }
    auto insert = db_.Prepare(std::string("INSERT INTO http_tokens (name, token_hash, prefix, "
                                          "read_only) VALUES (?, ?, ?, ?) RETURNING ") +
                              kColumns);
    insert->bind(1, name);
    insert->bind(2, token_hash);
    insert->bind(3, prefix);
    insert->bind(4, read_only ? 1 : 0);
    insert->executeStep();
    return RowOf(*insert);
  });
}

std::vector<TokenRow> TokenRepository::List() {
  auto select = db_.Prepare(std::string("SELECT ") + kColumns + " FROM http_tokens ORDER BY name");
  std::vector<TokenRow> rows;
  while (select->executeStep()) rows.push_back(RowOf(*select));
  return rows;
}

bool TokenRepository::Revoke(const std::string& name) {
  return db_.Write([&] {
    auto remove = db_.Prepare("DELETE FROM http_tokens WHERE name = ?");
    remove->bind(1, name);
    return remove->exec() > 0;
  });
}

}  // namespace pm::store
