#ifndef PSR_CSQLITE_SHIM_H
#define PSR_CSQLITE_SHIM_H

// Make the session extension (sqlite3session_*, sqlite3changeset_*) visible: merging officers' databases
// will use it. Debian's libsqlite3 is built with both.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

// sqlite3_db_config is variadic, and Swift does not import C variadic functions.
static inline int psr_sqlite3_db_config_int(sqlite3 *db, int op, int value, int *result) {
  return sqlite3_db_config(db, op, value, result);
}

#endif
