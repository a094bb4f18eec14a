/*
 * Property tests for src/automata against an independent reference.
 *
 * The reference is deliberately simple and shares no code with the library:
 * it tokenizes each AppArmor glob itself, expands {a,b} alternations, and
 * matches with plain backtracking; it merges permissions with its own
 * restatement of binary-policy-format.md §4.3. For thousands of random rule
 * sets and random strings (biased toward '/', NUL and pattern characters,
 * and toward strings generated from the rules themselves) the unminimized
 * DFA, the minimal DFA, the packed tables (with and without EC) and the
 * tables parsed back from the serialized blob must all give the reference's
 * answer. The minimal DFA's size is also checked against a naive Moore
 * refinement. Seeds are printed; rerun one with AUT_PROP_SEED=<n>
 * (AUT_PROP_ITERS=<n> changes the number of rule sets).
 */
#include "automata/automata.h"
#include "support/strbuf.h"
#include "test.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small PRNG (xorshift64*) so runs are reproducible everywhere ---- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t rndn(uint32_t n)
{
	return rnd() % n;
}

/* ---- reference tokens ---- */

enum tok_kind { T_LIT, T_STAR, T_DSTAR, T_ANY1, T_CLASS };

struct tok {
	enum tok_kind kind;
	bool min1;              /* the wildcard run fills a whole path component */
	unsigned char c;
	bool neg;
	uint8_t set[32];
};

#define MAXTOK 40
#define MAXALT 16

struct seq {
	struct tok t[MAXTOK];
	int n;
};

struct seqlist {
	struct seq s[MAXALT];
	int n;
	bool overflow;
};

static void ref_filter(const char *in, char *out)
{
	size_t i = 0, o = 0, n = strlen(in);
	bool seen = false;
	if (n < 2) {
		strcpy(out, in);
		return;
	}
	if (in[0] == '/' && in[1] == '/' && in[2] != '/') {
		out[o++] = '/';
		out[o++] = '/';
		i = 2;
	}
	for (; i < n; i++) {
		if (in[i] == '/') {
			if (seen)
				continue;
			seen = true;
		} else {
			seen = false;
		}
		out[o++] = in[i];
	}
	out[o] = 0;
}

static void seqs_append_tok(struct seqlist *l, const struct tok *t)
{
	for (int i = 0; i < l->n; i++) {
		if (l->s[i].n >= MAXTOK) {
			l->overflow = true;
			continue;
		}
		l->s[i].t[l->s[i].n++] = *t;
	}
}

static void seqs_cross(struct seqlist *l, const struct seqlist *alts)
{
	struct seqlist *out = calloc(1, sizeof(*out));
	for (int i = 0; i < l->n; i++)
		for (int j = 0; j < alts->n; j++) {
			if (out->n >= MAXALT) {
				out->overflow = true;
				continue;
			}
			struct seq *s = &out->s[out->n++];
			*s = l->s[i];
			for (int k = 0; k < alts->s[j].n; k++) {
				if (s->n >= MAXTOK) {
					out->overflow = true;
					break;
				}
				s->t[s->n++] = alts->s[j].t[k];
			}
		}
	out->overflow |= l->overflow || alts->overflow;
	*l = *out;
	free(out);
}

/*
 * Parse p[*i..] up to an unmatched ',' or '}' (depth > 0) or the end.
 * prev_slash: the character before the current position is a literal '/'
 * written as such (that is what upstream's converter looks at).
 */
