/*
 * equiv: semantic comparison of decoded load buffers (see equiv.h).
 *
 * Owns the product-automaton walk (a FIFO of state pairs with parent links
 * plus an open-addressing hash set of visited pairs), the per-state
 * permission tuples it compares, and the text of difference reports.
 */
#include "binary/equiv.h"

#include "support/strbuf.h"
#include "support/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_MAX_PAIRS 10000000u
#define NSYMS 257u                     /* 256 bytes + out-of-band */
#define PATH_MEDIATE_DELETED 0x10000u  /* kernel default when path_flags is absent */
#define FORCE_COMPLAIN 0x800u          /* version word bit */

const char *binequiv_dfa_kind_name(enum binequiv_dfa_kind kind)
{
	switch (kind) {
	case BINEQUIV_XMATCH: return "xmatch DFA";
	case BINEQUIV_POLICYDB: return "policydb";
	case BINEQUIV_FILE: return "file DFA";
	}
	return "DFA";
}

/* ---- permission tuples ---- */

enum { TW = 26, TX = 6 };

struct tuple {
	uint32_t w[TW];
	const char *x[TX];
};

struct side {
	enum binequiv_dfa_kind kind;
	const struct binread_pdb *pdb;
	const struct binread_xtable *xt;
	const struct binread_dfa *dfa;
	uint32_t start;
};

static const char *xname(const struct binread_xtable *xt, uint32_t idx)
{
	return xt && xt->names && idx < xt->n ? xt->names[idx] : NULL;
}

static void entry_tuple(const struct binread_perm_entry *e, const struct binread_xtable *xt,
			uint32_t *w, const char **x)
{
	w[0] = e->allow; w[1] = e->deny; w[2] = e->subtree; w[3] = e->cond; w[4] = e->kill;
	w[5] = e->complain; w[6] = e->prompt; w[7] = e->audit; w[8] = e->quiet; w[9] = e->hide;
	uint32_t xi = e->xindex;
	if ((xi & BINREAD_X_TYPE_MASK) == BINREAD_X_TABLE &&
	    (x[0] = xname(xt, xi & BINREAD_X_INDEX_MASK)) != NULL)
		xi &= ~BINREAD_X_INDEX_MASK;
	w[10] = xi;
	w[11] = e->tag && (x[1] = xname(xt, e->tag)) != NULL ? 0 : e->tag;
	w[12] = e->label && (x[2] = xname(xt, e->label)) != NULL ? 0 : e->label;
}

static const struct binread_perm_entry zero_entry;

static const struct binread_perm_entry *entry_at(const struct binread_pdb *pdb, uint32_t i)
{
	return i < pdb->nperms ? &pdb->perms[i] : &zero_entry;
}

/* the kernel's owner/other choice for a file state of a perms-table DFA */
static bool owner_split(const struct binread_pdb *pdb, uint32_t state)
{
	return pdb->dfa.tables->accept2[state] & 1u;
}

static void state_tuple(const struct side *s, uint32_t st, struct tuple *t)
{
	memset(t, 0, sizeof(*t));
	const struct aut_tables *tab = s->dfa ? s->dfa->tables : NULL;
	if (!tab || st >= tab->nstates)
		return;
	const struct binread_pdb *pdb = s->pdb;
	uint32_t a1 = tab->accept[st], a2 = tab->accept2[st];
	if (pdb->has_perms) {
		entry_tuple(entry_at(pdb, a1), s->xt, t->w, t->x);
		if (s->kind == BINEQUIV_FILE)
			entry_tuple(entry_at(pdb, owner_split(pdb, st) ? a1 + 1 : a1), s->xt, t->w + 13,
				    t->x + 3);
		return;
	}
	if (s->kind != BINEQUIV_XMATCH && s->xt) {
		for (int half = 0; half < 2; half++) {
			unsigned sh = half ? AA_OTHER_SHIFT : 0;
			uint32_t idx = (a1 >> (sh + AA_EXEC_INDEX_SHIFT)) & 0xf;
			const char *n = idx >= 4 ? xname(s->xt, idx - 4) : NULL;
			if (n) {
				t->x[half] = n;
				a1 &= ~(AA_EXEC_INDEX_MASK << sh);
			}
		}
	}
	t->w[0] = a1;
	t->w[1] = a2;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool tuple_eq(const struct tuple *a, const struct tuple *b)
{
	if (memcmp(a->w, b->w, sizeof(a->w)) != 0)
		return false;
	for (int i = 0; i < TX; i++)
		if (!str_eq(a->x[i], b->x[i]))
			return false;
	return true;
}

/* ---- text ---- */

char *binequiv_format_input(const struct binequiv_input *in)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '"');
	for (size_t i = 0; i < in->len; i++) {
		unsigned c = in->sym[i];
		if (c >= 256)
			strbuf_addstr(&sb, "\\oob");
		else if (c == '\\' || c == '"')
			strbuf_addf(&sb, "\\%c", (char)c);
		else if (c >= 0x20 && c < 0x7f)
			strbuf_addch(&sb, (char)c);
		else
			strbuf_addf(&sb, "\\x%02x", c);
	}
	strbuf_addch(&sb, '"');
	return strbuf_detach(&sb, NULL);
}

