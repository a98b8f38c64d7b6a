#ifndef SCORTA_SQLITE_MEMORY_H
#define SCORTA_SQLITE_MEMORY_H

/// Gives SQLite an allocator that keeps freed small blocks for reuse (see sqlite_memory.c).
/// Only before SQLite is initialised (SQLITE_MISUSE after: it then keeps the system's,
/// which is just as correct). SQLITE_OK (0) when taken.
int scorta_sqlite_use_block_cache(void);

/// Blocks of SQLite's this thread keeps for reuse, and their bytes (tests).
void scorta_sqlite_block_cache_usage(int *blocks, long *bytes);

#endif