static void ref_parse(const char *p, size_t *i, int depth, struct seqlist *out)
{
	out->n = 1;
	out->s[0].n = 0;
	out->overflow = false;
	bool prev_slash = false;
	size_t n = strlen(p);
	while (*i < n) {
		char c = p[*i];
		struct tok t;
		memset(&t, 0, sizeof(t));
		if (depth && (c == ',' || c == '}'))
			return;
		if (c == '\\') {
			char e = p[*i + 1];
			if (e == 'x') {
				/* the tests only use \x with two hex digits */
				char h[3] = { p[*i + 2], p[*i + 3], 0 };
				t.kind = T_LIT;
				t.c = (unsigned char)strtol(h, NULL, 16);
				*i += 4;
				prev_slash = false;
			} else {
				t.kind = T_LIT;
				t.c = (unsigned char)e;
				*i += 2;
				prev_slash = e == '/';
			}
			seqs_append_tok(out, &t);
			continue;
		}
		if (c == '*') {
			size_t j = *i;
			while (j < n && p[j] == '*')
				j++;
			bool min1 = prev_slash && (j == n || p[j] == '/');
			if (j - *i >= 2) {
				t.kind = T_DSTAR;
				t.min1 = min1;
				seqs_append_tok(out, &t);
				/* "***" is "**" then "*": same language as "**" */
				*i = j;
			} else {
				t.kind = T_STAR;
				t.min1 = min1;
				seqs_append_tok(out, &t);
				*i = j;
			}
			prev_slash = false;
			continue;
		}
		if (c == '?') {
			t.kind = T_ANY1;
			seqs_append_tok(out, &t);
			(*i)++;
			prev_slash = false;
			continue;
		}
		if (c == '[') {
			(*i)++;
			t.kind = T_CLASS;
			if (p[*i] == '^') {
				t.neg = true;
				(*i)++;
			}
			while (p[*i] != ']') {
				unsigned char lo = (unsigned char)p[*i], hi = lo;
				if (p[*i + 1] == '-' && p[*i + 2] != ']') {
					hi = (unsigned char)p[*i + 2];
					*i += 2;
				}
				for (unsigned x = lo; x <= hi; x++)
					t.set[x >> 3] |= (uint8_t)(1u << (x & 7));
				(*i)++;
			}
			(*i)++;
			seqs_append_tok(out, &t);
			prev_slash = false;
			continue;
		}
		if (c == '{') {
			(*i)++;
			struct seqlist *alts = calloc(1, sizeof(*alts));
			struct seqlist *one = calloc(1, sizeof(*one));
			alts->n = 0;
			for (;;) {
				ref_parse(p, i, depth + 1, one);
				for (int k = 0; k < one->n; k++) {
					if (alts->n >= MAXALT) {
						alts->overflow = true;
						break;
					}
					alts->s[alts->n++] = one->s[k];
				}
				alts->overflow |= one->overflow;
				if (p[*i] == ',') {
					(*i)++;
					continue;
				}
				(*i)++;   /* '}' */
				break;
			}
			seqs_cross(out, alts);
			free(alts);
			free(one);
			prev_slash = false;
			continue;
		}
		t.kind = T_LIT;
		t.c = (unsigned char)c;
		seqs_append_tok(out, &t);
		(*i)++;
		prev_slash = c == '/';
	}
}

static bool tok_one(const struct tok *t, unsigned char c)
{
	switch (t->kind) {
	case T_LIT:
		return c == t->c;
	case T_ANY1:
		return c != '/' && c != 0;
	case T_CLASS:
		return t->neg != ((t->set[c >> 3] >> (c & 7)) & 1);
	default:
		return false;
	}
}

static bool ref_match_seq(const struct tok *t, int nt, const unsigned char *s, size_t n)
{
	if (nt == 0)
		return n == 0;
	if (t->kind == T_STAR || t->kind == T_DSTAR) {
		size_t k = 0;
		for (;;) {
			if ((!t->min1 || k >= 1) && ref_match_seq(t + 1, nt - 1, s + k, n - k))
				return true;
			if (k >= n || s[k] == 0 || (t->kind == T_STAR && s[k] == '/'))
				return false;
			/* the one required character of a whole-component run is never '/' */
			if (t->min1 && k == 0 && s[k] == '/')
				return false;
			k++;
		}
	}
	if (n == 0 || !tok_one(t, s[0]))
		return false;
	return ref_match_seq(t + 1, nt - 1, s + 1, n - 1);
}

/* ---- random rules ---- */

struct rrule {
	char comp[2][80];
	int ncomp;
	bool deny;
	uint32_t perms, audit;
	bool exact;
	struct seqlist *seqs;    /* reference form of the joined components */
};

static const char *pieces[] = {
	"/", "/", "/", "a", "b", "a", "*", "**", "?", "[ab]", "[^a]", "{a,b}",
	"{/a,b*}", "{*,/}", "\\*", "\\x61", ".", "//", "c", "[a-c]", "{a,{b,/c}}",
};

