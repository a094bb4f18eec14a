/*
 * dfa_build: set-of-positions subset construction from a rule set.
 *
 * Owns: positions (the character-set leaves of every rule's tree, plus one
 * accept position per rule), their follow sets, the byte classes induced by
 * all character sets, and the DFA whose states are sets of positions.
 *
 * Why it is fast and small compared with upstream's followpos DFA:
 *  - follow sets are never materialized per position: a position keeps a
 *    list of "chunks" that point at the first-sets of what may follow it,
 *    which are shared arrays (a '**' in front of a big alternation costs one
 *    chunk, not a copy of the alternation's first set);
 *  - the alphabet is the set of byte classes induced by the character sets
 *    in use (typically 30-80 instead of 256), and a state's successors are
 *    computed once per distinct "signature" (which position groups match a
 *    class), not once per class;
 *  - position sets are sorted, delta-encoded (LEB128 gaps: typically one
 *    byte per position instead of four) and kept in large blocks that never
 *    move; interned with an open-addressing hash table over the encoded
 *    bytes (the encoding is canonical, so equal sets have equal bytes).
 *    On the heaviest real profiles the sets dominate the construction's
 *    memory (36 million positions over 98,000 states for one DFA).
 * Must not know glob syntax, minimization or the kernel's table layout.
 */
#include "automata/internal.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define ACCEPT_CSET UINT32_MAX

struct chunk {
	const uint32_t *arr;
	uint32_t n;
	uint32_t next;          /* next chunk of the same position, or UINT32_MAX */
};

struct fl {
	uint32_t *first, *last;
	uint32_t nfirst, nlast;
	bool nullable;
};

struct state_rec {
	const uint8_t *bytes;   /* the encoded set (in the set pool) */
	uint32_t nbytes;
	uint32_t len;           /* number of positions */
};

/* Encode a sorted set as LEB128 gaps; out needs 5 bytes per position. */
static size_t set_encode(const uint32_t *set, uint32_t n, uint8_t *out)
{
	size_t k = 0;
	uint32_t prev = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t d = set[i] - prev;
		prev = set[i];
		while (d >= 0x80) {
			out[k++] = (uint8_t)(d | 0x80);
			d >>= 7;
		}
		out[k++] = (uint8_t)d;
	}
	return k;
}

static void set_decode(const struct state_rec *r, uint32_t *out)
{
	const uint8_t *p = r->bytes;
	uint32_t prev = 0;
	for (uint32_t i = 0; i < r->len; i++) {
		uint32_t d = 0;
		unsigned sh = 0;
		while (*p & 0x80) {
			d |= (uint32_t)(*p++ & 0x7f) << sh;
			sh += 7;
		}
		d |= (uint32_t)*p++ << sh;
		prev += d;
		out[i] = prev;
	}
}

static uint64_t bytes_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	if (n > i)      /* the empty set has no bytes at all (p may be NULL) */
		memcpy(&w, p + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return h;
}

struct builder {
	struct aut_ruleset *rs;
	struct aut_error *err;
	struct arena scratch;        /* first/last arrays referenced by chunks */
	VEC(uint32_t) pos_cset;
	VEC(uint32_t) pos_rule;
	VEC(uint32_t) follow_head;
	VEC(struct chunk) chunks;
	uint32_t cur_rule;

	/* byte classes, then the out-of-band symbol's (if used) */
	uint32_t nclasses;
	uint32_t oob_class;
	uint8_t byte_class[256];
	uint32_t *cset_cls_off;      /* per cset: offset into cset_cls */
	uint16_t *cset_cls;          /* the classes a cset matches (up to 257) */

	/* states */
	struct arena sets;          /* the encoded position sets, never moved */
	VEC(uint8_t) enc;            /* scratch: the set being interned, encoded */
	VEC(struct state_rec) states;
	uint32_t *htab;
	size_t hcap;
	VEC(uint32_t) next;
	VEC(struct aut_perms) perms;
	VEC(uint32_t) origin;
	size_t mem, peak;
};

static void add_follow(struct builder *b, uint32_t p, const uint32_t *arr, uint32_t n)
{
	if (!n)
		return;
	struct chunk c = { arr, n, b->follow_head.items[p] };
	b->follow_head.items[p] = (uint32_t)b->chunks.len;
	vec_push(&b->chunks, c);
}

static uint32_t new_pos(struct builder *b, uint32_t cset)
{
	uint32_t p = (uint32_t)b->pos_cset.len;
	vec_push(&b->pos_cset, cset);
	vec_push(&b->pos_rule, b->cur_rule);
	vec_push(&b->follow_head, UINT32_MAX);
	return p;
}

static uint32_t *concat_arrays(struct builder *b, struct fl *v, size_t from, size_t to,
			       bool first, uint32_t *count)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += first ? v[i].nfirst : v[i].nlast;
	uint32_t *r = arena_new_array(&b->scratch, uint32_t, n ? n : 1);
	n = 0;
	for (size_t i = from; i < to; i++) {
		uint32_t m = first ? v[i].nfirst : v[i].nlast;
		if (m)
			memcpy(r + n, first ? v[i].first : v[i].last, m * sizeof(uint32_t));
		n += m;
	}
	*count = (uint32_t)n;
	return r;
}

static int visit(struct builder *b, const struct aut_node *n, struct fl *out, int depth);

typedef VEC(const struct aut_node *) node_vec;

