#include "store/token_repository.h"

#include "common/user_error.h"

namespace pm::store {

namespace {

constexpr const char* kTokenColumns = "id, name, token_hash, prefix, read_only, created_at";

TokenRow RowOf(Statement& s) {
  return {s.Int64(0), s.Text(1), s.Text(2), s.Text(3), s.Bool(4), s.Text(5)};
}

}  // namespace

TokenRow TokenRepository::Create(const std::string& name, const std::string& token_hash,
                                 const std::string& prefix, bool read_only) {
  return db_.Write([&] {
    auto taken = db_.Prepare("SELECT 1 FROM http_tokens WHERE name = ?");
    taken.Bind(1, name);
    if (taken.Step()) {
      throw UserError("a token named \"" + name +
                      "\" already exists; revoke it first or choose another name");
    }
    auto insert = db_.Prepare(std::string("INSERT INTO http_tokens (name, token_hash, prefix, "
                                          "read_only) VALUES (?, ?, ?, ?) RETURNING ") +
                              kTokenColumns);
    insert.BindAll(name, token_hash, prefix, read_only);
    insert.Step();
    return RowOf(insert);
  });
}

std::vector<TokenRow> TokenRepository::List() {
  auto select =
      db_.Prepare(std::string("SELECT ") + kTokenColumns + " FROM http_tokens ORDER BY name");
  std::vector<TokenRow> rows;
  while (select.Step()) rows.push_back(RowOf(select));
  return rows;
}

bool TokenRepository::Revoke(const std::string& name) {
  return db_.Write([&] {
    auto remove = db_.Prepare("DELETE FROM http_tokens WHERE name = ?");
    remove.Bind(1, name);
    return remove.Exec() > 0;
  });
}

}  // namespace pm::store