static void gen_glob(char *out, size_t cap, bool allow_neg)
{
	size_t n = 0;
	out[0] = 0;
	int k = 1 + (int)rndn(6);
	if (rndn(4))
		out[n++] = '/', out[n] = 0;
	for (int i = 0; i < k; i++) {
		const char *pc;
		do
			pc = pieces[rndn(sizeof(pieces) / sizeof(pieces[0]))];
		while (!allow_neg && strchr(pc, '^'));
		if (n + strlen(pc) + 1 >= cap)
			break;
		strcpy(out + n, pc);
		n += strlen(pc);
	}
}

static bool glob_is_exact(const char *g)
{
	/* no wildcard or class outside an escape */
	for (size_t i = 0; g[i]; i++) {
		if (g[i] == '\\') {
			i++;
			if (g[i] == 'x')
				i += 2;
			continue;
		}
		if (g[i] == '*' || g[i] == '?' || g[i] == '[')
			return false;
	}
	return true;
}

#define T_WILD (AA_MAY_EXEC | AA_EXEC_INHERIT)
#define T_EXACT (AA_MAY_EXEC | AA_EXEC_UNSAFE | (2u << AA_EXEC_INDEX_SHIFT))

static void gen_rule(struct rrule *r)
{
	memset(r, 0, sizeof(*r));
	r->ncomp = rndn(5) == 0 ? 2 : 1;
	for (int c = 0; c < r->ncomp; c++)
		gen_glob(r->comp[c], sizeof(r->comp[c]), true);
	r->exact = true;
	for (int c = 0; c < r->ncomp; c++)
		r->exact &= glob_is_exact(r->comp[c]);
	r->deny = rndn(5) == 0;
	static const uint32_t bits[] = { 0x2, 0x4, 0x8, 0x10, 0x20, 0x40 };
	uint32_t half = 0;
	for (int i = 0; i < 6; i++)
		if (rndn(3) == 0)
			half |= bits[i];
	if (rndn(3) == 0)
		half |= r->deny ? AA_MAY_EXEC : (r->exact ? T_EXACT : T_WILD);
	if (!half)
		half = 0x4;
	int owner = (int)rndn(4);
	r->perms = owner == 0 ? half : owner == 1 ? half << AA_OTHER_SHIFT : half | half << AA_OTHER_SHIFT;
	if (rndn(6) == 0)
		r->perms |= AA_CHANGE_PROFILE;
	r->audit = rndn(3) == 0 ? r->perms & rnd() : 0;
	if (r->deny && rndn(2))
		r->audit = r->perms;    /* plain deny: quiet */
}

static void rule_ref_seqs(struct rrule *r)
{
	r->seqs = calloc(1, sizeof(*r->seqs));
	r->seqs->n = 1;
	for (int c = 0; c < r->ncomp; c++) {
		char f[100];
		ref_filter(r->comp[c], f);
		struct seqlist *one = calloc(1, sizeof(*one));
		size_t i = 0;
		ref_parse(f, &i, 0, one);
		if (c == 0) {
			*r->seqs = *one;
		} else {
			struct tok nul;
			memset(&nul, 0, sizeof(nul));
			nul.kind = T_LIT;
			nul.c = 0;
			seqs_append_tok(r->seqs, &nul);
			seqs_cross(r->seqs, one);
		}
		free(one);
	}
}

static bool ref_rule_matches(const struct rrule *r, const unsigned char *s, size_t n)
{
	for (int i = 0; i < r->seqs->n; i++)
		if (ref_match_seq(r->seqs->s[i].t, r->seqs->s[i].n, s, n))
			return true;
	return false;
}

