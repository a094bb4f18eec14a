/*
 * match: walking a DFA the way the kernel does (match.c semantics), on the
 * unpacked aut_dfa and on the packed tables.
 *
 * Owns: the walks used by kernel-free tests and later by query/explain.
 * Strings are consumed byte by byte for exactly n bytes, embedded NULs
 * included (that is how multi-component rules are matched: the kernel takes
 * a "null transition" between components). Must not build or modify DFAs.
 */
#include "automata/internal.h"

#define BASE_IDX_MASK 0x00ffffffu

uint32_t aut_dfa_walk(const struct aut_dfa *d, uint32_t s, const void *p, size_t n)
{
	const uint8_t *c = p;
	for (size_t i = 0; i < n && s; i++)
		s = d->next[(size_t)s * d->nclasses + d->byte_class[c[i]]];
	return s;
}

uint32_t aut_dfa_oob(const struct aut_dfa *d, uint32_t s)
{
	return d->oob_class == UINT32_MAX ? 0 : d->next[(size_t)s * d->nclasses + d->oob_class];
}

struct aut_perms aut_dfa_match(const struct aut_dfa *d, const void *p, size_t n)
{
	return d->perms[aut_dfa_walk(d, 1, p, n)];
}

uint32_t aut_tables_walk(const struct aut_tables *t, uint32_t s, const void *p, size_t n)
{
	const uint8_t *str = p;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = t->has_ec ? t->ec[str[i]] : str[i];
		for (;;) {
			uint32_t b = t->base[s];
			uint32_t pos = (b & BASE_IDX_MASK) + c;
			if (t->check[pos] == s) {
				s = t->next[pos];
				break;
			}
			s = t->def[s];
			if (!(b & 0x80000000u))   /* not diff-encoded: default is the answer */
				break;
		}
	}
	return s;
}

uint32_t aut_tables_oob(const struct aut_tables *t, uint32_t s)
{
	if (!(t->flags & AUT_TH_OOB) || !(t->base[s] & AUT_BASE_OOB))
		return 0;
	/* slot base - 1, no equivalence class; a miss falls to the default (and
	 * along a diff-encoded state's references), as the kernel's match_char
	 * does. A reference with base 0 has no slot -1: a miss there. */
	for (;;) {
		uint32_t b = t->base[s], idx = b & BASE_IDX_MASK;
		if (idx && t->check[idx - 1] == s)
			return t->next[idx - 1];
		s = t->def[s];
		if (!(b & 0x80000000u))
			return s;
	}
}
