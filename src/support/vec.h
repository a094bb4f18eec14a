/*
 * vec: a typed growable array on the heap, as a macro family.
 *
 *   VEC(int) v = VEC_INIT;  vec_push(&v, 3);  v.items[0];  vec_free(&v);
 *
 * Owns its items array (not what pointers in it point to).
 */
#ifndef CONFINE_SUPPORT_VEC_H
#define CONFINE_SUPPORT_VEC_H

#include "support/xalloc.h"

#include <stddef.h>

#define VEC(type) struct { type *items; size_t len, cap; }
#define VEC_INIT { NULL, 0, 0 }

#define vec_reserve(v, n) do { \
	if ((v)->len + (n) > (v)->cap) { \
		size_t vec_newcap_ = (v)->cap ? (v)->cap * 2 : 8; \
		while (vec_newcap_ < (v)->len + (n)) vec_newcap_ *= 2; \
		(v)->items = xreallocarray((v)->items, vec_newcap_, sizeof(*(v)->items)); \
		(v)->cap = vec_newcap_; \
	} \
} while (0)

#define vec_push(v, x) do { vec_reserve((v), 1); (v)->items[(v)->len++] = (x); } while (0)
#define vec_pop(v) ((v)->items[--(v)->len])
#define vec_last(v) ((v)->items[(v)->len - 1])
#define vec_free(v) do { free((v)->items); (v)->items = NULL; (v)->len = (v)->cap = 0; } while (0)

#endif