/* the reference merge, restated from §4.3 */
static struct aut_perms ref_perms(struct rrule *rules, int nr, const unsigned char *s, size_t n)
{
	uint32_t allow = 0, audit = 0, deny = 0, quiet = 0, xallow = 0, xaudit = 0;
	for (int i = 0; i < nr; i++) {
		if (!ref_rule_matches(&rules[i], s, n))
			continue;
		if (rules[i].deny) {
			deny |= rules[i].perms;
			quiet |= rules[i].audit;
		} else if (rules[i].exact) {
			xallow |= rules[i].perms;
			xaudit |= rules[i].audit;
		} else {
			allow |= rules[i].perms;
			audit |= rules[i].audit;
		}
	}
	const uint32_t ut = AA_EXEC_TYPE, ot = AA_EXEC_TYPE << AA_OTHER_SHIFT;
	allow |= xallow & ~(ut | ot);
	if (xallow & ut)
		allow = (allow & ~ut) | (xallow & ut);
	if (xallow & ot)
		allow = (allow & ~ot) | (xallow & ot);
	audit |= xaudit & ~(ut | ot);
	if (deny & AA_MAY_EXEC)
		deny |= ut;
	if (deny & (AA_MAY_EXEC << AA_OTHER_SHIFT))
		deny |= ot;
	struct aut_perms p = { allow & ~deny, 0, audit & AA_AUDIT_PACK_MASK,
			       quiet & deny & AA_AUDIT_PACK_MASK };
	return p;
}

/* ---- strings ---- */

static size_t gen_string_from_seq(const struct seq *q, unsigned char *out, size_t cap)
{
	size_t n = 0;
	static const unsigned char fill[] = "ab/c*.";
	for (int i = 0; i < q->n && n + 4 < cap; i++) {
		const struct tok *t = &q->t[i];
		switch (t->kind) {
		case T_LIT:
			out[n++] = t->c;
			break;
		case T_ANY1:
			out[n++] = "abc*."[rndn(5)];
			break;
		case T_CLASS: {
			int tries = 0;
			unsigned char c;
			do
				c = fill[rndn(6)];
			while (!tok_one(t, c) && ++tries < 10);
			out[n++] = c;
			break;
		}
		case T_STAR:
		case T_DSTAR: {
			int k = (int)rndn(3) + (t->min1 ? 1 : 0);
			for (int j = 0; j < k; j++)
				out[n++] = t->kind == T_DSTAR ? fill[rndn(6)] : "abc*."[rndn(5)];
			break;
		}
		}
	}
	return n;
}

static size_t gen_string(struct rrule *rules, int nr, unsigned char *out, size_t cap)
{
	size_t n;
	if (nr && rndn(3)) {
		struct rrule *r = &rules[rndn((uint32_t)nr)];
		n = gen_string_from_seq(&r->seqs->s[rndn((uint32_t)r->seqs->n)], out, cap);
		/* mutate a little */
		int muts = (int)rndn(3);
		for (int m = 0; m < muts && n > 0; m++) {
			size_t at = rndn((uint32_t)n);
			switch (rndn(3)) {
			case 0: out[at] = "/a\0*b"[rndn(5)]; break;
			case 1: if (n + 1 < cap) { memmove(out + at + 1, out + at, n - at); out[at] = '/'; n++; } break;
			default: memmove(out + at, out + at + 1, n - at - 1); n--; break;
			}
		}
		return n;
	}
	n = rndn(10);
	for (size_t i = 0; i < n; i++)
		out[i] = "//\0ab*c.x"[rndn(9)];
	return n;
}

/* ---- naive minimality check ---- */

