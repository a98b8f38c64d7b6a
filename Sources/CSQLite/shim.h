#ifndef SCORTA_CSQLITE_SHIM_H
#define SCORTA_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro Swift cannot import: SQLite copies the bound text.
static inline int scorta_bind_text(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}
static inline int scorta_bind_blob(sqlite3_stmt *stmt, int index, const void *data, int length) {
    return sqlite3_bind_blob(stmt, index, data, length, SQLITE_TRANSIENT);
}
/// Turns off SQLite's memory statistics before the library starts: with them on, every
/// allocation and free takes a global mutex and updates counters nobody reads (Scorta never
/// asks sqlite3_memory_used or sets a heap limit); about 5% of posting a document went there.
/// SQLite accepts it only before it is initialised (SQLITE_MISUSE after: then it stays on).
/// The savepoint journal's size kept in memory stays SQLite's 64 KiB: raised to 1 MiB
/// (SQLITE_CONFIG_STMTJRNL_SPILL), SQLite 3.40 failed with "database or disk is full" when a
/// journal cut back at a statement's end grew past it again (a receipt of 50,000 lines; see
/// DatabaseTests). The dataset generator keeps its long transactions' journal in memory instead.
static inline int scorta_configure_sqlite(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