/* Collect the operands of a chain of CAT (or ALT) nodes, left to right. */
static void flatten(const struct aut_node *n, int kind, node_vec *ops)
{
	VEC(const struct aut_node *) stack = VEC_INIT;
	vec_push(&stack, n);
	while (stack.len) {
		const struct aut_node *x = vec_pop(&stack);
		if (x->kind == kind) {
			vec_push(&stack, x->b);
			vec_push(&stack, x->a);
		} else {
			vec_push(ops, x);
		}
	}
	vec_free(&stack);
}

static int visit(struct builder *b, const struct aut_node *n, struct fl *out, int depth)
{
	memset(out, 0, sizeof(*out));
	if (depth > 10000) {
		aut_set_error(b->err, -E2BIG, "pattern nesting too deep in rule '%s'",
			      rule_label(&b->rs->rules.items[b->cur_rule]));
		return -E2BIG;
	}
	if (b->pos_cset.len >= b->rs->limits.max_positions) {
		aut_set_error(b->err, -E2BIG,
			      "too many pattern positions (limit %zu) at rule '%s'",
			      b->rs->limits.max_positions,
			      rule_label(&b->rs->rules.items[b->cur_rule]));
		return -E2BIG;
	}
	switch (n->kind) {
	case NODE_EMPTY:
		out->nullable = true;
		out->first = out->last = NULL;
		return 0;
	case NODE_CSET: {
		uint32_t *a = arena_new(&b->scratch, uint32_t);
		*a = new_pos(b, n->cset);
		out->first = out->last = a;
		out->nfirst = out->nlast = 1;
		return 0;
	}
	case NODE_STAR:
	case NODE_PLUS: {
		int r = visit(b, n->a, out, depth + 1);
		if (r)
			return r;
		for (uint32_t i = 0; i < out->nlast; i++)
			add_follow(b, out->last[i], out->first, out->nfirst);
		if (n->kind == NODE_STAR)
			out->nullable = true;
		return 0;
	}
	case NODE_CAT:
	case NODE_ALT: {
		node_vec ops = VEC_INIT;
		flatten(n, n->kind, &ops);
		size_t k = ops.len;
		struct fl *v = xcalloc(k, sizeof(*v));
		int r = 0;
		for (size_t i = 0; i < k && !r; i++)
			r = visit(b, ops.items[i], &v[i], depth + 1);
		if (r)
			goto done;
		if (n->kind == NODE_ALT) {
			out->first = concat_arrays(b, v, 0, k, true, &out->nfirst);
			out->last = concat_arrays(b, v, 0, k, false, &out->nlast);
			out->nullable = false;
			for (size_t i = 0; i < k; i++)
				out->nullable |= v[i].nullable;
			goto done;
		}
		/* CAT: what ends operand i is followed by what starts i+1 (and on, past nullables) */
		for (size_t i = 0; i + 1 < k; i++) {
			for (size_t j = i + 1; j < k; j++) {
				for (uint32_t q = 0; q < v[i].nlast; q++)
					add_follow(b, v[i].last[q], v[j].first, v[j].nfirst);
				if (!v[j].nullable)
					break;
			}
		}
		size_t e = 0;
		while (e < k && v[e].nullable)
			e++;
		out->first = concat_arrays(b, v, 0, e < k ? e + 1 : k, true, &out->nfirst);
		size_t s = k;
		while (s > 0 && v[s - 1].nullable)
			s--;
		out->last = concat_arrays(b, v, s > 0 ? s - 1 : 0, k, false, &out->nlast);
		out->nullable = e == k;
done:
		free(v);
		vec_free(&ops);
		return r;
	}
	}
	return -EINVAL;
}

/* ---- byte classes ---- */

static void compute_classes(struct builder *b)
{
	struct aut_ruleset *rs = b->rs;
	size_t nc = rs->csets.len;
	bool *used = xcalloc(nc ? nc : 1, sizeof(bool));
	for (size_t p = 0; p < b->pos_cset.len; p++)
		if (b->pos_cset.items[p] != ACCEPT_CSET)
			used[b->pos_cset.items[p]] = true;
	uint8_t cls[256] = { 0 };
	uint32_t ncls = 1;
	int remap[512];
	for (size_t c = 0; c < nc; c++) {
		if (!used[c])
			continue;
		const struct cset *s = &rs->csets.items[c];
		for (uint32_t i = 0; i < 2 * ncls; i++)
			remap[i] = -1;
		uint32_t nn = 0;
		uint8_t ncl[256];
		for (unsigned x = 0; x < 256; x++) {
			unsigned key = cls[x] * 2u + (cset_has(s, x) ? 1u : 0u);
			if (remap[key] < 0)
				remap[key] = (int)nn++;
			ncl[x] = (uint8_t)remap[key];
		}
		memcpy(cls, ncl, sizeof(cls));
		ncls = nn;
	}
	memcpy(b->byte_class, cls, sizeof(cls));
	/* the out-of-band symbol: a class after the bytes', matched by its own cset only */
	b->oob_class = UINT32_MAX;
	if (rs->oob_cset != UINT32_MAX && used[rs->oob_cset])
		b->oob_class = ncls++;
	b->nclasses = ncls;
	b->cset_cls_off = xcalloc(nc + 1, sizeof(uint32_t));
	VEC(uint16_t) lst = VEC_INIT;
	for (size_t c = 0; c < nc; c++) {
		b->cset_cls_off[c] = (uint32_t)lst.len;
		if (!used[c])
			continue;
		if (c == rs->oob_cset) {
			vec_push(&lst, (uint16_t)b->oob_class);
			continue;
		}
		bool seen[256] = { false };
		const struct cset *s = &rs->csets.items[c];
		for (unsigned x = 0; x < 256; x++)
			if (cset_has(s, x) && !seen[cls[x]]) {
				seen[cls[x]] = true;
				vec_push(&lst, cls[x]);
			}
	}
	b->cset_cls_off[nc] = (uint32_t)lst.len;
	b->cset_cls = lst.items;
	free(used);
}

