// ResettableDatabase is an in-memory database, migrated and seeded with the
// catalog once, that returns to exactly that state after each fuzz session.
//
// An update hook records which tables a session wrote. Reset() then deletes
// the rows of those tables in one transaction (the triggers keep the full-text
// indexes and tombstones in step, and the tables they write are emptied in
// turn) and restores sqlite_sequence, so ids start over as in a fresh
// database. When a session wrote a table that held rows from the start (the
// catalog, meta, _migrations), Reset() copies the whole pristine database back
// instead (from a second in-memory connection, with SQLite's backup API).
// Either way the connection, its statement cache and the parsed schema stay.
//
// Owns its Database (SQLite only: it uses SQLite's update hook and backup API
// on the raw handle); not thread-safe. Throws std::runtime_error or
// store::DbError when the database cannot be made or reset.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::fuzz {

class ResettableDatabase {
 public:
  ResettableDatabase();
  ~ResettableDatabase();
  ResettableDatabase(const ResettableDatabase&) = delete;
  ResettableDatabase& operator=(const ResettableDatabase&) = delete;

  store::Database& db() { return db_; }

  // Whether anything was written since the last Reset().
  bool Changed();

  // "ok", or what PRAGMA integrity_check says of the tables written since the
  // last Reset() (only they can have changed).
  std::string CheckIntegrity();

  // Back to the pristine state; a no-op when nothing was written.
  void Reset();

 private:
  static void OnUpdate(void* self, int op, const char* schema, const char* table,
                       sqlite3_int64 rowid);
  void DeleteWrittenRows();
  void RestoreImage();
  std::string MetaText();

  store::Database db_;
  struct CloseHandle {
    void operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }
  };
  std::unique_ptr<sqlite3, CloseHandle> copy_;  // the pristine database
  std::set<std::string> pristine_;              // tables holding rows at the start
  std::set<std::string> deletable_;             // empty tables the update hook reports
  std::vector<std::string> without_rowid_;      // empty WITHOUT ROWID tables: no update hook
  std::vector<std::pair<std::string, int64_t>> sequences_;  // sqlite_sequence at the start
  std::string meta_;               // the meta table (WITHOUT ROWID) at the start
  std::set<std::string> written_;  // tables written since the last reset
  int64_t changes_at_reset_ = 0;
};

}  // namespace pm::fuzz
