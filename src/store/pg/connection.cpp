#include "store/pg/connection.h"

#include <spdlog/spdlog.h>
#include "store/pg/libpq.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

#include "store/pg/connection_string.h"
#include "store/pg/sql_text.h"

namespace pm::store::pg {

namespace {

// libpq's message without its framing: the first line, from after "failed: "
// when it names a server address, without a leading "FATAL:" or "ERROR:".
std::string CleanMessage(const char* raw) {
  std::string text = raw ? raw : "";
  text = text.substr(0, text.find('\n'));
  const std::string failed = " failed: ";
  if (auto at = text.find(failed); at != std::string::npos) text = text.substr(at + failed.size());
  for (const char* prefix : {"FATAL:", "ERROR:"}) {
    if (text.rfind(prefix, 0) == 0) text = text.substr(std::char_traits<char>::length(prefix));
  }
  const auto first = text.find_first_not_of(" \t");
  return first == std::string::npos ? "no reason given" : text.substr(first);
}

std::string Field(const PGresult* result, int code) {
  const char* value = Pq().PQresultErrorField(result, code);
  return value ? value : "";
}

// The line of `sql` holding 1-based character `position`, prefixed with its number.
std::string LineAt(std::string_view sql, int position) {
  size_t at = std::min(sql.size(), static_cast<size_t>(position > 0 ? position - 1 : 0));
  size_t begin = sql.rfind('\n', at == 0 ? 0 : at - 1);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  size_t end = sql.find('\n', at);
  const auto line =
      std::count(sql.begin(), sql.begin() + static_cast<std::ptrdiff_t>(begin), '\n') + 1;
  return "line " + std::to_string(line) + ": " +
         std::string(sql.substr(begin, end == std::string_view::npos ? end : end - begin));
}

// postgresql://user@host:port/database of a (possibly failed) connection.
std::string TargetOf(const PGconn* conn) {
  const std::string user = Pq().PQuser(conn) ? Pq().PQuser(conn) : "";
  const std::string host = Pq().PQhost(conn) ? Pq().PQhost(conn) : "";
  const std::string port = Pq().PQport(conn) ? Pq().PQport(conn) : "";
  const std::string db = Pq().PQdb(conn) ? Pq().PQdb(conn) : "";
  std::string target = "postgresql://" + (user.empty() ? "" : user + "@");
  if (!host.empty() && host[0] == '/') {
    return target + "/" + db + "?host=" + host + (port.empty() ? "" : "&port=" + port);
  }
  return target + host + (port.empty() ? "" : ":" + port) + "/" + db;
}

bool IsCommitText(std::string_view sql) {
  std::string word;
  for (char c : sql) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      break;
    }
  }
  return word == "COMMIT" || word == "END";
}

}  // namespace

Connection::Connection(ConnectionOptions options) : options_(std::move(options)) { Connect(); }

Connection::~Connection() {
  if (conn_) Pq().PQfinish(conn_);
}

std::string Connection::Scrub(std::string text) const {
  text = ScrubSecret(std::move(text), secret_);
  if (conn_ && Pq().PQpass(conn_)) text = ScrubSecret(std::move(text), Pq().PQpass(conn_));
  return text;
}