/* ---- position sets ---- */

static void radix_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
	if (n < 64) {
		for (size_t i = 1; i < n; i++) {
			uint32_t x = a[i];
			size_t j = i;
			while (j > 0 && a[j - 1] > x) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = x;
		}
		return;
	}
	size_t cnt[256];
	for (unsigned sh = 0; sh < 32; sh += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (size_t i = 0; i < n; i++)
			cnt[(a[i] >> sh) & 0xff]++;
		if (cnt[(a[0] >> sh) & 0xff] == n)
			continue;       /* all equal in this byte: nothing to do */
		size_t sum = 0;
		for (size_t i = 0; i < 256; i++) {
			size_t c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(a[i] >> sh) & 0xff]++] = a[i];
		memcpy(a, tmp, n * sizeof(uint32_t));
	}
}

static void sort_unique(uint32_t *a, uint32_t *tmp, size_t *n)
{
	radix_sort(a, tmp, *n);
	size_t w = 0;
	for (size_t i = 0; i < *n; i++)
		if (!w || a[w - 1] != a[i])
			a[w++] = a[i];
	*n = w;
}

static uint64_t set_hash(const uint32_t *a, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;
	for (size_t i = 0; i < n; i++) {
		h ^= a[i];
		h *= 0x100000001b3ull;
		h ^= h >> 29;
	}
	return h;
}

static void grow_htab(struct builder *b)
{
	size_t cap = b->hcap ? b->hcap * 2 : 1024;
	uint32_t *t = xmalloc(cap * sizeof(uint32_t));
	memset(t, 0xff, cap * sizeof(uint32_t));
	for (size_t i = 0; i < b->states.len; i++) {
		struct state_rec *r = &b->states.items[i];
		size_t h = bytes_hash(r->bytes, r->nbytes) & (cap - 1);
		while (t[h] != UINT32_MAX)
			h = (h + 1) & (cap - 1);
		t[h] = (uint32_t)i;
	}
	free(b->htab);
	b->mem += (cap - b->hcap) * sizeof(uint32_t);
	b->htab = t;
	b->hcap = cap;
}

static uint32_t blame_rule(struct builder *b)
{
	/* the rule whose positions occur in most of the recently built states */
	size_t nr = b->rs->rules.len;
	uint32_t *cnt = xcalloc(nr ? nr : 1, sizeof(uint32_t));
	uint32_t *last = xmalloc((nr ? nr : 1) * sizeof(uint32_t));
	memset(last, 0xff, (nr ? nr : 1) * sizeof(uint32_t));
	size_t from = b->states.len > 512 ? b->states.len - 512 : 0;
	VEC(uint32_t) set = VEC_INIT;
	for (size_t s = from; s < b->states.len; s++) {
		struct state_rec *r = &b->states.items[s];
		vec_reserve(&set, r->len);
		set_decode(r, set.items);
		for (uint32_t i = 0; i < r->len; i++) {
			uint32_t rule = b->pos_rule.items[set.items[i]];
			if (last[rule] != s) {
				last[rule] = (uint32_t)s;
				cnt[rule]++;
			}
		}
	}
	vec_free(&set);
	uint32_t best = 0;
	for (size_t i = 1; i < nr; i++)
		if (cnt[i] > cnt[best])
			best = (uint32_t)i;
	free(cnt);
	free(last);
	return best;
}

static int limit_error(struct builder *b, const char *what, size_t limit)
{
	uint32_t r = blame_rule(b);
	const struct rule_entry *e = &b->rs->rules.items[r];
	aut_set_error(b->err, -E2BIG,
		      "DFA %s limit (%zu) exceeded; the rule most involved is '%s'",
		      what, limit, rule_label(e));
	b->err->rule1 = &e->rule;
	return -E2BIG;
}

/* Intern a sorted position set; returns the state number or UINT32_MAX on limit. */
static uint32_t intern(struct builder *b, const uint32_t *set, uint32_t n)
{
	if ((b->states.len + 1) * 2 > b->hcap)
		grow_htab(b);
	size_t mask = b->hcap - 1;
	b->enc.len = 0;
	vec_reserve(&b->enc, (size_t)n * 5 + 1);
	size_t nb = set_encode(set, n, b->enc.items);
	size_t h = bytes_hash(b->enc.items, nb) & mask;
	while (b->htab[h] != UINT32_MAX) {
		struct state_rec *r = &b->states.items[b->htab[h]];
		if (r->len == n && r->nbytes == nb && (nb == 0 || !memcmp(r->bytes, b->enc.items, nb)))
			return b->htab[h];
		h = (h + 1) & mask;
	}
	if (b->states.len >= b->rs->limits.max_states) {
		limit_error(b, "state", b->rs->limits.max_states);
		return UINT32_MAX;
	}
	b->mem += nb + sizeof(struct state_rec) +
		  b->nclasses * sizeof(uint32_t) + sizeof(struct aut_perms) + 4;
	if (b->mem > b->peak)
		b->peak = b->mem;
	if (b->mem > b->rs->limits.max_memory) {
		limit_error(b, "memory", b->rs->limits.max_memory);
		return UINT32_MAX;
	}
	uint32_t id = (uint32_t)b->states.len;
	uint8_t *stored = nb ? arena_memdup(&b->sets, b->enc.items, nb) : NULL;
	struct state_rec rec = { stored, (uint32_t)nb, n };
	vec_push(&b->states, rec);
	b->htab[h] = id;
	return id;
}

