// SQLite's memory, kept for reuse. Posting a document runs about forty statements, and each run
// allocates and frees its cursors and values: about 380 allocations a document in the benchmark's
// build, which SQLite would serve from its per-connection lookaside slots, but Debian's library is
// built without them (SQLITE_OMIT_LOOKASIDE). They went to malloc and free, whose per-thread cache
// holds seven blocks of a size; a statement's ten cursors overflowed it and every free after the
// seventh took malloc's slow path: 5% of the build's instructions.
//
// Here a freed block of up to 4 KiB goes on a list of its size class kept by the thread that
// frees it, and the next allocation of that class on that thread takes it back. Each block is
// still one malloc'd block (a header of its usable size, then the payload), so the lists are
// given back to free when a thread ends, and past a budget a freed block goes straight to free.
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "scorta_sqlite_memory.h"

// 16-byte steps up to 1 KiB (64 classes), then 256-byte steps up to 4 KiB (12 more).
enum { smallStep = 16, smallLimit = 1024, largeStep = 256, largeLimit = 4096, classes = 76 };
// What one thread keeps at most: SQLite's working set of small blocks is far below it.
static const size_t budget = 4u << 20;
// The header before each payload: the payload's usable size. Eight bytes, so payloads keep
// malloc's 16-byte alignment shifted by 8: SQLite needs 8.
typedef uint64_t Header;

typedef struct Block {
    struct Block *next;
} Block;

static _Thread_local Block *lists[classes];
static _Thread_local size_t keptBytes;
static _Thread_local int keptBlocks;
static _Thread_local int drainsAtExit;
static pthread_key_t exitKey;
static pthread_once_t exitKeyOnce = PTHREAD_ONCE_INIT;

static int classOf(size_t size) {
    if (size <= smallLimit) return (int)((size + smallStep - 1) / smallStep) - 1;
    if (size <= largeLimit) return 63 + (int)((size - smallLimit + largeStep - 1) / largeStep);
    return -1;
}

static size_t capacityOf(int class) {
    return class < 64 ? (size_t)(class + 1) * smallStep : smallLimit + (size_t)(class - 63) * largeStep;
}

/// The usable size SQLite gets for a request: its class's capacity, or the request rounded to 8.
static size_t usableSize(size_t size) {
    if (size == 0) size = 1;
    int class = classOf(size);
    return class >= 0 ? capacityOf(class) : (size + 7) & ~(size_t)7;
}

static void drain(void *unused) {
    (void)unused;
    for (int class = 0; class < classes; class++) {
        while (lists[class]) {
            Block *block = lists[class];
            lists[class] = block->next;
            free((Header *)block - 1);
        }
    }
    keptBytes = 0;
    keptBlocks = 0;
}

static void makeExitKey(void) { pthread_key_create(&exitKey, drain); }

static void *blockMalloc(int requested) {
    if (requested <= 0) return NULL;
    size_t size = usableSize((size_t)requested);
    int class = classOf(size);
    if (class >= 0 && lists[class]) {
        Block *block = lists[class];
        lists[class] = block->next;
        keptBytes -= size;
        keptBlocks -= 1;
        return block;
    }
    Header *header = malloc(sizeof(Header) + size);
    if (!header) return NULL;
    *header = size;
    return header + 1;
}

static void blockFree(void *payload) {
    if (!payload) return;
    Header *header = (Header *)payload - 1;
    size_t size = (size_t)*header;
    int class = classOf(size);
    if (class >= 0 && keptBytes + size <= budget) {
        if (!drainsAtExit) {
            // The lists go back to free when this thread ends (the main thread's with the process).
            pthread_once(&exitKeyOnce, makeExitKey);
            pthread_setspecific(exitKey, (void *)1);
            drainsAtExit = 1;
        }
        Block *block = payload;
        block->next = lists[class];
        lists[class] = block;
        keptBytes += size;
        keptBlocks += 1;
        return;
    }
    free(header);
}

static int blockSize(void *payload) { return payload ? (int)*((Header *)payload - 1) : 0; }

static void *blockRealloc(void *payload, int requested) {
    if (!payload) return blockMalloc(requested);
    size_t old = (size_t)blockSize(payload);
    if (requested > 0 && usableSize((size_t)requested) == old) return payload;
    void *moved = blockMalloc(requested);
    if (!moved) return NULL;
    memcpy(moved, payload, old < (size_t)requested ? old : (size_t)requested);
    blockFree(payload);
    return moved;
}

static int blockRoundup(int requested) { return (int)usableSize(requested > 0 ? (size_t)requested : 1); }
static int blockInit(void *unused) {
    (void)unused;
    return SQLITE_OK;
}
static void blockShutdown(void *unused) { (void)unused; }

int scorta_sqlite_use_block_cache(void) {
    static const sqlite3_mem_methods methods = {
        blockMalloc, blockFree, blockRealloc, blockSize, blockRoundup, blockInit, blockShutdown, NULL};
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}

void scorta_sqlite_block_cache_usage(int *blocks, long *bytes) {
    *blocks = keptBlocks;
    *bytes = (long)keptBytes;
}