/* one half (§4.1) of a packed file permission word */
static void describe_half(struct strbuf *sb, uint32_t h, const char *target, uint32_t raw_idx)
{
	static const struct { uint32_t bit; const char *name; } letters[] = {
		{ AA_MAY_READ, "r" }, { AA_MAY_WRITE, "w" }, { AA_MAY_APPEND, "a" },
		{ AA_OLD_MAY_LINK, "l" }, { AA_OLD_MAY_LOCK, "k" }, { AA_OLD_EXEC_MMAP, "m" },
	};
	size_t start = sb->len;
	for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		if (h & letters[i].bit)
			strbuf_addstr(sb, letters[i].name);
	if (h & AA_MAY_EXEC) {
		bool unsafe = h & AA_EXEC_UNSAFE;
		uint32_t idx = raw_idx;
		if (sb->len > start)
			strbuf_addch(sb, ' ');
		if (idx == 0)
			strbuf_addstr(sb, (h & AA_EXEC_INHERIT) ? "ix" : "x");
		else if (idx == 1)
			strbuf_addstr(sb, unsafe ? "ux" : "Ux");
		else if (idx == 2)
			strbuf_addstr(sb, unsafe ? "px" : "Px");
		else if (idx == 3)
			strbuf_addstr(sb, unsafe ? "cx" : "Cx");
		else if (target)
			strbuf_addf(sb, "%s -> %s", unsafe ? "tx" : "Tx", target);
		else
			strbuf_addf(sb, "%s -> xtable[%u]", unsafe ? "tx" : "Tx", idx - 4);
		if (idx != 0 && (h & AA_EXEC_INHERIT))
			strbuf_addstr(sb, " (ix fallback)");
		if (h & AA_EXEC_PUX)
			strbuf_addstr(sb, " (ux fallback)");
	}
	if (sb->len == start)
		strbuf_addstr(sb, "-");
}

static void describe_entry(struct strbuf *sb, const struct binread_perm_entry *e,
			   const struct binread_xtable *xt)
{
	static const char *const names[] = { "allow", "deny", "subtree", "cond", "kill", "complain",
					     "prompt", "audit", "quiet", "hide" };
	const uint32_t v[] = { e->allow, e->deny, e->subtree, e->cond, e->kill, e->complain,
			       e->prompt, e->audit, e->quiet, e->hide };
	size_t start = sb->len;
	for (int i = 0; i < 10; i++)
		if (v[i])
			strbuf_addf(sb, "%s%s 0x%x", sb->len > start ? " " : "", names[i], v[i]);
	if (e->xindex) {
		strbuf_addf(sb, "%sxindex 0x%x", sb->len > start ? " " : "", e->xindex);
		const char *n;
		if ((e->xindex & BINREAD_X_TYPE_MASK) == BINREAD_X_TABLE &&
		    (n = xname(xt, e->xindex & BINREAD_X_INDEX_MASK)))
			strbuf_addf(sb, " (-> %s)", n);
	}
	if (e->tag)
		strbuf_addf(sb, "%stag %u%s%s", sb->len > start ? " " : "", e->tag,
			    xname(xt, e->tag) ? " " : "", xname(xt, e->tag) ? xname(xt, e->tag) : "");
	if (e->label)
		strbuf_addf(sb, "%slabel %u%s%s", sb->len > start ? " " : "", e->label,
			    xname(xt, e->label) ? " " : "", xname(xt, e->label) ? xname(xt, e->label) : "");
	if (sb->len == start)
		strbuf_addstr(sb, "none");
}

