/*
 * xalloc: heap allocation that aborts with a message on exhaustion.
 *
 * Owns nothing; wraps malloc/realloc so that library code has a single,
 * explicit out-of-memory policy (print and abort) instead of unchecked NULLs.
 */
#ifndef CONFINE_SUPPORT_XALLOC_H
#define CONFINE_SUPPORT_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

_Noreturn void xalloc_die(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
