/*
 * regex: the regular-expression tree that patterns are converted to, the
 * rule set that owns it, and a parser for upstream's internal regex dialect
 * (binary-policy-format.md §5.4) so lowering can write class strings as text.
 *
 * Owns: node construction, character-set interning (equal sets share one id,
 * which keeps the byte-class computation of dfa_build.c cheap), rule entries.
 * Must not know glob syntax (glob.c) or DFA construction (dfa_build.c).
 */
#include "automata/internal.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_MAX_STATES    4000000u
#define DEFAULT_MAX_MEMORY    ((size_t)2 << 30)
#define DEFAULT_MAX_POSITIONS 50000000u
#define REGEX_MAX_DEPTH       1000

void aut_set_error(struct aut_error *err, int code, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

struct aut_ruleset *aut_ruleset_new(const struct aut_limits *limits)
{
	struct aut_ruleset *rs = xcalloc(1, sizeof(*rs));
	arena_init(&rs->arena);
	if (limits)
		rs->limits = *limits;
	if (!rs->limits.max_states)
		rs->limits.max_states = DEFAULT_MAX_STATES;
	if (!rs->limits.max_memory)
		rs->limits.max_memory = DEFAULT_MAX_MEMORY;
	if (!rs->limits.max_positions)
		rs->limits.max_positions = DEFAULT_MAX_POSITIONS;
	rs->oob_cset = UINT32_MAX;
	rs->nul = aut_byte(rs, 0);
	return rs;
}

void aut_ruleset_free(struct aut_ruleset *rs)
{
	if (!rs)
		return;
	arena_destroy(&rs->arena);
	vec_free(&rs->csets);
	vec_free(&rs->rules);
	free(rs->cset_hash);
	free(rs);
}

size_t aut_ruleset_rule_count(const struct aut_ruleset *rs)
{
	return rs->rules.len;
}

static uint64_t cset_hashval(const struct cset *s)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 4; i++) {
		h ^= s->w[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return h;
}

uint32_t cset_intern(struct aut_ruleset *rs, const struct cset *s)
{
	if ((rs->csets.len + 1) * 2 > rs->cset_hash_cap) {
		size_t cap = rs->cset_hash_cap ? rs->cset_hash_cap * 2 : 64;
		uint32_t *t = xmalloc(cap * sizeof(*t));
		memset(t, 0xff, cap * sizeof(*t));
		for (size_t i = 0; i < rs->csets.len; i++) {
			size_t h = cset_hashval(&rs->csets.items[i]) & (cap - 1);
			while (t[h] != UINT32_MAX)
				h = (h + 1) & (cap - 1);
			t[h] = (uint32_t)i;
		}
		free(rs->cset_hash);
		rs->cset_hash = t;
		rs->cset_hash_cap = cap;
	}
	size_t mask = rs->cset_hash_cap - 1;
	size_t h = cset_hashval(s) & mask;
	while (rs->cset_hash[h] != UINT32_MAX) {
		if (!memcmp(&rs->csets.items[rs->cset_hash[h]], s, sizeof(*s)))
			return rs->cset_hash[h];
		h = (h + 1) & mask;
	}
	rs->cset_hash[h] = (uint32_t)rs->csets.len;
	vec_push(&rs->csets, *s);
	return rs->cset_hash[h];
}

static struct aut_node *node_new(struct aut_ruleset *rs, enum node_kind k)
{
	struct aut_node *n = arena_new(&rs->arena, struct aut_node);
	n->kind = (uint8_t)k;
	return n;
}

struct aut_node *node_cset(struct aut_ruleset *rs, const struct cset *s, bool wild)
{
	struct aut_node *n = node_new(rs, NODE_CSET);
	n->cset = cset_intern(rs, s);
	n->wild = wild;
	return n;
}

struct aut_node *aut_empty(struct aut_ruleset *rs)
{
	return node_new(rs, NODE_EMPTY);
}

struct aut_node *aut_byte(struct aut_ruleset *rs, uint8_t c)
{
	struct cset s = { { 0, 0, 0, 0 } };
	cset_add(&s, c);
	return node_cset(rs, &s, false);
}

struct aut_node *aut_bytes(struct aut_ruleset *rs, const void *p, size_t n)
{
	const uint8_t *s = p;
	if (n == 0)
		return aut_empty(rs);
	/* right-leaning chain: dfa_build.c flattens concatenations anyway */
	struct aut_node *r = aut_byte(rs, s[n - 1]);
	for (size_t i = n - 1; i-- > 0;)
		r = aut_cat(rs, aut_byte(rs, s[i]), r);
	return r;
}

struct aut_node *aut_range(struct aut_ruleset *rs, uint8_t lo, uint8_t hi)
{
	struct cset s = { { 0, 0, 0, 0 } };
	for (unsigned c = lo; c <= hi; c++)
		cset_add(&s, c);
	return node_cset(rs, &s, lo != hi);
}

struct aut_node *aut_charset(struct aut_ruleset *rs, const uint64_t set[4])
{
	struct cset s;
	memcpy(s.w, set, sizeof(s.w));
	return node_cset(rs, &s, true);
}

struct aut_node *aut_any(struct aut_ruleset *rs)
{
	struct cset s = { { ~0ull, ~0ull, ~0ull, ~0ull } };
	return node_cset(rs, &s, true);
}

struct aut_node *aut_oob(struct aut_ruleset *rs)
{
	if (rs->oob_cset == UINT32_MAX) {
		struct cset none = { { 0, 0, 0, 0 } };
		rs->oob_cset = (uint32_t)rs->csets.len;
		vec_push(&rs->csets, none);
	}
	struct aut_node *n = node_new(rs, NODE_CSET);
	n->cset = rs->oob_cset;
	return n;
}

struct aut_node *aut_any_but_nul(struct aut_ruleset *rs)
{
	struct cset s = { { ~1ull, ~0ull, ~0ull, ~0ull } };
	return node_cset(rs, &s, true);
}

static struct aut_node *node2(struct aut_ruleset *rs, enum node_kind k,
			      struct aut_node *a, struct aut_node *b)
{
	struct aut_node *n = node_new(rs, k);
	n->a = a;
	n->b = b;
	n->wild = a->wild || (b && b->wild) || k == NODE_STAR || k == NODE_PLUS;
	return n;
}

struct aut_node *aut_cat(struct aut_ruleset *rs, struct aut_node *a, struct aut_node *b)
{
	if (a->kind == NODE_EMPTY)
		return b;
	if (b->kind == NODE_EMPTY)
		return a;
	return node2(rs, NODE_CAT, a, b);
}

struct aut_node *aut_alt(struct aut_ruleset *rs, struct aut_node *a, struct aut_node *b)
{
	return node2(rs, NODE_ALT, a, b);
}

struct aut_node *aut_star(struct aut_ruleset *rs, struct aut_node *a)
{
	if (a->kind == NODE_EMPTY)
		return a;
	return node2(rs, NODE_STAR, a, NULL);
}

struct aut_node *aut_plus(struct aut_ruleset *rs, struct aut_node *a)
{
	if (a->kind == NODE_EMPTY)
		return a;
	return node2(rs, NODE_PLUS, a, NULL);
}

struct aut_node *aut_opt(struct aut_ruleset *rs, struct aut_node *a)
{
	return aut_alt(rs, a, aut_empty(rs));
}

int aut_add_rule(struct aut_ruleset *rs, struct aut_node *pattern,
		 const struct aut_rule *rule, struct aut_error *err)
{
	if (!pattern || !rule) {
		aut_set_error(err, -EINVAL, "rule without pattern");
		return -EINVAL;
	}
	struct rule_entry e = { pattern, *rule, !pattern->wild };
	vec_push(&rs->rules, e);
	return 0;
}

int aut_add_rule_vec(struct aut_ruleset *rs, struct aut_node *const *parts, size_t n,
		     const struct aut_rule *rule, struct aut_error *err)
{
	if (n == 0) {
		aut_set_error(err, -EINVAL, "rule with no components: %s",
			      rule && rule->label ? rule->label : "(unnamed rule)");
		return -EINVAL;
	}
	struct aut_node *t = parts[0];
	for (size_t i = 1; i < n; i++)
		t = aut_cat(rs, aut_cat(rs, t, rs->nul), parts[i]);
	return aut_add_rule(rs, t, rule, err);
}

/* ---- the internal regex dialect ---- */

struct rparser {
	struct aut_ruleset *rs;
	const char *s, *end;
	int depth;
	struct aut_error *err;
	int failed;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the escape after a backslash at *p (p points past the '\').
 * Returns the byte value, or -1 if it is not a numeric/named escape (the
 * caller then takes the character literally).
 */
int aut_escape_value(const char **p, const char *end)
{
	const char *s = *p;
	if (s >= end)
		return -1;
	int v = 0, n = 0;
	switch (*s) {
	case 'a': *p = s + 1; return '\a';
	case 'e': *p = s + 1; return 0x1b;
	case 'f': *p = s + 1; return '\f';
	case 'n': *p = s + 1; return '\n';
	case 'r': *p = s + 1; return '\r';
	case 't': *p = s + 1; return '\t';
	case '"': *p = s + 1; return '"';
	case 'x':
		s++;
		while (n < 2 && s < end && hexval(*s) >= 0) {
			v = v * 16 + hexval(*s++);
			n++;
		}
		if (!n)
			return -1;
		*p = s;
		return v;
	case 'd':
		s++;
		while (n < 3 && s < end && *s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			n++;
		}
		if (!n || v > 255)
			return -1;
		*p = s;
		return v;
	default:
		if (*s >= '0' && *s <= '7') {
			while (n < 3 && s < end && *s >= '0' && *s <= '7') {
				v = v * 8 + (*s++ - '0');
				n++;
			}
			if (v > 255)
				return -1;
			*p = s;
			return v;
		}
		return -1;
	}
}

static int rp_char(struct rparser *p)
{
	/* one (possibly escaped) character of a class or literal */
	unsigned char c = (unsigned char)*p->s++;
	if (c != '\\')
		return c;
	if (p->s >= p->end) {
		aut_set_error(p->err, -EINVAL, "regex: trailing backslash");
		p->failed = 1;
		return 0;
	}
	int v = aut_escape_value(&p->s, p->end);
	if (v >= 0)
		return v;
	return (unsigned char)*p->s++;
}

static struct aut_node *rp_alt(struct rparser *p);

static struct aut_node *rp_class(struct rparser *p)
{
	struct cset s = { { 0, 0, 0, 0 } };
	bool neg = false;
	if (p->s < p->end && *p->s == '^') {
		neg = true;
		p->s++;
	}
	bool first = true;
	while (p->s < p->end && (*p->s != ']' || first)) {
		first = false;
		int lo = rp_char(p);
		int hi = lo;
		if (p->s + 1 < p->end && *p->s == '-' && p->s[1] != ']') {
			p->s++;
			hi = rp_char(p);
		}
		if (hi < lo) {
			aut_set_error(p->err, -EINVAL, "regex: invalid range in character class");
			p->failed = 1;
			return NULL;
		}
		for (int c = lo; c <= hi; c++)
			cset_add(&s, (unsigned)c);
	}
	if (p->s >= p->end) {
		aut_set_error(p->err, -EINVAL, "regex: unterminated character class");
		p->failed = 1;
		return NULL;
	}
	p->s++;
	if (neg)
		for (int i = 0; i < 4; i++)
			s.w[i] = ~s.w[i];
	return node_cset(p->rs, &s, true);
}

static struct aut_node *rp_atom(struct rparser *p)
{
	char c = *p->s;
	if (c == '(') {
		p->s++;
		if (++p->depth > REGEX_MAX_DEPTH) {
			aut_set_error(p->err, -E2BIG, "regex: nesting too deep");
			p->failed = 1;
			return NULL;
		}
		struct aut_node *n = rp_alt(p);
		p->depth--;
		if (p->failed)
			return NULL;
		if (p->s >= p->end || *p->s != ')') {
			aut_set_error(p->err, -EINVAL, "regex: missing )");
			p->failed = 1;
			return NULL;
		}
		p->s++;
		return n;
	}
	if (c == '[') {
		p->s++;
		return rp_class(p);
	}
	if (c == '.') {
		p->s++;
		return aut_any(p->rs);
	}
	if (c == '*' || c == '+' || c == ')') {
		aut_set_error(p->err, -EINVAL, "regex: unexpected '%c'", c);
		p->failed = 1;
		return NULL;
	}
	int v = rp_char(p);
	return p->failed ? NULL : aut_byte(p->rs, (uint8_t)v);
}

static struct aut_node *rp_cat(struct rparser *p)
{
	struct aut_node *r = aut_empty(p->rs);
	while (p->s < p->end && *p->s != '|' && *p->s != ')') {
		struct aut_node *a = rp_atom(p);
		if (p->failed)
			return NULL;
		while (p->s < p->end && (*p->s == '*' || *p->s == '+')) {
			a = *p->s == '*' ? aut_star(p->rs, a) : aut_plus(p->rs, a);
			p->s++;
		}
		r = aut_cat(p->rs, r, a);
	}
	return r;
}

static struct aut_node *rp_alt(struct rparser *p)
{
	struct aut_node *r = rp_cat(p);
	while (!p->failed && p->s < p->end && *p->s == '|') {
		p->s++;
		struct aut_node *b = rp_cat(p);
		if (p->failed)
			return NULL;
		r = aut_alt(p->rs, r, b);
	}
	return p->failed ? NULL : r;
}

int aut_regex(struct aut_ruleset *rs, const char *re, size_t len,
	      struct aut_node **out, struct aut_error *err)
{
	if (len == SIZE_MAX)
		len = strlen(re);
	struct rparser p = { rs, re, re + len, 0, err, 0 };
	struct aut_node *n = rp_alt(&p);
	if (!p.failed && p.s < p.end) {
		aut_set_error(err, -EINVAL, "regex: unbalanced )");
		p.failed = 1;
	}
	if (p.failed)
		return err && err->code ? err->code : -EINVAL;
	*out = n;
	return 0;
}