/* ---- position reduction ---- */

/*
 * Merge positions that are bisimilar: same character set (or the same
 * shared accept position) and follow sets that reach the same classes.
 * Replacing every position by its class leaves the language and the
 * permissions of every DFA state unchanged, but sets that differed only in
 * which of several equivalent positions they held (the trailing double
 * star of two rules "/a/<ds> r" and "/b/<ds> r", once past the rules'
 * different prefixes) now coincide, so subset construction builds far
 * fewer states. This does what upstream's right-factoring of the
 * expression tree does, for any shape of tree.
 *
 * One pass, bottom-up: the follow graph (positions, and each follow chunk
 * as a node of its own so shared arrays are visited once per chunk) is
 * walked by Tarjan's algorithm, which completes strongly connected
 * components in reverse topological order, so everything a position can
 * be followed by outside its own component already has its class. Then:
 *  - a position alone in its component is keyed by (character set, whether
 *    it follows itself, classes of what else follows it): equal keys are
 *    bisimilar, including the self-loop of a star ([^/]*, [^\0]*), which
 *    is the only cycle AppArmor's globs produce;
 *  - positions of a larger cycle ((ab)* from raw regexes) keep a class of
 *    their own: never merging is always sound.
 * Moore-style refinement would find the same classes for glob-made trees
 * but needs as many passes over all positions as the longest pattern.
 */
struct reducer {
	struct builder *b;
	size_t npos, nch;
	uint32_t *cls;            /* position -> class, UINT32_MAX while open */
	uint32_t *chunk_off;      /* chunk -> offset of its classes in chunk_cls */
	uint32_t *chunk_len;
	VEC(uint32_t) chunk_cls;
	VEC(uint32_t) sig, tmp, sig_pool, sig_off;
	uint32_t *htab;
	size_t hcap;
	uint32_t nclasses;
	uint32_t *scc_of;         /* node -> component id (UINT32_MAX while on stack) */
};

static uint32_t class_for_signature(struct reducer *r)
{
	if ((r->nclasses + 1) * 2 > r->hcap) {
		size_t cap = r->hcap * 2;
		uint32_t *t = xmalloc(cap * sizeof(uint32_t));
		memset(t, 0xff, cap * sizeof(uint32_t));
		for (uint32_t k = 0; k < r->nclasses; k++) {
			const uint32_t *sg = r->sig_pool.items + r->sig_off.items[k];
			size_t n = r->sig_off.items[k + 1] - r->sig_off.items[k];
			size_t h = set_hash(sg, n) & (cap - 1);
			while (t[h] != UINT32_MAX)
				h = (h + 1) & (cap - 1);
			t[h] = k;
		}
		free(r->htab);
		r->htab = t;
		r->hcap = cap;
	}
	size_t h = set_hash(r->sig.items, r->sig.len) & (r->hcap - 1);
	while (r->htab[h] != UINT32_MAX) {
		uint32_t k = r->htab[h];
		size_t n = r->sig_off.items[k + 1] - r->sig_off.items[k];
		if (n == r->sig.len && !memcmp(r->sig_pool.items + r->sig_off.items[k], r->sig.items,
					       n * sizeof(uint32_t)))
			return k;
		h = (h + 1) & (r->hcap - 1);
	}
	uint32_t k = r->nclasses++;
	r->htab[h] = k;
	vec_reserve(&r->sig_pool, r->sig.len);
	memcpy(r->sig_pool.items + r->sig_pool.len, r->sig.items, r->sig.len * sizeof(uint32_t));
	r->sig_pool.len += r->sig.len;
	vec_push(&r->sig_off, (uint32_t)r->sig_pool.len);
	return k;
}

/* The sorted, unique classes of a chunk whose positions all have classes. */
static void finish_chunk(struct reducer *r, uint32_t c)
{
	const struct chunk *ch = &r->b->chunks.items[c];
	vec_reserve(&r->chunk_cls, ch->n);
	vec_reserve(&r->tmp, ch->n);
	uint32_t *dst = r->chunk_cls.items + r->chunk_cls.len;
	for (uint32_t i = 0; i < ch->n; i++)
		dst[i] = r->cls[ch->arr[i]];
	size_t n = ch->n;
	sort_unique(dst, r->tmp.items, &n);
	r->chunk_off[c] = (uint32_t)r->chunk_cls.len;
	r->chunk_len[c] = (uint32_t)n;
	r->chunk_cls.len += n;
}

static uint32_t initial_key(struct reducer *r, uint32_t p)
{
	uint32_t c = r->b->pos_cset.items[p];
	/* accept positions are already one per distinct contribution */
	return c == ACCEPT_CSET ? (uint32_t)(r->b->rs->csets.len + p) : c;
}

