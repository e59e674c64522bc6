// glibc's mallopt, which Swift's Glibc module does not import (<malloc.h> is not in it).
#ifndef INFRA_TUI_CMALLOC_SHIM_H
#define INFRA_TUI_CMALLOC_SHIM_H
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
/* Sets M_TOP_PAD (bytes): how far past a request the heap grows. 1 on success. */
static inline int infra_heap_top_pad(int bytes) { return mallopt(M_TOP_PAD, bytes); }
#else
static inline int infra_heap_top_pad(int bytes) { (void)bytes; return 0; }
#endif
#endif
