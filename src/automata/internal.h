/*
 * internal: data structures shared by the files of src/automata only.
 *
 * Owns: the rule set (arena, interned character sets, rule entries) and the
 * regex node layout. Nothing outside src/automata may include this header;
 * the contract for other modules is automata.h.
 */
#ifndef CONFINE_AUTOMATA_INTERNAL_H
#define CONFINE_AUTOMATA_INTERNAL_H

#include "automata/automata.h"
#include "support/arena.h"
#include "support/vec.h"

#include <errno.h>
#include <stdarg.h>

enum node_kind {
	NODE_EMPTY,     /* the empty string */
	NODE_CSET,      /* one byte out of an interned character set */
	NODE_CAT,
	NODE_ALT,
	NODE_STAR,
	NODE_PLUS,
};

struct aut_node {
	uint8_t kind;
	/*
	 * wild: the subtree contains a repetition or a character set that is
	 * more than one literal byte. Upstream calls a rule without any such
	 * node an "exact match"; its exec type overrides wildcard rules.
	 */
	bool wild;
	uint32_t cset;          /* NODE_CSET: index into rs->csets */
	struct aut_node *a, *b; /* children (b only for CAT/ALT) */
};

struct cset {
	uint64_t w[4];
};

struct rule_entry {
	struct aut_node *node;
	struct aut_rule rule;
	bool exact;
};

struct aut_ruleset {
	struct arena arena;
	struct aut_limits limits;
	VEC(struct cset) csets;
	uint32_t *cset_hash;    /* open addressing, UINT32_MAX = empty */
	size_t cset_hash_cap;
	VEC(struct rule_entry) rules;
	struct aut_node *nul;   /* the shared separator node */
	/*
	 * The out-of-band symbol's entry in csets (UINT32_MAX until aut_oob
	 * is first called): an empty byte set kept out of the intern table,
	 * so no byte set can share its index. The builder gives it a class of
	 * its own, which no byte maps to.
	 */
	uint32_t oob_cset;
};

/* Input symbols: the 256 bytes and the out-of-band one. */
#define AUT_MAX_CLASSES 257

static inline bool cset_has(const struct cset *s, unsigned c)
{
	return (s->w[c >> 6] >> (c & 63)) & 1;
}

static inline void cset_add(struct cset *s, unsigned c)
{
	s->w[c >> 6] |= (uint64_t)1 << (c & 63);
}

uint32_t cset_intern(struct aut_ruleset *rs, const struct cset *s);
struct aut_node *node_cset(struct aut_ruleset *rs, const struct cset *s, bool wild);

/* Decode a \NNN \dNNN \xHH \a ... escape; p points past the backslash. */
int aut_escape_value(const char **p, const char *end);

void aut_set_error(struct aut_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* perms.c: merge the rules accepting in one state (§4.3). */
struct merge_conflict {
	uint32_t rule1, rule2;
};
/* Returns 0, or -EINVAL with *conflict set when exec modifiers clash. */
int perms_merge(const struct rule_entry *rules, const uint32_t *idx, size_t n,
		struct aut_perms *out, struct merge_conflict *conflict);
void perms_normalize(struct aut_perms *p, enum aut_perm_key key);
const char *rule_label(const struct rule_entry *r);

#endif