/* A completed component: members[0..n) are node ids (chunks are npos + c). */
static void finish_component(struct reducer *r, const uint32_t *members, size_t n)
{
	size_t npos_in = 0;
	uint32_t p = UINT32_MAX;
	for (size_t i = 0; i < n; i++)
		if (members[i] < r->npos) {
			npos_in++;
			p = members[i];
		}
	if (npos_in == 1) {
		bool self = n > 1;
		r->sig.len = 0;
		vec_push(&r->sig, initial_key(r, p));
		vec_push(&r->sig, self ? 1u : 0u);
		for (uint32_t c = r->b->follow_head.items[p]; c != UINT32_MAX;
		     c = r->b->chunks.items[c].next) {
			if (r->scc_of[r->npos + c] == r->scc_of[p]) {
				const struct chunk *ch = &r->b->chunks.items[c];
				for (uint32_t i = 0; i < ch->n; i++)
					if (ch->arr[i] != p)
						vec_push(&r->sig, r->cls[ch->arr[i]]);
			} else {
				vec_reserve(&r->sig, r->chunk_len[c]);
				memcpy(r->sig.items + r->sig.len, r->chunk_cls.items + r->chunk_off[c],
				       r->chunk_len[c] * sizeof(uint32_t));
				r->sig.len += r->chunk_len[c];
			}
		}
		size_t m = r->sig.len - 2;
		vec_reserve(&r->tmp, m);
		sort_unique(r->sig.items + 2, r->tmp.items, &m);
		r->sig.len = m + 2;
		r->cls[p] = class_for_signature(r);
	} else if (npos_in > 1) {
		for (size_t i = 0; i < n; i++) {
			if (members[i] >= r->npos)
				continue;
			r->sig.len = 0;
			vec_push(&r->sig, UINT32_MAX);     /* no key collides with this */
			vec_push(&r->sig, members[i]);
			r->cls[members[i]] = class_for_signature(r);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (members[i] >= r->npos)
			finish_chunk(r, (uint32_t)(members[i] - r->npos));
}

struct tarjan_frame {
	uint32_t node;
	uint32_t it;     /* position: next chunk id; chunk: next element index */
};

static void reduce_order(struct reducer *r)
{
	size_t nn = r->npos + r->nch;
	uint32_t *index = xmalloc(nn * sizeof(uint32_t));
	uint32_t *low = xmalloc(nn * sizeof(uint32_t));
	memset(index, 0xff, nn * sizeof(uint32_t));
	VEC(uint32_t) stack = VEC_INIT;
	VEC(struct tarjan_frame) calls = VEC_INIT;
	uint32_t counter = 0, ncomp = 0;
	const struct chunk *chunks = r->b->chunks.items;

	for (uint32_t root = 0; root < nn; root++) {
		if (index[root] != UINT32_MAX)
			continue;
		struct tarjan_frame f0 = { root, root < r->npos ?
					   r->b->follow_head.items[root] : 0 };
		vec_push(&calls, f0);
		index[root] = low[root] = counter++;
		vec_push(&stack, root);
		while (calls.len) {
			struct tarjan_frame *f = &calls.items[calls.len - 1];
			uint32_t v = f->node, w = UINT32_MAX;
			if (v < r->npos) {
				if (f->it != UINT32_MAX) {
					w = (uint32_t)(r->npos + f->it);
					f->it = chunks[f->it].next;
				}
			} else {
				const struct chunk *ch = &chunks[v - r->npos];
				if (f->it < ch->n)
					w = ch->arr[f->it++];
			}
			if (w != UINT32_MAX) {
				if (index[w] == UINT32_MAX) {
					index[w] = low[w] = counter++;
					vec_push(&stack, w);
					struct tarjan_frame nf = { w, w < r->npos ?
								   r->b->follow_head.items[w] : 0 };
					vec_push(&calls, nf);
				} else if (r->scc_of[w] == UINT32_MAX && index[w] < low[v]) {
					low[v] = index[w];     /* w is on the stack */
				}
				continue;
			}
			calls.len--;
			if (calls.len) {
				uint32_t u = calls.items[calls.len - 1].node;
				if (low[v] < low[u])
					low[u] = low[v];
			}
			if (low[v] == index[v]) {
				size_t top = stack.len;
				while (stack.items[--top] != v)
					;
				for (size_t i = top; i < stack.len; i++)
					r->scc_of[stack.items[i]] = ncomp;
				ncomp++;
				finish_component(r, stack.items + top, stack.len - top);
				stack.len = top;
			}
		}
	}
	free(index);
	free(low);
	vec_free(&stack);
	vec_free(&calls);
}

static void reduce_positions(struct builder *b, uint32_t *start, size_t *nstart)
{
	struct reducer r;
	memset(&r, 0, sizeof(r));
	r.b = b;
	r.npos = b->pos_cset.len;
	r.nch = b->chunks.len;
	if (r.npos < 2)
		return;
	size_t nn = r.npos + r.nch;
	r.cls = xmalloc(r.npos * sizeof(uint32_t));
	memset(r.cls, 0xff, r.npos * sizeof(uint32_t));
	r.chunk_off = xcalloc(r.nch + 1, sizeof(uint32_t));
	r.chunk_len = xcalloc(r.nch + 1, sizeof(uint32_t));
	r.scc_of = xmalloc(nn * sizeof(uint32_t));
	memset(r.scc_of, 0xff, nn * sizeof(uint32_t));
	r.hcap = 1024;
	r.htab = xmalloc(r.hcap * sizeof(uint32_t));
	memset(r.htab, 0xff, r.hcap * sizeof(uint32_t));
	vec_push(&r.sig_off, 0u);

	reduce_order(&r);

	uint32_t nclasses = r.nclasses;
	if (nclasses < r.npos) {
		/* the quotient: class k keeps its first member's chunks, remapped */
		uint32_t *rep = xmalloc(nclasses * sizeof(uint32_t));
		memset(rep, 0xff, nclasses * sizeof(uint32_t));
		for (size_t p = 0; p < r.npos; p++)
			if (rep[r.cls[p]] == UINT32_MAX)
				rep[r.cls[p]] = (uint32_t)p;
		uint32_t *mapped = arena_new_array(&b->scratch, uint32_t,
						   r.chunk_cls.len ? r.chunk_cls.len : 1);
		if (r.chunk_cls.len)
			memcpy(mapped, r.chunk_cls.items, r.chunk_cls.len * sizeof(uint32_t));
		VEC(uint32_t) pos_cset = VEC_INIT, pos_rule = VEC_INIT, head = VEC_INIT;
		VEC(struct chunk) chunks = VEC_INIT;
		for (uint32_t k = 0; k < nclasses; k++) {
			uint32_t p = rep[k];
			vec_push(&pos_cset, b->pos_cset.items[p]);
			vec_push(&pos_rule, b->pos_rule.items[p]);
			uint32_t h = UINT32_MAX;
			for (uint32_t c = b->follow_head.items[p]; c != UINT32_MAX;
			     c = b->chunks.items[c].next) {
				struct chunk nc = { mapped + r.chunk_off[c], r.chunk_len[c], h };
				h = (uint32_t)chunks.len;
				vec_push(&chunks, nc);
			}
			vec_push(&head, h);
		}
		vec_free(&b->pos_cset);
		vec_free(&b->pos_rule);
		vec_free(&b->follow_head);
		vec_free(&b->chunks);
		memcpy(&b->pos_cset, &pos_cset, sizeof(pos_cset));
		memcpy(&b->pos_rule, &pos_rule, sizeof(pos_rule));
		memcpy(&b->follow_head, &head, sizeof(head));
		memcpy(&b->chunks, &chunks, sizeof(chunks));
		/* renamed only: aut_build sorts and dedups the start set once */
		for (size_t i = 0; i < *nstart; i++)
			start[i] = r.cls[start[i]];
		free(rep);
	}
	free(r.cls);
	free(r.chunk_off);
	free(r.chunk_len);
	free(r.scc_of);
	free(r.htab);
	vec_free(&r.chunk_cls);
	vec_free(&r.sig);
	vec_free(&r.tmp);
	vec_free(&r.sig_pool);
	vec_free(&r.sig_off);
}

/*
 * Rules that contribute the same thing to a state's permissions (mode,
 * perms, audit, priority, exact) share one accept position, as upstream
 * shares one accept node per distinct permission tuple. Merging identical
 * contributions is idempotent, so the DFA's language and permissions do
 * not change; but states that differ only in which of several identical
 * rules accept are no longer distinct sets, which keeps the unminimized
 * DFA (and the time and memory spent on it) close to the minimal one.
 * The accept position's rule is the first rule with that tuple; errors
 * and origins name that representative.
 */
struct accept_table {
	uint32_t *slot;         /* position + 1, 0 = empty */
	size_t cap, len;
};

static bool same_contribution(const struct rule_entry *x, const struct rule_entry *y)
{
	return x->rule.mode == y->rule.mode && x->rule.perms == y->rule.perms &&
	       x->rule.audit == y->rule.audit && x->rule.priority == y->rule.priority &&
	       x->exact == y->exact;
}

static uint64_t contribution_hash(const struct rule_entry *x)
{
	uint64_t h = (uint64_t)x->rule.perms * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)x->rule.audit << 32 | (uint32_t)x->rule.priority) * 0xc2b2ae3d27d4eb4full;
	h ^= (uint64_t)x->rule.mode << 1 | x->exact;
	return h ^ (h >> 31);
}