static void format_state(struct strbuf *sb, const struct side *s, uint32_t st)
{
	const struct aut_tables *tab = s->dfa ? s->dfa->tables : NULL;
	if (!tab) {
		strbuf_addstr(sb, "no DFA (nothing matches)");
		return;
	}
	if (st >= tab->nstates) {
		strbuf_addf(sb, "state %u (invalid)", st);
		return;
	}
	const struct binread_pdb *pdb = s->pdb;
	uint32_t a1 = tab->accept[st], a2 = tab->accept2[st];
	strbuf_addf(sb, "state %u: ", st);
	if (pdb->has_perms) {
		if (s->kind == BINEQUIV_FILE) {
			bool split = owner_split(pdb, st);
			strbuf_addf(sb, "perms[%u] owner: ", a1);
			describe_entry(sb, entry_at(pdb, a1), s->xt);
			if (split) {
				strbuf_addf(sb, "; perms[%u] other: ", a1 + 1);
				describe_entry(sb, entry_at(pdb, a1 + 1), s->xt);
			} else {
				strbuf_addstr(sb, "; other: same (no owner flag)");
			}
		} else {
			strbuf_addf(sb, "perms[%u]: ", a1);
			describe_entry(sb, entry_at(pdb, a1), s->xt);
		}
		return;
	}
	strbuf_addf(sb, "accept 0x%08x accept2 0x%08x", a1, a2);
	if (s->kind == BINEQUIV_FILE) {
		uint32_t ui = (a1 >> AA_EXEC_INDEX_SHIFT) & 0xf;
		uint32_t oi = (a1 >> (AA_OTHER_SHIFT + AA_EXEC_INDEX_SHIFT)) & 0xf;
		strbuf_addstr(sb, " (owner: ");
		describe_half(sb, a1 & AA_HALF_MASK, ui >= 4 ? xname(s->xt, ui - 4) : NULL, ui);
		strbuf_addstr(sb, "; other: ");
		describe_half(sb, (a1 >> AA_OTHER_SHIFT) & AA_HALF_MASK,
			      oi >= 4 ? xname(s->xt, oi - 4) : NULL, oi);
		if (a1 & AA_CHANGE_PROFILE)
			strbuf_addstr(sb, "; change_profile");
		if (a1 & AA_ONEXEC)
			strbuf_addstr(sb, "; onexec");
		if (a2)
			strbuf_addf(sb, "; audit 0x%x quiet 0x%x",
				    (a2 & 0x7f) | (((a2 >> 14) & 0x7f) << 14),
				    ((a2 >> 7) & 0x7f) | (((a2 >> 21) & 0x7f) << 14));
		strbuf_addch(sb, ')');
	} else if (s->xt && s->kind == BINEQUIV_POLICYDB) {
		for (int half = 0; half < 2; half++) {
			uint32_t idx = (a1 >> ((half ? AA_OTHER_SHIFT : 0) + AA_EXEC_INDEX_SHIFT)) & 0xf;
			const char *n = idx >= 4 ? xname(s->xt, idx - 4) : NULL;
			if (n)
				strbuf_addf(sb, " (%s x -> %s)", half ? "other" : "owner", n);
		}
	}
}

static const struct binread_xtable *pdb_xtable(enum binequiv_dfa_kind kind,
					       const struct binread_pdb *pdb,
					       const struct binread_xtable *given)
{
	if (given)
		return given;
	if (kind != BINEQUIV_XMATCH && pdb && pdb->xtable.present)
		return &pdb->xtable;
	return NULL;
}

static void make_side(struct side *s, enum binequiv_dfa_kind kind, const struct binread_pdb *pdb,
		      const struct binread_xtable *xt)
{
	s->kind = kind;
	s->pdb = pdb;
	s->xt = pdb_xtable(kind, s->pdb, xt);
	s->dfa = &s->pdb->dfa;
	s->start = binread_pdb_start(s->pdb, kind == BINEQUIV_FILE);
}

