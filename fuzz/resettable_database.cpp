#include "fuzz/resettable_database.h"

#include <cstring>
#include <stdexcept>

#include "catalog/catalog.h"
#include "cli/startup.h"
#include "store/migrator.h"

namespace pm::fuzz {

namespace {

// Copies the whole main database of `from` over that of `to`.
void CopyDatabase(sqlite3* to, sqlite3* from) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to));
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string("backup: ") + sqlite3_errstr(rc));
}

std::string Quoted(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// Turns foreign keys off for its lifetime: rows are deleted table by table,
// children and parents in no particular order.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(store::Database& db) : db_(db) {
    db_.ExecScript("PRAGMA foreign_keys=OFF");
  }
  ~ForeignKeysOff() {
    try {
      db_.ExecScript("PRAGMA foreign_keys=ON");
    } catch (...) {
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  store::Database& db_;
};

}  // namespace

ResettableDatabase::ResettableDatabase() : db_(store::DatabaseOptions{}) {
  store::Migrator(db_, store::EmbeddedMigrations()).Migrate();
  cli::SeedCatalog(db_, catalog::Catalog::Embedded());

  sqlite3* copy = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &copy, SQLITE_OPEN_READWRITE, nullptr);
  copy_.reset(copy);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open the pristine copy");
  sqlite3* handle = db_.sqlite_handle();
  CopyDatabase(copy_.get(), handle);

  // Full-text shadow tables are left out: the triggers of their content tables
  // write them, and empty them again when those rows are deleted.
  auto tables = db_.Prepare(
      "SELECT name, wr FROM pragma_table_list "
      "WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (tables.Step()) {
    const std::string name = tables.Text(0);
    const bool without_rowid = tables.Bool(1);
    const bool empty = db_.QueryInt("SELECT NOT EXISTS (SELECT 1 FROM " + Quoted(name) + ")") != 0;
    if (!empty) {
      pristine_.insert(name);
    } else if (without_rowid) {
      without_rowid_.push_back(name);
    } else {
      deletable_.insert(name);
    }
  }
  auto sequences = db_.Prepare("SELECT name, seq FROM sqlite_sequence");
  while (sequences.Step()) sequences_.emplace_back(sequences.Text(0), sequences.Int64(1));
  meta_ = MetaText();
  sqlite3_update_hook(handle, &ResettableDatabase::OnUpdate, this);
  changes_at_reset_ = sqlite3_total_changes64(handle);
}

ResettableDatabase::~ResettableDatabase() {
  sqlite3_update_hook(db_.sqlite_handle(), nullptr, nullptr);
}

void ResettableDatabase::OnUpdate(void* self, int, const char* schema, const char* table,
                                  sqlite3_int64) {
  // Called for every row written; the set holds few names, so lookups stay cheap.
  if (std::strcmp(schema, "main") != 0) return;
  auto* me = static_cast<ResettableDatabase*>(self);
  if (me->written_.count(table) == 0) me->written_.insert(table);
}

bool ResettableDatabase::Changed() {
  return sqlite3_total_changes64(db_.sqlite_handle()) != changes_at_reset_;
}

std::string ResettableDatabase::MetaText() {
  return db_.QueryText(
      "SELECT coalesce(group_concat(key || '=' || value, ';'), '') "
      "FROM (SELECT key, value FROM meta ORDER BY key)");
}

std::string ResettableDatabase::CheckIntegrity() {
  if (!Changed()) return "ok";
  std::set<std::string> tables = written_;
  tables.insert(without_rowid_.begin(), without_rowid_.end());
  tables.insert("meta");
  for (const auto& table : tables) {
    std::string result = db_.Pragma("integrity_check(" + Quoted(table) + ")");
    if (result != "ok") return table + ": " + result;
  }
  return "ok";
}

void ResettableDatabase::Reset() {
  if (!Changed()) return;
  bool whole = MetaText() != meta_;
  for (const auto& table : written_) whole = whole || pristine_.count(table) > 0;
  if (whole) {
    RestoreImage();
  } else {
    DeleteWrittenRows();
  }
  written_.clear();
  changes_at_reset_ = sqlite3_total_changes64(db_.sqlite_handle());
}

void ResettableDatabase::DeleteWrittenRows() {
  ForeignKeysOff off(db_);
  db_.Write([&] {
    std::set<std::string> pending(without_rowid_.begin(), without_rowid_.end());
    for (const auto& table : written_) {
      if (deletable_.count(table)) pending.insert(table);
    }
    // Deleting fires triggers (tombstones, full-text indexes) that write
    // tables again; a few rounds empty them all.
    for (int round = 0; !pending.empty(); ++round) {
      if (round == 8) throw std::runtime_error("reset: triggers keep writing rows");
      written_.clear();
      for (const auto& table : pending) db_.Prepare("DELETE FROM " + Quoted(table)).Exec();
      pending.clear();
      for (const auto& table : written_) {
        if (deletable_.count(table)) pending.insert(table);
      }
    }
    db_.Prepare("DELETE FROM sqlite_sequence").Exec();
    for (const auto& [name, seq] : sequences_) {
      db_.Prepare("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")
          .BindAll(name, seq)
          .Exec();
    }
  });
}

void ResettableDatabase::RestoreImage() {
  // The backup API, not sqlite3_deserialize: it is made for a destination
  // connection in use, whose prepared statements and table-valued functions
  // then see the new schema.
  CopyDatabase(db_.sqlite_handle(), copy_.get());
}

}  // namespace pm::fuzz