static uint32_t *shared_accept(struct builder *b, struct accept_table *t, uint32_t rule)
{
	const struct rule_entry *rules = b->rs->rules.items;
	if ((t->len + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		uint32_t *slot = xcalloc(cap, sizeof(uint32_t));
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->slot[i])
				continue;
			uint32_t r = b->pos_rule.items[t->slot[i] - 1];
			size_t h = contribution_hash(&rules[r]) & (cap - 1);
			while (slot[h])
				h = (h + 1) & (cap - 1);
			slot[h] = t->slot[i];
		}
		free(t->slot);
		t->slot = slot;
		t->cap = cap;
	}
	size_t h = contribution_hash(&rules[rule]) & (t->cap - 1);
	uint32_t *acc = arena_new(&b->scratch, uint32_t);
	while (t->slot[h]) {
		uint32_t p = t->slot[h] - 1;
		if (same_contribution(&rules[b->pos_rule.items[p]], &rules[rule])) {
			*acc = p;
			return acc;
		}
		h = (h + 1) & (t->cap - 1);
	}
	*acc = new_pos(b, ACCEPT_CSET);
	t->slot[h] = *acc + 1;
	t->len++;
	return acc;
}

struct group {
	uint32_t cset;
	uint32_t off, n;
};

int aut_build(struct aut_ruleset *rs, const struct aut_build_opts *opts,
	      struct aut_dfa **out, struct aut_error *err)
{
	struct aut_error dummy_err;
	if (!err)
		err = &dummy_err;
	memset(err, 0, sizeof(*err));
	enum aut_perm_key key = opts ? opts->key : AUT_KEY_KERNEL;
	struct builder b;
	memset(&b, 0, sizeof(b));
	b.rs = rs;
	b.err = err;
	arena_init(&b.scratch);
	int ret = 0;

