// A thin RAII layer over one SQLite connection: statements, bindings, transactions.
//
// Failures throw DatabaseError; callers inside src/storage turn them into sdk::Status at the module's edge.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace eatos::host {

class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_null(int index);
  /// Advances to the next row; false when done.
  bool step();
  /// Runs a statement that returns no rows.
  void run();

  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::string column_blob(int index) const;
  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] bool column_is_null(int index) const;

  /// Ends the current run (releasing its read snapshot) and clears the bindings, ready to run again.
  void reset() noexcept;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// A statement borrowed from Database::cached(); reset when the lease ends, so it never holds a read snapshot.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(&statement) {}
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() { statement_->reset(); }
  Statement* operator->() const noexcept { return statement_; }
  Statement& operator*() const noexcept { return *statement_; }

 private:
  Statement* statement_;
};

class Database {
 public:
  /// Opens (creating if needed) the database file in WAL mode.
  explicit Database(const std::filesystem::path& file);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  void execute(std::string_view sql);
  Statement prepare(std::string_view sql) { return {db_, sql}; }
  /// The statement for `sql`, prepared once and kept: for statements run often. Not re-entrant for one `sql`.
  CachedStatement cached(std::string_view sql);
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

 private:
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;  // before db_ is closed: see ~Database
  sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace eatos::host
