/*
 * arena: region allocation for the short-lived objects of one compilation.
 *
 * Owns: blocks of memory handed out by bump allocation and released all at once
 * by arena_destroy(). Objects allocated here are never freed one by one, which is
 * why AST nodes, tokens and strings of one parse carry no free bookkeeping.
 * An arena is not thread-safe; give each thread (each compilation) its own.
 * Allocation failure aborts: an out-of-memory compiler cannot report anything
 * useful, and every caller would otherwise need an error path for it.
 */
#ifndef CONFINE_SUPPORT_ARENA_H
#define CONFINE_SUPPORT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total;          /* bytes obtained from malloc, for statistics */
};

void arena_init(struct arena *a);
void arena_destroy(struct arena *a);

/* Zeroed memory, aligned for any object. */
void *arena_alloc(struct arena *a, size_t size);
#define arena_new(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define arena_new_array(a, type, n) ((type *)arena_alloc_array((a), sizeof(type), (n)))
void *arena_alloc_array(struct arena *a, size_t elem, size_t n);

char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