	VEC(uint32_t) start = VEC_INIT;
	struct accept_table acc_tab = { NULL, 0, 0 };
	for (size_t r = 0; r < rs->rules.len; r++) {
		struct fl f;
		b.cur_rule = (uint32_t)r;
		ret = visit(&b, rs->rules.items[r].node, &f, 0);
		if (ret)
			goto out;
		uint32_t *acc = shared_accept(&b, &acc_tab, (uint32_t)r);
		for (uint32_t i = 0; i < f.nlast; i++)
			add_follow(&b, f.last[i], acc, 1);
		for (uint32_t i = 0; i < f.nfirst; i++)
			vec_push(&start, f.first[i]);
		if (f.nullable)
			vec_push(&start, *acc);
	}
	free(acc_tab.slot);
	acc_tab.slot = NULL;
	reduce_positions(&b, start.items, &start.len);
	b.mem = b.pos_cset.len * 12 + b.chunks.len * sizeof(struct chunk) + b.scratch.total;
	compute_classes(&b);
	uint32_t ncls = b.nclasses;
	size_t npos = b.pos_cset.len;

	uint32_t *mark = xcalloc(npos + 1, sizeof(uint32_t));
	uint32_t *chunk_mark = xcalloc(b.chunks.len + 1, sizeof(uint32_t));
	uint32_t epoch = 0;
	uint32_t *grp_mark = xcalloc(rs->csets.len + 1, sizeof(uint32_t));
	uint32_t *grp_idx = xcalloc(rs->csets.len + 1, sizeof(uint32_t));
	VEC(struct group) groups = VEC_INIT;
	VEC(uint32_t) gpos = VEC_INIT;
	VEC(uint32_t) work = VEC_INIT, tmp = VEC_INIT, accepts = VEC_INIT, cur = VEC_INIT;
	uint32_t sig_cnt[AUT_MAX_CLASSES], sig_off[AUT_MAX_CLASSES + 1], sig_fill[AUT_MAX_CLASSES];
	VEC(uint32_t) sigs = VEC_INIT;
	uint32_t cls_target[AUT_MAX_CLASSES];
	uint32_t sig_owner[AUT_MAX_CLASSES];    /* class that first computed this signature */
	uint64_t sig_hash[AUT_MAX_CLASSES];

	/* state 0: the dead state, the empty set */
	intern(&b, NULL, 0);
	/* state 1: the start state (kept distinct even if its set is empty) */
	vec_reserve(&tmp, start.len);
	sort_unique(start.items, tmp.items, &start.len);
	if (start.len == 0) {
		struct state_rec rec = { NULL, 0, 0 };
		vec_push(&b.states, rec);
	} else {
		intern(&b, start.items, (uint32_t)start.len);
	}