static uint32_t naive_min_states(const struct aut_dfa *d)
{
	uint32_t n = d->nstates, k = d->nclasses;
	uint8_t *reach = calloc(n, 1);
	uint32_t *q = malloc(n * sizeof(uint32_t)), qh = 0, qt = 0;
	reach[0] = 1;
	q[qt++] = 0;
	reach[1] = 1;
	q[qt++] = 1;
	while (qh < qt) {
		uint32_t s = q[qh++];
		for (uint32_t c = 0; c < k; c++) {
			uint32_t t = d->next[s * k + c];
			if (!reach[t]) {
				reach[t] = 1;
				q[qt++] = t;
			}
		}
	}
	uint32_t *cls = calloc(n, sizeof(uint32_t)), *ncls = calloc(n, sizeof(uint32_t));
	/* initial: by perms */
	uint32_t nc = 0, prev = 0;
	for (uint32_t s = 0; s < n; s++) {
		if (!reach[s])
			continue;
		uint32_t j;
		for (j = 0; j < s; j++)
			if (reach[j] && !memcmp(&d->perms[j], &d->perms[s], sizeof(struct aut_perms)))
				break;
		cls[s] = j < s ? cls[j] : nc++;
	}
	for (;;) {
		uint32_t nn = 0;
		for (uint32_t s = 0; s < n; s++) {
			if (!reach[s])
				continue;
			uint32_t j;
			for (j = 0; j < s; j++) {
				if (!reach[j] || cls[j] != cls[s])
					continue;
				uint32_t c;
				for (c = 0; c < k; c++)
					if (cls[d->next[j * k + c]] != cls[d->next[s * k + c]])
						break;
				if (c == k)
					break;
			}
			ncls[s] = j < s ? ncls[j] : nn++;
		}
		memcpy(cls, ncls, n * sizeof(uint32_t));
		if (nn == prev || nn == nc) {
			nc = nn;
			break;
		}
		prev = nc = nn;
	}
	free(reach);
	free(q);
	free(cls);
	free(ncls);
	return nc;
}

static bool perms_eq(struct aut_perms a, struct aut_perms b)
{
	return a.allow == b.allow && a.audit == b.audit && a.quiet == b.quiet;
}

static int failures_shown;

static void report(uint64_t seed, struct rrule *rules, int nr, const unsigned char *s, size_t n,
		   const char *what, struct aut_perms want, uint32_t got1, uint32_t got2)
{
	test_failed_ = 1;
	if (failures_shown++ > 5)
		return;
	printf("# seed %llu: %s disagrees with the reference on \"", (unsigned long long)seed, what);
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 32 && s[i] < 127)
			putchar(s[i]);
		else
			printf("\\x%02x", s[i]);
	printf("\": want allow %#x a2 %#x, got %#x %#x\n#   rules:", want.allow,
	       aut_accept2(&want), got1, got2);
	for (int i = 0; i < nr; i++) {
		printf(" [%s%s", rules[i].deny ? "deny " : "", rules[i].comp[0]);
		if (rules[i].ncomp > 1)
			printf("\\0%s", rules[i].comp[1]);
		printf(" %#x/%#x]", rules[i].perms, rules[i].audit);
	}
	printf("\n");
}