void Connection::Connect() {
  // Parsing first tells a malformed string from an unreachable server, and
  // learns the password so that no message can show it.
  char* parse_error = nullptr;
  PQconninfoOption* parsed = Pq().PQconninfoParse(options_.conninfo.c_str(), &parse_error);
  if (!parsed) {
    std::string detail = parse_error ? CleanMessage(parse_error) : "out of memory";
    if (parse_error) Pq().PQfreemem(parse_error);
    ConnectFailure failure{RedactConnectionString(options_.conninfo), "", "", ""};
    // The parser may quote the offending part, password included.
    failure.detail = RedactConnectionString(detail);
    throw ConnectError(PgErrorKind::kBadConnectionString, failure);
  }
  for (PQconninfoOption* o = parsed; o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) secret_ = o->val;
  }
  Pq().PQconninfoFree(parsed);

  // Entries before the expanded dbname are defaults the string may override;
  // entries after it override the string.
  const std::string timeout = std::to_string(options_.connect_timeout_seconds);
  std::vector<const char*> keys = {"connect_timeout", "fallback_application_name", "dbname"};
  std::vector<const char*> values = {timeout.c_str(), options_.application_name.c_str(),
                                     options_.conninfo.c_str()};
  if (!options_.database.empty()) {
    keys.push_back("dbname");
    values.push_back(options_.database.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = Pq().PQconnectdbParams(keys.data(), values.data(), 1);
  if (!conn_) throw PgError(PgErrorKind::kOther, "libpq could not allocate a connection");
  target_ = Scrub(TargetOf(conn_));
  if (Pq().PQstatus(conn_) != CONNECTION_OK) {
    ConnectFailure failure{target_, Pq().PQuser(conn_) ? Pq().PQuser(conn_) : "",
                           Pq().PQdb(conn_) ? Pq().PQdb(conn_) : "",
                           Scrub(CleanMessage(Pq().PQerrorMessage(conn_)))};
    const PgErrorKind kind = KindOfConnectFailure(Pq().PQerrorMessage(conn_));
    Pq().PQfinish(conn_);
    conn_ = nullptr;
    throw ConnectError(kind, failure);
  }
  Pq().PQsetNoticeReceiver(conn_, &Connection::OnNotice, this);
  try {
    ApplySettings();
  } catch (...) {
    Pq().PQfinish(conn_);  // the destructor of a half-made object does not run
    conn_ = nullptr;
    throw;
  }
}

void Connection::ApplySettings() {
  const char* params[] = {options_.client_min_messages.c_str()};
  std::unique_ptr<PGresult, decltype(&::PQclear)> result(
      Pq().PQexecParams(conn_,
                        "SELECT set_config('TimeZone', 'UTC', false), "
                        "set_config('DateStyle', 'ISO, YMD', false), "
                        "set_config('IntervalStyle', 'iso_8601', false), "
                        "set_config('client_min_messages', $1, false)",
                        1, nullptr, params, nullptr, nullptr, 0),
      Pq().PQclear);
  if (!result || Pq().PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    throw PgError(PgErrorKind::kOther, "cannot apply the session settings on " + target_ + ": " +
                                           Scrub(CleanMessage(Pq().PQerrorMessage(conn_))));
  }
}

void Connection::Reconnect() {
  prepared_.clear();
  transaction_open_ = false;
  transaction_lost_ = false;
  Pq().PQreset(conn_);
  if (Pq().PQstatus(conn_) != CONNECTION_OK) {
    ConnectFailure failure{target_, Pq().PQuser(conn_) ? Pq().PQuser(conn_) : "",
                           Pq().PQdb(conn_) ? Pq().PQdb(conn_) : "",
                           Scrub(CleanMessage(Pq().PQerrorMessage(conn_)))};
    throw ConnectError(KindOfConnectFailure(Pq().PQerrorMessage(conn_)), failure);
  }
  spdlog::info("reconnected to {}", target_);
  ApplySettings();
}

int Connection::backend_pid() const { return Pq().PQbackendPID(conn_); }

void Connection::OnNotice(void* self, const PGresult* notice) {
  try {
    const auto* connection = static_cast<const Connection*>(self);
    const std::string severity = Field(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
    std::string text = Field(notice, PG_DIAG_MESSAGE_PRIMARY);
    const std::string detail = Field(notice, PG_DIAG_MESSAGE_DETAIL);
    if (!detail.empty()) text += " (" + detail + ")";
    text = connection->Scrub(std::move(text));
    auto level = spdlog::level::debug;
    if (severity == "WARNING") {
      level = spdlog::level::warn;
    } else if (severity == "NOTICE" || severity == "INFO") {
      level = spdlog::level::info;
    }
    spdlog::log(level, "PostgreSQL {}: {}", severity, text);
  } catch (...) {
    // A notice must never end the statement that caused it.
  }
}

void Connection::NoteTransactionStatus() {
  const auto status = Pq().PQtransactionStatus(conn_);
  transaction_open_ = status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

PgError Connection::Lost(std::string_view sql, bool was_in_transaction, LostDuring during) {
  const std::string reason = Scrub(CleanMessage(Pq().PQerrorMessage(conn_)));
  const std::string head = "lost the connection to the PostgreSQL server at " + target_;
  transaction_open_ = false;
  if (during == LostDuring::kCommitting) {
    return PgError(PgErrorKind::kConnectionLost,
                   head + " while committing (" + reason +
                       "). The transaction was committed whole or not at all; check "
                       "before doing it again.",
                   "", "", true);
  }
  if (was_in_transaction) {
    transaction_lost_ = true;
    return PgError(PgErrorKind::kConnectionLost,
                   head + " during a transaction (" + reason +
                       "). The server rolled the transaction back: nothing of it was written, "
                       "and it can be run again.");
  }
  if (during != LostDuring::kRunning || IsReadOnlyStatement(sql)) {
    return PgError(PgErrorKind::kConnectionLost,
                   head + " (" + reason + ") before anything was written.");
  }
  return PgError(PgErrorKind::kConnectionLost,
                 head + " while writing (" + reason +
                     "). The change was applied whole or not at all; check before doing it "
                     "again.",
                 "", "", true);
}

PgError Connection::Failure(const PGresult* result, std::string statement) const {
  return ServerError({Field(result, PG_DIAG_SQLSTATE),
                      Scrub(result ? Field(result, PG_DIAG_MESSAGE_PRIMARY)
                                   : CleanMessage(Pq().PQerrorMessage(conn_))),
                      Scrub(Field(result, PG_DIAG_MESSAGE_DETAIL)),
                      Scrub(Field(result, PG_DIAG_MESSAGE_HINT)),
                      Field(result, PG_DIAG_CONSTRAINT_NAME), Field(result, PG_DIAG_TABLE_NAME),
                      std::move(statement)});
}

PgError Connection::LostTransaction() const {
  return PgError(PgErrorKind::kConnectionLost,
                 "the connection to the PostgreSQL server at " + target_ +
                     " was lost during this transaction; the server rolled it back, so "
                     "nothing of it was written, and it can be run again once it ends.");
}

void Connection::EnsureConnected() {
  if (transaction_lost_) throw LostTransaction();
  if (Pq().PQstatus(conn_) == CONNECTION_OK) return;
  if (transaction_open_) {
    transaction_open_ = false;
    transaction_lost_ = true;
    EnsureConnected();  // throws the message above
  }
  Reconnect();
}

const Connection::Prepared& Connection::Prepare(std::string_view sql, size_t values) {
  std::string key(sql);
  auto check = [&](int placeholders) {
    if (static_cast<size_t>(placeholders) == values) return;
    throw std::invalid_argument("statement has " + std::to_string(placeholders) +
                                " placeholders but " + std::to_string(values) +
                                " values were bound: " + std::string(sql.substr(0, 200)));
  };
  if (auto it = prepared_.find(key); it != prepared_.end()) {
    check(it->second.parameter_count);
    return it->second;
  }
  if (prepared_.size() >= options_.statement_cache_limit && !transaction_open_) {
    // Outside a transaction DEALLOCATE cannot fail for a transaction's sake.
    std::unique_ptr<PGresult, decltype(&::PQclear)> done(Pq().PQexec(conn_, "DEALLOCATE ALL"),
                                                         Pq().PQclear);
    if (done && Pq().PQresultStatus(done.get()) == PGRES_COMMAND_OK) prepared_.clear();
  }
  PlaceholderSql rewritten = RewritePlaceholders(sql);
  check(rewritten.parameter_count);
  Prepared prepared{"pm_" + std::to_string(++next_statement_), rewritten.parameter_count};
  const bool was_in_transaction = transaction_open_;
  // A number the statement skips has no place to take its type from: it is
  // declared text (its value is never read); the server types the others.
  constexpr Oid kTextOid = 25;
  std::vector<Oid> types(static_cast<size_t>(rewritten.parameter_count), 0);
  for (size_t i = 0; i < types.size(); ++i) {
    if (i >= rewritten.used.size() || !rewritten.used[i]) types[i] = kTextOid;
  }
  PGresult* result = Pq().PQprepare(conn_, prepared.name.c_str(), rewritten.sql.c_str(),
                                    static_cast<int>(types.size()), types.data());
  ++statements_prepared_;
  std::unique_ptr<PGresult, decltype(&::PQclear)> owned(result, Pq().PQclear);
  if (!result || Pq().PQresultStatus(result) != PGRES_COMMAND_OK) {
    if (Pq().PQstatus(conn_) != CONNECTION_OK) {
      throw Lost(sql, was_in_transaction, LostDuring::kPreparing);
    }
    NoteTransactionStatus();
    throw Failure(result, std::string(sql));
  }
  return prepared_.emplace(std::move(key), std::move(prepared)).first->second;
}

Result Connection::Execute(std::string_view sql, std::initializer_list<Param> params) {
  return Execute(sql, std::vector<Param>(params));
}

Result Connection::Execute(std::string_view sql, const std::vector<Param>& params) {
  const bool outside_transaction = !in_transaction();
  try {
    return ExecuteOnce(sql, params);
  } catch (const PgError& e) {
    // Once, outside a transaction: a read or a statement that never ran after a
    // lost connection, or a plan that a schema change made stale.
    const bool lost = e.kind() == PgErrorKind::kConnectionLost && !e.outcome_unknown();
    const bool stale_plan = e.sqlstate() == "0A000";
    if (!outside_transaction || !(lost || stale_plan)) throw;
    spdlog::info("{} Running the statement again.", e.what());
    return ExecuteOnce(sql, params);
  }
}

Result Connection::ExecuteOnce(std::string_view sql, const std::vector<Param>& params) {
  EnsureConnected();
  const Prepared& prepared = Prepare(sql, params.size());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    // libpq sends a parameter up to its first NUL: refuse what would be cut short.
    if (!p.is_null() && p.text().find('\0') != std::string::npos) {
      throw PgError(PgErrorKind::kInvalidValue,
                    "PostgreSQL refused a value: text cannot hold the NUL character (U+0000); "
                    "remove it and try again",
                    "22021");
    }
    values.push_back(p.is_null() ? nullptr : p.text().c_str());
  }
  const bool was_in_transaction = transaction_open_;
  const std::string name = prepared.name;
  PGresult* result = Pq().PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                         values.data(), nullptr, nullptr, 0);
  const auto status = result ? Pq().PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
    NoteTransactionStatus();
    return Result(result);
  }
  std::unique_ptr<PGresult, decltype(&::PQclear)> owned(result, Pq().PQclear);
  if (Pq().PQstatus(conn_) != CONNECTION_OK) {
    throw Lost(sql, was_in_transaction,
               IsCommitText(sql) ? LostDuring::kCommitting : LostDuring::kRunning);
  }
  NoteTransactionStatus();
  PgError error = Failure(result, std::string(sql));
  // A plan cached before a schema change no longer fits ("cached plan must not
  // change result type"): prepare it anew next time.
  if (error.sqlstate() == "0A000") prepared_.erase(std::string(sql));
  throw error;
}