	for (uint32_t s = 0; s < b.states.len; s++) {
		vec_reserve(&b.next, ncls);
		b.next.len += ncls;
		struct state_rec rec = b.states.items[s];
		vec_reserve(&cur, rec.len);
		set_decode(&rec, cur.items);
		const uint32_t *set = cur.items;

		/* group the state's positions by character set */
		groups.len = 0;
		accepts.len = 0;
		epoch++;
		for (uint32_t i = 0; i < rec.len; i++) {
			uint32_t p = set[i], c = b.pos_cset.items[p];
			if (c == ACCEPT_CSET) {
				vec_push(&accepts, b.pos_rule.items[p]);
				continue;
			}
			if (grp_mark[c] != epoch) {
				grp_mark[c] = epoch;
				grp_idx[c] = (uint32_t)groups.len;
				struct group g = { c, 0, 0 };
				vec_push(&groups, g);
			}
			groups.items[grp_idx[c]].n++;
		}
		uint32_t off = 0;
		for (size_t g = 0; g < groups.len; g++) {
			groups.items[g].off = off;
			off += groups.items[g].n;
			groups.items[g].n = 0;
		}
		vec_reserve(&gpos, off);
		for (uint32_t i = 0; i < rec.len; i++) {
			uint32_t p = set[i], c = b.pos_cset.items[p];
			if (c == ACCEPT_CSET)
				continue;
			struct group *g = &groups.items[grp_idx[c]];
			gpos.items[g->off + g->n++] = p;
		}

		/* per class, the list of groups that match it (its signature) */
		memset(sig_cnt, 0, ncls * sizeof(uint32_t));
		for (size_t g = 0; g < groups.len; g++) {
			uint32_t c = groups.items[g].cset;
			for (uint32_t j = b.cset_cls_off[c]; j < b.cset_cls_off[c + 1]; j++)
				sig_cnt[b.cset_cls[j]]++;
		}
		sig_off[0] = 0;
		for (uint32_t k = 0; k < ncls; k++)
			sig_off[k + 1] = sig_off[k] + sig_cnt[k];
		sigs.len = 0;
		vec_reserve(&sigs, sig_off[ncls]);
		memcpy(sig_fill, sig_off, ncls * sizeof(uint32_t));
		for (size_t g = 0; g < groups.len; g++) {
			uint32_t c = groups.items[g].cset;
			for (uint32_t j = b.cset_cls_off[c]; j < b.cset_cls_off[c + 1]; j++)
				sigs.items[sig_fill[b.cset_cls[j]]++] = (uint32_t)g;
		}

		for (uint32_t k = 0; k < ncls; k++) {
			cls_target[k] = 0;
			sig_owner[k] = k;
			uint32_t n = sig_cnt[k];
			if (!n)
				continue;
			sig_hash[k] = set_hash(sigs.items + sig_off[k], n);
			/* same signature as an earlier class? (linear scan is fine: <=256) */
			bool found = false;
			for (uint32_t j = 0; j < k; j++) {
				if (sig_owner[j] != j || sig_cnt[j] != n || sig_hash[j] != sig_hash[k])
					continue;
				if (!memcmp(sigs.items + sig_off[j], sigs.items + sig_off[k],
					    n * sizeof(uint32_t))) {
					cls_target[k] = cls_target[j];
					sig_owner[k] = j;
					found = true;
					break;
				}
			}
			if (found)
				continue;
			/* union of the follow sets of every position in those groups */
			epoch++;
			work.len = 0;
			for (uint32_t i = 0; i < n; i++) {
				struct group *g = &groups.items[sigs.items[sig_off[k] + i]];
				for (uint32_t q = 0; q < g->n; q++) {
					uint32_t p = gpos.items[g->off + q];
					for (uint32_t ch = b.follow_head.items[p]; ch != UINT32_MAX;
					     ch = b.chunks.items[ch].next) {
						if (chunk_mark[ch] == epoch)
							continue;
						chunk_mark[ch] = epoch;
						const struct chunk *c = &b.chunks.items[ch];
						vec_reserve(&work, c->n);
						for (uint32_t x = 0; x < c->n; x++) {
							uint32_t f = c->arr[x];
							if (mark[f] != epoch) {
								mark[f] = epoch;
								work.items[work.len++] = f;
							}
						}
					}
				}
			}
			vec_reserve(&tmp, work.len);
			radix_sort(work.items, tmp.items, work.len);
			uint32_t t = intern(&b, work.items, (uint32_t)work.len);
			if (t == UINT32_MAX) {
				ret = -E2BIG;
				goto out2;
			}
			cls_target[k] = t;
		}
		memcpy(b.next.items + (size_t)s * ncls, cls_target, ncls * sizeof(uint32_t));

		/* the state's permissions */
		struct aut_perms p = { 0, 0, 0, 0 };
		uint32_t origin = UINT32_MAX;
		if (accepts.len) {
			struct merge_conflict mc;
			if (perms_merge(rs->rules.items, accepts.items, accepts.len, &p, &mc)) {
				const struct rule_entry *r1 = &rs->rules.items[mc.rule1];
				const struct rule_entry *r2 = &rs->rules.items[mc.rule2];
				aut_set_error(err, -EINVAL,
					      "conflicting x modifiers: '%s' and '%s' match the same path with different exec modes",
					      rule_label(r1), rule_label(r2));
				err->rule1 = &r1->rule;
				err->rule2 = &r2->rule;
				ret = -EINVAL;
				goto out2;
			}
			perms_normalize(&p, key);
			origin = accepts.items[0];
		}
		vec_push(&b.perms, p);
		vec_push(&b.origin, origin);
	}

	struct aut_dfa *d = xcalloc(1, sizeof(*d));
	d->nstates = (uint32_t)b.states.len;
	d->nclasses = ncls;
	d->oob_class = b.oob_class;
	memcpy(d->byte_class, b.byte_class, 256);
	d->next = b.next.items;
	d->perms = b.perms.items;
	d->origin = b.origin.items;
	b.next.items = NULL;
	b.perms.items = NULL;
	b.origin.items = NULL;
	d->build_bytes = b.peak + b.scratch.total + b.chunks.cap * sizeof(struct chunk) +
			 b.pos_cset.cap * 12 + npos * 8;
	*out = d;

out2:
	free(mark);
	free(chunk_mark);
	free(grp_mark);
	free(grp_idx);
	vec_free(&groups);
	vec_free(&gpos);
	vec_free(&work);
	vec_free(&tmp);
	vec_free(&accepts);
	vec_free(&cur);
	vec_free(&sigs);
out:
	free(acc_tab.slot);
	vec_free(&start);
	arena_destroy(&b.scratch);
	vec_free(&b.pos_cset);
	vec_free(&b.pos_rule);
	vec_free(&b.follow_head);
	vec_free(&b.chunks);
	free(b.cset_cls_off);
	free(b.cset_cls);
	arena_destroy(&b.sets);
	vec_free(&b.enc);
	vec_free(&b.states);
	free(b.htab);
	vec_free(&b.next);
	vec_free(&b.perms);
	vec_free(&b.origin);
	return ret;
}

void aut_release_scratch(const struct aut_dfa *d)
{
#ifdef __GLIBC__
	/*
	 * Construction frees tens of megabytes of small blocks at once on
	 * large DFAs; glibc keeps them in the heap, where they would count
	 * again on top of the minimizer's peak.
	 */
	if (d->build_bytes > ((size_t)16 << 20))
		malloc_trim(0);
#else
	(void)d;
#endif
}

void aut_dfa_free(struct aut_dfa *d)
{
	if (!d)
		return;
	free(d->next);
	free(d->perms);
	free(d->origin);
	free(d);
}
