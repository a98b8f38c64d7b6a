#ifndef SCORTA_SHA256_H
#define SCORTA_SHA256_H
#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (Intel SHA-NI, AMD since Zen): 1 or 0.
int scorta_sha256_hardware_available(void);

/// SHA-256's block function over `blocks` consecutive 64-byte blocks, with the SHA
/// instructions; `state` is H0…H7. Only when `scorta_sha256_hardware_available()`.
void scorta_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