void Connection::ExecuteScript(const std::string& sql) {
  EnsureConnected();
  const bool was_in_transaction = transaction_open_;
  std::unique_ptr<PGresult, decltype(&::PQclear)> result(Pq().PQexec(conn_, sql.c_str()),
                                                         Pq().PQclear);
  const auto status = result ? Pq().PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY) {
    NoteTransactionStatus();
    return;
  }
  if (Pq().PQstatus(conn_) != CONNECTION_OK)
    throw Lost(sql, was_in_transaction, LostDuring::kRunning);
  NoteTransactionStatus();
  const std::string position = Field(result.get(), PG_DIAG_STATEMENT_POSITION);
  throw Failure(result.get(), position.empty() ? "" : LineAt(sql, std::stoi(position)));
}

void Connection::RunControl(Control control, const std::string& begin_sql) {
  if (control == Control::kRollback &&
      (transaction_lost_ || Pq().PQstatus(conn_) != CONNECTION_OK)) {
    // The server already rolled back whatever the lost session held.
    transaction_lost_ = false;
    transaction_open_ = false;
    return;
  }
  if (control == Control::kBegin) EnsureConnected();
  if (control == Control::kCommit && transaction_lost_) {
    transaction_lost_ = false;  // the attempt to commit ends it
    throw LostTransaction();
  }
  const std::string sql = control == Control::kBegin    ? begin_sql
                          : control == Control::kCommit ? "COMMIT"
                                                        : "ROLLBACK";
  const bool was_in_transaction = transaction_open_;
  std::unique_ptr<PGresult, decltype(&::PQclear)> result(Pq().PQexec(conn_, sql.c_str()),
                                                         Pq().PQclear);
  const auto status = result ? Pq().PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    NoteTransactionStatus();
    // COMMIT of a block an error aborted ends it with ROLLBACK, and says so only
    // in the command tag.
    if (control == Control::kCommit &&
        std::string_view(Pq().PQcmdStatus(result.get())) == "ROLLBACK") {
      throw PgError(PgErrorKind::kOther,
                    "the transaction on " + target_ +
                        " was rolled back at COMMIT because a statement in it had failed; "
                        "nothing of it was written");
    }
    return;
  }
  if (Pq().PQstatus(conn_) != CONNECTION_OK) {
    if (control == Control::kRollback) {
      transaction_open_ = transaction_lost_ = false;
      return;
    }
    // A lost BEGIN wrote nothing; a lost COMMIT may have committed.
    throw Lost(sql, control == Control::kCommit && was_in_transaction,
               control == Control::kBegin    ? LostDuring::kPreparing
               : control == Control::kCommit ? LostDuring::kCommitting
                                             : LostDuring::kRunning);
  }
  NoteTransactionStatus();
  throw Failure(result.get(), sql);
}

}  // namespace pm::store::pg