char *binequiv_format_state(enum binequiv_dfa_kind kind, const struct binread_pdb *pdb,
			    const struct binread_xtable *xtable, uint32_t state)
{
	struct side s;
	make_side(&s, kind, pdb, xtable);
	struct strbuf sb = STRBUF_INIT;
	format_state(&sb, &s, state);
	return strbuf_detach(&sb, NULL);
}

/* ---- the product walk ---- */

struct pairset {
	uint64_t *keys;      /* UINT64_MAX = empty */
	size_t cap, n;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static void pairset_grow(struct pairset *ps)
{
	size_t ncap = ps->cap ? ps->cap * 2 : 1024;
	uint64_t *nk = xmalloc(ncap * sizeof(uint64_t));
	memset(nk, 0xff, ncap * sizeof(uint64_t));
	for (size_t i = 0; i < ps->cap; i++) {
		uint64_t k = ps->keys[i];
		if (k == UINT64_MAX)
			continue;
		size_t h = mix(k) & (ncap - 1);
		while (nk[h] != UINT64_MAX)
			h = (h + 1) & (ncap - 1);
		nk[h] = k;
	}
	free(ps->keys);
	ps->keys = nk;
	ps->cap = ncap;
}

/* true if newly inserted */
static bool pairset_add(struct pairset *ps, uint64_t k)
{
	if ((ps->n + 1) * 2 > ps->cap)
		pairset_grow(ps);
	size_t h = mix(k) & (ps->cap - 1);
	while (ps->keys[h] != UINT64_MAX) {
		if (ps->keys[h] == k)
			return false;
		h = (h + 1) & (ps->cap - 1);
	}
	ps->keys[h] = k;
	ps->n++;
	return true;
}

struct qent {
	uint32_t a, b;
	uint32_t parent;
	uint16_t sym;
};

static void path_from_queue(const struct qent *q, uint32_t i, struct binequiv_input *in)
{
	size_t n = 0;
	for (uint32_t j = i; j != 0; j = q[j].parent)
		n++;
	in->sym = xmalloc((n ? n : 1) * sizeof(uint16_t));
	in->len = n;
	for (uint32_t j = i; j != 0; j = q[j].parent)
		in->sym[--n] = q[j].sym;
}

static void diff_set(struct binequiv_diff *d, const char *profile, const char *what,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void diff_set(struct binequiv_diff *d, const char *profile, const char *what,
		     const char *fmt, ...)
{
	memset(d, 0, sizeof(*d));
	d->profile = profile ? xstrdup(profile) : NULL;
	d->what = xstrdup(what);
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	d->message = strbuf_detach(&sb, NULL);
}

void binequiv_diff_release(struct binequiv_diff *d)
{
	free(d->profile);
	free(d->what);
	free(d->message);
	free(d->input.sym);
	memset(d, 0, sizeof(*d));
}

int binequiv_compare_pdb(enum binequiv_dfa_kind kind,
			 const struct binread_pdb *pa, const struct binread_xtable *xa,
			 const struct binread_pdb *pb, const struct binread_xtable *xb,
			 const struct binequiv_opts *opts, struct binequiv_diff *diff,
			 size_t *pairs_visited)
{
	struct side A, B;
	make_side(&A, kind, pa, xa);
	make_side(&B, kind, pb, xb);
	const char *what = binequiv_dfa_kind_name(kind);
	memset(diff, 0, sizeof(*diff));
	bool ta = A.dfa->tables != NULL, tb = B.dfa->tables != NULL;
	if (ta && tb && A.pdb->has_perms != B.pdb->has_perms) {
		diff_set(diff, NULL, what,
			 "%s: permission encodings differ (A: %s, B: %s); the DFAs are not compared",
			 what, A.pdb->has_perms ? "perms table" : "packed accept words",
			 B.pdb->has_perms ? "perms table" : "packed accept words");
		return 1;
	}
	size_t max_pairs = opts && opts->max_pairs ? opts->max_pairs : DEFAULT_MAX_PAIRS;
	if (max_pairs > UINT32_MAX - 1)
		max_pairs = UINT32_MAX - 1;
	struct pairset ps = { NULL, 0, 0 };
	size_t qcap = 1024, qlen = 0;
	struct qent *q = xmalloc(qcap * sizeof(*q));
	q[qlen++] = (struct qent){ A.start, B.start, 0, 0 };
	pairset_add(&ps, ((uint64_t)A.start << 32) | B.start);
	int ret = 0;
	for (size_t head = 0; head < qlen; head++) {
		struct qent cur = q[head];
		struct tuple t1, t2;
		state_tuple(&A, cur.a, &t1);
		state_tuple(&B, cur.b, &t2);
		if (!tuple_eq(&t1, &t2)) {
			struct binequiv_input in;
			path_from_queue(q, (uint32_t)head, &in);
			char *s = binequiv_format_input(&in);
			struct strbuf sa = STRBUF_INIT, sbb = STRBUF_INIT;
			format_state(&sa, &A, cur.a);
			format_state(&sbb, &B, cur.b);
			diff_set(diff, NULL, what, "%s: permissions differ after %s (%zu symbol%s)\n  A: %s\n  B: %s",
				 what, s, in.len, in.len == 1 ? "" : "s", strbuf_str(&sa), strbuf_str(&sbb));
			diff->has_input = true;
			diff->input = in;
			free(s);
			strbuf_release(&sa);
			strbuf_release(&sbb);
			ret = 1;
			break;
		}
		bool oob = (A.dfa->oob && cur.a < binread_dfa_nstates(A.dfa) && A.dfa->oob[cur.a]) ||
			   (B.dfa->oob && cur.b < binread_dfa_nstates(B.dfa) && B.dfa->oob[cur.b]);
		unsigned nsyms = oob ? NSYMS : 256;
		for (unsigned c = 0; c < nsyms; c++) {
			uint32_t na = binread_dfa_step(A.dfa, cur.a, c);
			uint32_t nb = binread_dfa_step(B.dfa, cur.b, c);
			if (!pairset_add(&ps, ((uint64_t)na << 32) | nb))
				continue;
			if (qlen >= max_pairs) {
				diff_set(diff, NULL, what, "%s: product automaton exceeds %zu state pairs",
					 what, max_pairs);
				ret = -E2BIG;
				goto out;
			}
			if (qlen == qcap) {
				qcap *= 2;
				q = xreallocarray(q, qcap, sizeof(*q));
			}
			q[qlen++] = (struct qent){ na, nb, (uint32_t)head, (uint16_t)c };
		}
	}
out:
	if (pairs_visited)
		*pairs_visited += qlen;
	free(q);
	free(ps.keys);
	return ret;
}

/* ---- single-DFA shortest paths ---- */

int binequiv_shortest_paths(const struct binread_dfa *dfa, uint32_t start,
			    struct binequiv_paths *out)
{
	memset(out, 0, sizeof(*out));
	uint32_t n = binread_dfa_nstates(dfa);
	if (n == 0 || start >= n)
		return -EINVAL;
	out->nstates = n;
	out->parent = xmalloc((size_t)n * sizeof(uint32_t));
	out->depth = xmalloc((size_t)n * sizeof(uint32_t));
	out->sym = xcalloc(n, sizeof(uint16_t));
	for (uint32_t i = 0; i < n; i++)
		out->depth[i] = UINT32_MAX;
	uint32_t *queue = xmalloc((size_t)n * sizeof(uint32_t));
	size_t qlen = 0;
	queue[qlen++] = start;
	out->depth[start] = 0;
	out->parent[start] = start;
	for (size_t head = 0; head < qlen; head++) {
		uint32_t s = queue[head];
		unsigned nsyms = dfa->oob && dfa->oob[s] ? NSYMS : 256;
		for (unsigned c = 0; c < nsyms; c++) {
			uint32_t t = binread_dfa_step(dfa, s, c);
			if (out->depth[t] != UINT32_MAX)
				continue;
			out->depth[t] = out->depth[s] + 1;
			out->parent[t] = s;
			out->sym[t] = (uint16_t)c;
			queue[qlen++] = t;
		}
	}
	free(queue);
	return 0;
}

void binequiv_path_to(const struct binequiv_paths *p, uint32_t state, struct binequiv_input *in)
{
	in->sym = NULL;
	in->len = 0;
	if (state >= p->nstates || p->depth[state] == UINT32_MAX)
		return;
	size_t n = p->depth[state];
	in->sym = xmalloc((n ? n : 1) * sizeof(uint16_t));
	in->len = n;
	for (uint32_t s = state; n > 0; s = p->parent[s])
		in->sym[--n] = p->sym[s];
}

void binequiv_paths_free(struct binequiv_paths *p)
{
	free(p->parent);
	free(p->depth);
	free(p->sym);
	memset(p, 0, sizeof(*p));
}

/* ---- whole buffers ---- */

struct collector {
	struct binequiv_result *r;
	size_t cap;
};

static struct binequiv_diff *new_diff(struct collector *c)
{
	if (c->r->ndiffs == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->r->diffs = xreallocarray(c->r->diffs, c->cap, sizeof(*c->r->diffs));
	}
	struct binequiv_diff *d = &c->r->diffs[c->r->ndiffs++];
	memset(d, 0, sizeof(*d));
	return d;
}

#define ADD_DIFF(col, key, what, ...) diff_set(new_diff(col), key, what, __VA_ARGS__)

static uint32_t effective_mode(const struct binread_profile *p)
{
	return (p->version & FORCE_COMPLAIN) ? 1 : p->mode;
}

static uint32_t effective_path_flags(const struct binread_profile *p)
{
	return p->has_path_flags ? p->path_flags : PATH_MEDIATE_DELETED;
}

static const char *nz(const char *s)
{
	return s ? s : "(none)";
}

static void compare_strings(struct collector *col, const char *key, const char *what,
			    const char *a, const char *b)
{
	if (!str_eq(a, b))
		ADD_DIFF(col, key, what, "%s differs: A \"%s\", B \"%s\"", what, nz(a), nz(b));
}

static void compare_caps(struct collector *col, const char *key, const char *what, uint64_t a,
			 uint64_t b)
{
	if (a == b)
		return;
	struct strbuf sb = STRBUF_INIT;
	uint64_t only_a = a & ~b, only_b = b & ~a;
	strbuf_addf(&sb, "%s differ: A 0x%016llx, B 0x%016llx", what, (unsigned long long)a,
		    (unsigned long long)b);
	if (only_a) {
		strbuf_addstr(&sb, "; only in A: capability");
		for (int i = 0; i < 64; i++)
			if (only_a >> i & 1)
				strbuf_addf(&sb, " %d", i);
	}
	if (only_b) {
		strbuf_addstr(&sb, "; only in B: capability");
		for (int i = 0; i < 64; i++)
			if (only_b >> i & 1)
				strbuf_addf(&sb, " %d", i);
	}
	ADD_DIFF(col, key, what, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

static int compare_dfa(struct collector *col, const char *key, enum binequiv_dfa_kind kind,
		       const struct binread_pdb *a, const struct binread_xtable *xa,
		       const struct binread_pdb *b, const struct binread_xtable *xb,
		       const struct binequiv_opts *opts)
{
	struct binequiv_diff d;
	int r = binequiv_compare_pdb(kind, a, xa, b, xb, opts, &d, &col->r->pairs_visited);
	if (r == 0)
		return 0;
	if (r < 0) {
		snprintf(col->r->error, sizeof(col->r->error), "profile %s: %s", key, d.message);
		binequiv_diff_release(&d);
		return r;
	}
	d.profile = xstrdup(key);
	*new_diff(col) = d;
	return 0;
}

static int compare_profile(struct collector *col, const char *key, const struct binread_profile *a,
			   const struct binread_profile *b, const struct binequiv_opts *opts)
{
	if ((a->version & 0x3ff) != (b->version & 0x3ff))
		ADD_DIFF(col, key, "version", "kernel ABI version differs: A v%u, B v%u",
			 a->version & 0x3ff, b->version & 0x3ff);
	if ((a->flags & 7) != (b->flags & 7))
		ADD_DIFF(col, key, "flags",
			 "profile flags differ: A 0x%x, B 0x%x (bit 0 hat, 1 debug1, 2 debug2)",
			 a->flags & 7, b->flags & 7);
	if (effective_mode(a) != effective_mode(b))
		ADD_DIFF(col, key, "mode", "mode differs: A %s, B %s", binread_mode_name(effective_mode(a)),
			 binread_mode_name(effective_mode(b)));
	if (!a->audit != !b->audit)
		ADD_DIFF(col, key, "audit", "audit flag differs: A %s, B %s", a->audit ? "on" : "off",
			 b->audit ? "on" : "off");
	if (effective_path_flags(a) != effective_path_flags(b))
		ADD_DIFF(col, key, "path_flags", "path flags differ: A 0x%x%s, B 0x%x%s",
			 effective_path_flags(a), a->has_path_flags ? "" : " (absent: default)",
			 effective_path_flags(b), b->has_path_flags ? "" : " (absent: default)");
	compare_strings(col, key, "disconnected path", a->disconnected, b->disconnected);
	compare_strings(col, key, "disconnected ipc path", a->disconnected_ipc, b->disconnected_ipc);
	compare_strings(col, key, "attach string", a->attach, b->attach);
	compare_strings(col, key, "rename", a->rename, b->rename);
	if (a->has_kill != b->has_kill || (a->has_kill && a->kill != b->kill))
		ADD_DIFF(col, key, "kill", "kill signal differs: A %s%u, B %s%u",
			 a->has_kill ? "" : "absent ", a->kill, b->has_kill ? "" : "absent ", b->kill);
	if (a->has_error != b->has_error || (a->has_error && a->error != b->error))
		ADD_DIFF(col, key, "error", "error code differs: A %s%u, B %s%u",
			 a->has_error ? "" : "absent ", a->error, b->has_error ? "" : "absent ", b->error);
	compare_caps(col, key, "allowed capabilities", a->caps_allow, b->caps_allow);
	compare_caps(col, key, "audited capabilities", a->caps_audit, b->caps_audit);
	compare_caps(col, key, "quiet capabilities", a->caps_quiet, b->caps_quiet);
	compare_caps(col, key, "extended capability mask", a->has_capsx ? a->capsx : 0,
		     b->has_capsx ? b->capsx : 0);
	uint32_t ma = a->has_rlimits ? a->rlimit_mask : 0, mb = b->has_rlimits ? b->rlimit_mask : 0;
	if (ma != mb) {
		ADD_DIFF(col, key, "rlimits", "rlimit mask differs: A 0x%x, B 0x%x", ma, mb);
	} else {
		for (uint32_t i = 0; i < BINREAD_RLIMITS_MAX; i++) {
			if (!(ma >> i & 1))
				continue;
			uint64_t va = i < a->nrlimits ? a->rlimits[i] : 0;
			uint64_t vb = i < b->nrlimits ? b->rlimits[i] : 0;
			if (va != vb)
				ADD_DIFF(col, key, "rlimits", "rlimit %u differs: A %llu, B %llu", i,
					 (unsigned long long)va, (unsigned long long)vb);
		}
	}
	uint32_t xna = a->has_xattrs ? a->nxattrs : 0, xnb = b->has_xattrs ? b->nxattrs : 0;
	bool xeq = xna == xnb;
	for (uint32_t i = 0; xeq && i < xna; i++)
		xeq = str_eq(a->xattrs[i], b->xattrs[i]);
	if (!xeq) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "xattrs differ: A [");
		for (uint32_t i = 0; i < xna; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", a->xattrs[i]);
		strbuf_addstr(&sb, "], B [");
		for (uint32_t i = 0; i < xnb; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", b->xattrs[i]);
		strbuf_addch(&sb, ']');
		ADD_DIFF(col, key, "xattrs", "%s", strbuf_str(&sb));
		strbuf_release(&sb);
	}
	bool sec_eq = a->nsecmark == b->nsecmark;
	for (uint32_t i = 0; sec_eq && i < a->nsecmark; i++)
		sec_eq = a->secmark[i].audit == b->secmark[i].audit &&
			 a->secmark[i].deny == b->secmark[i].deny &&
			 str_eq(a->secmark[i].label, b->secmark[i].label);
	if (!sec_eq)
		ADD_DIFF(col, key, "secmark", "secmark rules differ (A %u, B %u entries)", a->nsecmark,
			 b->nsecmark);
	/* old-style network masks: families beyond the shorter array count as 0 */
	uint32_t nmax = a->nnet_af > b->nnet_af ? a->nnet_af : b->nnet_af;
	for (uint32_t i = 0; i < nmax; i++) {
		for (int k = 0; k < 3; k++) {
			unsigned va = i < a->nnet_af ? a->net_af[i][k] : 0;
			unsigned vb = i < b->nnet_af ? b->net_af[i][k] : 0;
			if (va != vb) {
				static const char *const what[] = { "allow", "audit", "quiet" };
				ADD_DIFF(col, key, "net_allowed_af",
					 "network %s mask of address family %u differs: A 0x%x, B 0x%x",
					 what[k], i, va, vb);
			}
		}
	}
	/* data: a key/value store, order-insensitive */
	bool data_eq = a->ndata == b->ndata;
	for (uint32_t i = 0; data_eq && i < a->ndata; i++) {
		bool found = false;
		for (uint32_t j = 0; !found && j < b->ndata; j++)
			found = strcmp(a->data[i].key, b->data[j].key) == 0 &&
				a->data[i].len == b->data[j].len &&
				memcmp(a->data[i].value, b->data[j].value, a->data[i].len) == 0;
		data_eq = found;
	}
	if (!data_eq)
		ADD_DIFF(col, key, "data", "data entries differ (A %u, B %u entries)", a->ndata, b->ndata);

	/* attachment */
	bool xa = a->xmatch.dfa.tables != NULL, xb = b->xmatch.dfa.tables != NULL;
	if (xa != xb) {
		ADD_DIFF(col, key, "xmatch DFA",
			 "xmatch DFA present in %s only (the other attaches by exact name)", xa ? "A" : "B");
	} else if (xa) {
		if (a->xmatch_len != b->xmatch_len)
			ADD_DIFF(col, key, "xmatch_len", "xmatch_len differs: A %u, B %u", a->xmatch_len,
				 b->xmatch_len);
		int r = compare_dfa(col, key, BINEQUIV_XMATCH, &a->xmatch, NULL, &b->xmatch, NULL, opts);
		if (r < 0)
			return r;
	}
	int r = compare_dfa(col, key, BINEQUIV_POLICYDB, &a->policydb, NULL, &b->policydb, NULL, opts);
	if (r < 0)
		return r;
	return compare_dfa(col, key, BINEQUIV_FILE, &a->file, &a->file.xtable, &b->file,
			   &b->file.xtable, opts);
}

struct keyed {
	char *key;
	const struct binread_profile *p;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->p->offset < b->p->offset ? -1 : a->p->offset > b->p->offset;
}

static struct keyed *sorted_keys(const struct binread_policy *pol)
{
	struct keyed *k = xcalloc(pol->nprofiles ? pol->nprofiles : 1, sizeof(*k));
	for (size_t i = 0; i < pol->nprofiles; i++) {
		k[i].key = binread_profile_key(&pol->profiles[i]);
		k[i].p = &pol->profiles[i];
	}
	qsort(k, pol->nprofiles, sizeof(*k), keyed_cmp);
	return k;
}

int binequiv_compare(const struct binread_policy *a, const struct binread_policy *b,
		     const struct binequiv_opts *opts, struct binequiv_result *result)
{
	memset(result, 0, sizeof(*result));
	struct collector col = { result, 0 };
	struct keyed *ka = sorted_keys(a), *kb = sorted_keys(b);
	size_t i = 0, j = 0;
	int ret = 0;
	while (ret == 0 && (i < a->nprofiles || j < b->nprofiles)) {
		int c = i >= a->nprofiles ? 1 : j >= b->nprofiles ? -1 : strcmp(ka[i].key, kb[j].key);
		if (c < 0) {
			ADD_DIFF(&col, ka[i].key, "profiles", "profile only in A");
			i++;
		} else if (c > 0) {
			ADD_DIFF(&col, kb[j].key, "profiles", "profile only in B");
			j++;
		} else {
			ret = compare_profile(&col, ka[i].key, ka[i].p, kb[j].p, opts);
			i++;
			j++;
		}
	}
	for (size_t k = 0; k < a->nprofiles; k++)
		free(ka[k].key);
	for (size_t k = 0; k < b->nprofiles; k++)
		free(kb[k].key);
	free(ka);
	free(kb);
	return ret;
}

void binequiv_result_free(struct binequiv_result *r)
{
	for (size_t i = 0; i < r->ndiffs; i++)
		binequiv_diff_release(&r->diffs[i]);
	free(r->diffs);
	memset(r, 0, sizeof(*r));
}