static void run_one(uint64_t seed, long *checked)
{
	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
	int nr = 1 + (int)rndn(6);
	struct rrule rules[8];
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_error err = { 0 };
	for (int i = 0; i < nr; i++) {
		gen_rule(&rules[i]);
		rule_ref_seqs(&rules[i]);
		struct aut_node *parts[2];
		for (int c = 0; c < rules[i].ncomp; c++)
			if (aut_glob(rs, rules[i].comp[c], SIZE_MAX, AUT_GLOB_FILTER_SLASHES,
				     &parts[c], NULL, &err)) {
				printf("# seed %llu: glob '%s' rejected: %s\n",
				       (unsigned long long)seed, rules[i].comp[c], err.msg);
				test_failed_ = 1;
				goto out;
			}
		struct aut_rule r = { rules[i].deny ? AUT_RULE_DENY : AUT_RULE_ALLOW,
				      rules[i].perms, rules[i].audit, 0, NULL, rules[i].comp[0] };
		aut_add_rule_vec(rs, parts, (size_t)rules[i].ncomp, &r, &err);
	}
	bool overflow = false;
	for (int i = 0; i < nr; i++)
		overflow |= rules[i].seqs->overflow;
	if (overflow)
		goto out;

	struct aut_dfa *dfa = NULL, *min = NULL;
	struct aut_tables *t = NULL, *tec = NULL, *tdiff = NULL, *parsed = NULL;
	if (aut_build(rs, NULL, &dfa, &err) || aut_minimize(dfa, &min, &err)) {
		printf("# seed %llu: build failed: %s\n", (unsigned long long)seed, err.msg);
		test_failed_ = 1;
		goto free_all;
	}
	struct aut_pack_opts po = { 0 };
	aut_pack(min, &po, &t, &err);
	po.equiv_classes = true;
	aut_pack(min, &po, &tec, &err);
	/* differential encoding, with or without equivalence classes */
	po.equiv_classes = rndn(2);
	po.diff_encode = true;
	aut_pack(min, &po, &tdiff, &err);
	struct strbuf sb = STRBUF_INIT;
	int which = (int)rndn(3);
	aut_tables_serialize(which == 0 ? t : which == 1 ? tec : tdiff, &sb);
	if (aut_tables_parse(sb.buf, sb.len, &parsed, &err)) {
		printf("# seed %llu: blob does not parse: %s\n", (unsigned long long)seed, err.msg);
		test_failed_ = 1;
	}
	strbuf_release(&sb);

	uint32_t naive = naive_min_states(dfa);
	/* a DFA that accepts nothing still has the dead state and a start state */
	if (naive == 1 && min->nstates == 2 && aut_dfa_upstream_state_count(min) == 1)
		naive = 2;
	if (naive != min->nstates) {
		printf("# seed %llu: minimal DFA has %u states, naive refinement %u\n",
		       (unsigned long long)seed, min->nstates, naive);
		test_failed_ = 1;
	}

	for (int k = 0; k < 100; k++) {
		unsigned char s[64];
		size_t n = gen_string(rules, nr, s, sizeof(s));
		struct aut_perms want = ref_perms(rules, nr, s, n);
		struct aut_perms p1 = aut_dfa_match(dfa, s, n);
		struct aut_perms p2 = aut_dfa_match(min, s, n);
		uint32_t st = aut_tables_walk(t, 1, s, n), se = aut_tables_walk(tec, 1, s, n);
		uint32_t sd = aut_tables_walk(tdiff, 1, s, n);
		(*checked)++;
		if (!perms_eq(p1, want))
			report(seed, rules, nr, s, n, "unminimized DFA", want, p1.allow, aut_accept2(&p1));
		if (!perms_eq(p2, want))
			report(seed, rules, nr, s, n, "minimal DFA", want, p2.allow, aut_accept2(&p2));
		if (t->accept[st] != want.allow || t->accept2[st] != aut_accept2(&want))
			report(seed, rules, nr, s, n, "packed tables", want, t->accept[st], t->accept2[st]);
		if (tec->accept[se] != want.allow || tec->accept2[se] != aut_accept2(&want))
			report(seed, rules, nr, s, n, "packed tables with EC", want, tec->accept[se], tec->accept2[se]);
		if (tdiff->accept[sd] != want.allow || tdiff->accept2[sd] != aut_accept2(&want))
			report(seed, rules, nr, s, n, "diff-encoded tables", want, tdiff->accept[sd], tdiff->accept2[sd]);
		if (parsed) {
			uint32_t sp = aut_tables_walk(parsed, 1, s, n);
			if (parsed->accept[sp] != want.allow || parsed->accept2[sp] != aut_accept2(&want))
				report(seed, rules, nr, s, n, "parsed blob", want, parsed->accept[sp], parsed->accept2[sp]);
		}
	}
free_all:
	aut_dfa_free(dfa);
	aut_dfa_free(min);
	aut_tables_free(t);
	aut_tables_free(tec);
	aut_tables_free(tdiff);
	aut_tables_free(parsed);
out:
	for (int i = 0; i < nr; i++)
		free(rules[i].seqs);
	aut_ruleset_free(rs);
}

static void test_random_rule_sets(void)
{
	const char *e = getenv("AUT_PROP_SEED");
	const char *it = getenv("AUT_PROP_ITERS");
	long iters = it ? atol(it) : 5000;
	long checked = 0;
	if (e) {
		run_one(strtoull(e, NULL, 10), &checked);
		printf("# seed %s: %ld strings checked\n", e, checked);
		return;
	}
	uint64_t base = 1;
	printf("# property test: seeds %llu..%llu (rerun one with AUT_PROP_SEED=<seed>)\n",
	       (unsigned long long)base, (unsigned long long)(base + (uint64_t)iters - 1));
	for (long i = 0; i < iters; i++)
		run_one(base + (uint64_t)i, &checked);
	printf("# %ld rule sets, %ld strings checked\n", iters, checked);
}

int main(void)
{
	RUN(test_random_rule_sets);
	return TEST_DONE();
}
