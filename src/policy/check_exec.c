/*
 * check_exec: exec modes that clash between a profile's rules, and file-rule
 * patterns the glob converter rejects.
 *
 * Upstream compiles a profile's file rules into one DFA and refuses the
 * profile when the rules that match one string give it different exec modes
 * (binary-policy-format.md §4.3: within the exact-match rules, and within the
 * wildcard rules, of one half (owner/other), every x rule must carry the same
 * exec type; an exact rule's type overrides wildcard rules; deny rules only
 * take x away). The decision is the automata library's (automata.h); this
 * file feeds it the exec rules and turns its verdict into diagnostics.
 *
 * Cost: most profiles never build a DFA. A rule can only clash with a rule
 * of the same half and kind (exact or wildcard) and another exec type, and
 * only when their patterns can match a common string. Exact patterns are
 * compared through a hash of their strings (alternations expanded); for the
 * others the literal prefixes and suffixes of both patterns rule most pairs
 * out. The DFA is then built from the rules of the pairs left (plus, when
 * priorities differ, the higher-priority rules that may overlap them), and
 * variables are only expanded for rules that get that far.
 *
 * Exec types follow upstream's encoding of a rule: the letters (ix, px, Pix,
 * cux, ...), 'safe'/'unsafe' setting or clearing the unsafe bit, and a named
 * transition ("-> name") replacing the exec index by the name's slot in the
 * profile's transition table (so different names differ, and 'cx -> name'
 * means the child profile name). change_profile rules with an exec condition
 * take part too (upstream encodes them as exec rules "cond \0 target").
 */
#include "policy/check_exec.h"
#include "policy/perms.h"
#include "policy/xtable.h"
#include "automata/automata.h"
#include "support/strbuf.h"
#include "support/vec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- rules taking part ------------------------------------------------------- */

enum xkind { XK_FILE, XK_CHANGE_PROFILE };

struct pfx {            /* a literal prefix (or reversed suffix) of a pattern */
	const char *s;
	uint32_t len;
	bool open;          /* the pattern may go on after it (wildcard or truncation) */
};

struct pset {
	struct pfx *items;
	uint32_t n, cap;
};

struct xrule {
	struct policy_rule *rule;
	enum xkind kind;
	const struct ast_word *w1, *w2;  /* path or exec condition; change_profile target */
	const char *glob;       /* w1 expanded (slashes filtered for paths), once needed */
	const char *glob2;      /* w2 expanded, "**" without a target */
	uint32_t half[2];       /* x and exec type per half (user, other); 0 = no x */
	int priority;
	bool deny;
	bool exact;             /* valid once glob is */
	bool cand;
	bool summarized;
	struct pset pre, suf;
};

struct xpair {
	uint32_t a, b;      /* indexes of two rules that may clash */
};

struct xctx {
	struct check_ctx *cx;
	struct policy_profile *p;
	struct arena scratch;
	VEC(struct xrule) rules;
	VEC(struct xpair) pairs;    /* the candidate pairs (up to MAX_PAIRS) */
	bool pairs_overflow;
	const char *names[XTABLE_MAX];  /* named transitions: exec index 4 + i */
	unsigned nnames;
	bool names_full_reported;
};

#define PFX_MAX_STRINGS 32u      /* per prefix or suffix set */
#define EXACT_MAX_STRINGS 1024u   /* strings of an exact pattern, for hashing */
#define MAX_PAIRS 4096u
#define PFX_MAX_LEN 256u

/* ---- rule text for messages ---------------------------------------------------- */

static const char *rule_text(struct arena *a, const struct ast_node *n)
{
	const struct source_file *f = n->loc.file;
	if (f && n->end_loc.file == f && n->loc.line >= 1 && n->loc.line <= f->nlines &&
	    n->end_loc.line >= n->loc.line && n->end_loc.line <= f->nlines) {
		size_t from = f->line_starts[n->loc.line - 1] + n->loc.col - 1;
		size_t to = f->line_starts[n->end_loc.line - 1] + n->end_loc.col - 1;
		if (from < to && to <= f->len) {
			struct strbuf sb = STRBUF_INIT;
			bool space = false;
			for (size_t i = from; i < to && sb.len < 200; i++) {
				unsigned char c = (unsigned char)f->text[i];
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
					space = sb.len > 0;
					continue;
				}
				if (space)
					strbuf_addch(&sb, ' ');
				space = false;
				strbuf_addch(&sb, (char)c);
			}
			char *s = arena_strdup(a, strbuf_str(&sb));
			strbuf_release(&sb);
			return s;
		}
	}
	if (n->kind == AST_CHANGE_PROFILE)
		return arena_printf(a, "change_profile %s%s%s", n->u.change_profile.exec.text,
				    n->u.change_profile.target.text ? " -> " : "",
				    n->u.change_profile.target.text ? n->u.change_profile.target.text : "");
	if (n->u.file.perms_first)
		return arena_printf(a, "%s %s%s%s", n->u.file.perms.text, n->u.file.path.text,
				    n->u.file.target.text ? " -> " : "",
				    n->u.file.target.text ? n->u.file.target.text : "");
	return arena_printf(a, "%s %s%s%s", n->u.file.path.text, n->u.file.perms.text,
			    n->u.file.target.text ? " -> " : "",
			    n->u.file.target.text ? n->u.file.target.text : "");
}

static void append_shown(struct strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			strbuf_addch(sb, (char)c);
		else if (c == 0)
			strbuf_addstr(sb, "\\0");
		else
			strbuf_addf(sb, "\\x%02x", c);
	}
}

/* ---- variables and glob syntax ------------------------------------------------ */

static const char *expanded(struct xctx *x, const struct ast_word *w)
{
	if (!w->text)
		return NULL;
	if (!strchr(w->text, '@'))
		return w->text;
	return x->cx->expand(x->cx->resolver, w);
}

/*
 * Whether aut_glob certainly accepts the pattern: balanced classes and
 * alternations, every alternation with at least two choices, no backslash,
 * no reversed range. Anything else goes to aut_glob, which decides.
 */
static bool glob_surely_ok(const char *s)
{
	int depth = 0;
	unsigned char commas[64];
	for (; *s; s++) {
		s += strcspn(s, "\\[]{},");     /* expansions are long: skip plain runs fast */
		switch (*s) {
		case '\0':
			return depth == 0;
		case '\\':
			return false;
		case '[': {
			s++;
			if (*s == '^')
				s++;
			if (*s == ']' || !*s)
				return false;
			while (*s && *s != ']') {
				if (*s == '\\')
					return false;
				unsigned char lo = (unsigned char)*s++;
				if (*s == '-' && s[1] == ']')
					return false;
				if (*s == '-' && s[1]) {
					if (s[1] == '\\' || (unsigned char)s[1] < lo)
						return false;
					s += 2;
				}
			}
			if (!*s)
				return false;
			break;
		}
		case ']':
			return false;
		case '{':
			if (++depth >= 50)
				return false;
			commas[depth] = 0;
			break;
		case ',':
			if (depth)
				commas[depth] = 1;
			break;
		case '}':
			if (!depth || !commas[depth])
				return false;
			depth--;
			break;
		default:
			break;
		}
	}
	return depth == 0;
}

static const char *glob_hint(const char *msg)
{
	if (strstr(msg, "number of items"))
		return "an alternation needs at least two choices, e.g. {a,b} or {a,}";
	if (strstr(msg, "expecting close }") || strstr(msg, "no matching open {"))
		return "'{' and '}' must balance; write \\{ or \\} for a literal brace";
	if (strstr(msg, "before the closing ']'"))
		return "to match '-' in a character class, put it first, e.g. [-a-z]";
	if (strstr(msg, "unclosed character class") || strstr(msg, "no matching open ["))
		return "'[' and ']' must balance; write \\[ or \\] for a literal bracket";
	if (strstr(msg, "empty character class"))
		return "a character class needs at least one character, e.g. [ab]";
	return NULL;
}

bool check_pattern_syntax(struct check_ctx *cx, const struct ast_word *w, const char *text)
{
	if (!strpbrk(text, "{}[]\\") || glob_surely_ok(text))
		return true;
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *n;
	struct aut_error err;
	int rc = aut_glob(rs, text, SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &n, NULL, &err);
	aut_ruleset_free(rs);
	if (rc == 0)
		return true;
	diag_error_hint(cx->diag, w->loc, glob_hint(err.msg), "%s", err.msg);
	return false;
}

/* ---- exec types ----------------------------------------------------------------- */

/* upstream's label_contains_ns: ":ns:name" or ":ns://name" (after an optional '&') */
/*
 * The exec index of a named transition (policy/xtable.h); 0 when the table
 * is full (after reporting it).
 */
static unsigned named_index(struct xctx *x, const struct ast_node *n, uint32_t letters)
{
	const char *pname = x->p->name ? x->p->name : "";
	unsigned idx = xtable_named_index(x->names, &x->nnames, &x->scratch, pname,
					  n->u.file.target.text, n->u.file.path.text, letters);
	if (!idx && !x->names_full_reported) {
		diag_error_hint(x->cx->diag, n->u.file.target.loc,
				"the kernel's exec transition table of a profile has 12 entries",
				"too many different exec transition targets in profile '%s' (at most 12)",
				pname);
		x->names_full_reported = true;
	}
	return idx;
}

static uint32_t exec_type(uint32_t letters, enum ast_exec_mode mode, unsigned index)
{
	uint32_t t = letters & (AA_MAY_EXEC | AA_EXEC_UNSAFE | AA_EXEC_INHERIT | AA_EXEC_PUX |
				AA_EXEC_TYPE_MASK);
	if (!(t & AA_MAY_EXEC))
		return 0;
	if (mode == EXEC_MODE_UNSAFE)
		t |= AA_EXEC_UNSAFE;
	else if (mode == EXEC_MODE_SAFE)
		t &= ~AA_EXEC_UNSAFE;
	if (index)
		t = (t & ~AA_EXEC_TYPE_MASK) | (index << 10);
	return t;
}

/* wildcards that make a pattern non-exact: * ? and classes (escapes skipped) */
static bool has_wildcard(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\') {
			if (!*++s)
				break;
		} else if (*s == '*' || *s == '?' || *s == '[') {
			return true;
		}
	}
	return false;
}

static const char *filtered(struct xctx *x, const char *glob)
{
	if (!strstr(glob, "//"))
		return glob;
	char *c = arena_strdup(&x->scratch, glob);
	aut_filter_slashes(c);
	return c;
}

/* Collect one file rule; returns false after an error was reported. */
static bool add_file_rule(struct xctx *x, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	if (n->u.file.bare)
		return true;
	struct perms_parse pp = perms_parse_file(n->u.file.perms.text);
	if (pp.error)
		return true;        /* reported by check_file_rule */
	uint32_t letters = pp.perms;
	bool link_target = n->u.file.perms_first && (letters & AA_MAY_LINK);
	unsigned index = 0;
	if (n->u.file.target.text && !link_target) {
		index = named_index(x, n, letters);
		if (!index)
			return false;
	}
	uint32_t t = exec_type(letters, n->u.file.exec_mode, index);
	if (!t || r->prefix.mode == RULE_MODE_PROMPT)
		return true;
	struct xrule e;
	memset(&e, 0, sizeof(e));
	e.rule = r;
	e.kind = XK_FILE;
	e.w1 = &n->u.file.path;
	e.half[0] = r->prefix.owner != OWNER_OTHER ? t : 0;
	e.half[1] = r->prefix.owner != OWNER_OWNER ? t : 0;
	e.priority = r->prefix.has_priority ? (int)r->prefix.priority : 0;
	e.deny = r->prefix.mode == RULE_MODE_DENY;
	vec_push(&x->rules, e);
	return true;
}

static bool add_change_profile_rule(struct xctx *x, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	if (!n->u.change_profile.exec.text || r->prefix.mode == RULE_MODE_PROMPT)
		return true;
	uint32_t t = AA_MAY_EXEC;
	if (n->u.change_profile.exec_mode == EXEC_MODE_UNSAFE)
		t |= AA_EXEC_UNSAFE;
	struct xrule e;
	memset(&e, 0, sizeof(e));
	e.rule = r;
	e.kind = XK_CHANGE_PROFILE;
	e.w1 = &n->u.change_profile.exec;
	e.w2 = n->u.change_profile.target.text ? &n->u.change_profile.target : NULL;
	e.half[0] = e.half[1] = t;
	e.priority = r->prefix.has_priority ? (int)r->prefix.priority : 0;
	e.deny = r->prefix.mode == RULE_MODE_DENY;
	vec_push(&x->rules, e);
	return true;
}

/*
 * The rule's patterns, variables expanded (only done for rules that may
 * clash: expansion is not free). Returns false after an error was reported.
 */
static bool ensure_glob(struct xctx *x, struct xrule *e)
{
	if (e->glob)
		return true;
	const char *g = expanded(x, e->w1);
	if (!g)
		return false;
	if (e->kind == XK_FILE) {
		e->glob = filtered(x, g);
		e->exact = !has_wildcard(e->glob);
		return true;
	}
	const char *t = e->w2 ? expanded(x, e->w2) : "**";
	if (!t)
		return false;
	e->glob = g;
	e->glob2 = t;
	e->exact = !has_wildcard(g) && !has_wildcard(t);
	return true;
}

/* ---- prefilter: literal prefixes and suffixes ---------------------------------- */

/*
 * A pattern as a tree of literal bytes, wildcards (anything the pattern
 * leaves open: * ? classes) and alternations. Escaped metacharacters are
 * literal bytes; patterns with other escapes are not parsed ("bad": treated
 * as matching anything, which only costs a DFA).
 */
enum gk { G_CHAR, G_WILD, G_ALT };

struct gseq;
struct gitem {
	enum gk kind;
	unsigned char c;
	struct gseq *alts;
	uint32_t nalts;
};
struct gseq {
	struct gitem *items;
	uint32_t n;
};

struct gparse {
	struct arena *a;
	const char *s;
	bool bad;
};

static struct gseq *g_seq(struct gparse *g, int depth)
{
	VEC(struct gitem) v = VEC_INIT;
	while (*g->s && !g->bad) {
		char c = *g->s;
		struct gitem it = { G_CHAR, 0, NULL, 0 };
		if (depth && (c == ',' || c == '}'))
			break;
		if (c == '\\' && g->s[1] && strchr("\\*[]{}?,.+|()^$/", g->s[1])) {
			/* an escaped metacharacter is itself (other escapes: not parsed) */
			it.c = (unsigned char)g->s[1];
			g->s += 2;
			vec_push(&v, it);
			continue;
		}
		if (c == '\\' || c == '}' || c == ']' || depth > 40) {
			g->bad = true;
			break;
		}
		if (c == '*' || c == '?') {
			it.kind = G_WILD;
			g->s++;
		} else if (c == '[') {
			const char *e = g->s + 1;
			if (*e == '^')
				e++;
			if (*e)
				e++;          /* a ']' right after '[' is a member here */
			const char *bs = strchr(g->s, '\\');
			e = strchr(e, ']');
			if (!e || (bs && bs < e)) {
				g->bad = true;
				break;
			}
			it.kind = G_WILD;
			g->s = e + 1;
		} else if (c == '{') {
			VEC(struct gseq) alts = VEC_INIT;
			g->s++;
			for (;;) {
				struct gseq *a = g_seq(g, depth + 1);
				if (g->bad)
					break;
				vec_push(&alts, *a);
				if (*g->s == ',') {
					g->s++;
					continue;
				}
				if (*g->s == '}') {
					g->s++;
					break;
				}
				g->bad = true;
				break;
			}
			it.kind = G_ALT;
			it.nalts = (uint32_t)alts.len;
			it.alts = alts.len ? arena_memdup(g->a, alts.items, alts.len * sizeof(*alts.items))
					   : NULL;
			vec_free(&alts);
		} else {
			it.c = (unsigned char)c;
			g->s++;
		}
		if (!g->bad)
			vec_push(&v, it);
	}
	struct gseq *r = arena_new(g->a, struct gseq);
	r->n = (uint32_t)v.len;
	r->items = v.len ? arena_memdup(g->a, v.items, v.len * sizeof(*v.items)) : NULL;
	vec_free(&v);
	return r;
}

struct pwork {
	struct arena *a;
	uint32_t max;
	bool overflow;
};

static void ps_push(struct pwork *w, struct pset *out, struct pfx p)
{
	if (out->n >= w->max) {
		w->overflow = true;
		return;
	}
	if (out->n == out->cap) {
		uint32_t nc = out->cap ? out->cap * 2 : 4;
		struct pfx *ni = arena_new_array(w->a, struct pfx, nc);
		if (out->n)
			memcpy(ni, out->items, out->n * sizeof(*ni));
		out->items = ni;
		out->cap = nc;
	}
	out->items[out->n++] = p;
}

/* A copy of s with every string open, or with the bytes b appended to the closed ones. */
static struct pset ps_extend(struct pwork *w, struct pset s, const char *b, uint32_t n, bool open)
{
	struct pset r = { arena_new_array(w->a, struct pfx, s.n ? s.n : 1), s.n, s.n };
	for (uint32_t i = 0; i < s.n; i++) {
		struct pfx p = s.items[i];
		if (!p.open && open) {
			p.open = true;
		} else if (!p.open) {
			uint32_t len = p.len + n, keep = len > PFX_MAX_LEN ? PFX_MAX_LEN : len;
			char *t = arena_alloc(w->a, keep + 1);
			memcpy(t, p.s, p.len < keep ? p.len : keep);
			if (keep > p.len)
				memcpy(t + p.len, b, keep - p.len);
			p.s = t;
			p.len = keep;
			p.open = len > PFX_MAX_LEN;
		}
		r.items[i] = p;
	}
	return r;
}

/*
 * Extend the strings of 'in' that are not open by the strings seq can
 * start with (end with, walked backwards, when rev), into 'out'. An
 * alternation that would make too many strings leaves them open instead.
 */
static void ps_walk(struct pwork *w, const struct gseq *seq, bool rev, struct pset in,
		    struct pset *out)
{
#define ITEM(k) (&seq->items[rev ? seq->n - 1 - (k) : (k)])
	struct pset cur = in;
	char run[PFX_MAX_LEN];
	uint32_t k = 0;
	while (k < seq->n) {
		bool any = false;
		for (uint32_t i = 0; i < cur.n; i++)
			any |= !cur.items[i].open;
		if (!any)
			break;
		const struct gitem *it = ITEM(k);
		if (it->kind == G_WILD) {
			cur = ps_extend(w, cur, NULL, 0, true);
			break;
		}
		if (it->kind == G_ALT) {
			struct pset next = { NULL, 0, 0 };
			for (uint32_t i = 0; i < cur.n && !w->overflow; i++) {
				if (cur.items[i].open) {
					ps_push(w, &next, cur.items[i]);
					continue;
				}
				struct pset one = { &cur.items[i], 1, 1 };
				for (uint32_t j = 0; j < it->nalts && !w->overflow; j++)
					ps_walk(w, &it->alts[j], rev, one, &next);
			}
			if (w->overflow) {
				w->overflow = false;
				cur = ps_extend(w, cur, NULL, 0, true);
				break;
			}
			cur = next;
			k++;
			continue;
		}
		uint32_t n = 0;
		while (k < seq->n && ITEM(k)->kind == G_CHAR && n < PFX_MAX_LEN)
			run[n++] = (char)ITEM(k++)->c;
		cur = ps_extend(w, cur, run, n, false);
	}
	for (uint32_t i = 0; i < cur.n && !w->overflow; i++)
		ps_push(w, out, cur.items[i]);
#undef ITEM
}

static struct pset ps_of(struct arena *a, const struct gseq *seq, bool bad, bool rev,
			 bool open_end, uint32_t max)
{
	struct pfx empty = { "", 0, bad };
	struct pset in = { arena_memdup(a, &empty, sizeof(empty)), 1, 1 };
	if (bad)
		return in;
	struct pwork w = { a, max, false };
	struct pset out = { NULL, 0, 0 };
	ps_walk(&w, seq, rev, in, &out);
	if (w.overflow || !out.n) {
		in.items[0].open = true;
		return in;
	}
	if (open_end)
		for (uint32_t i = 0; i < out.n; i++)
			out.items[i].open = true;
	return out;
}

static void summarize(struct xctx *x, struct xrule *e)
{
	if (e->summarized)
		return;
	e->summarized = true;
	struct gparse g = { &x->scratch, e->glob, false };
	struct gseq *s = g_seq(&g, 0);
	bool bad = g.bad || *g.s;
	/* change_profile: "cond \0 target", the prefix from cond, the suffix from target */
	bool cp = e->kind == XK_CHANGE_PROFILE;
	e->pre = ps_of(&x->scratch, s, bad, false, cp, PFX_MAX_STRINGS);
	if (cp) {
		struct gparse g2 = { &x->scratch, e->glob2, false };
		s = g_seq(&g2, 0);
		bad = g2.bad || *g2.s;
	}
	e->suf = ps_of(&x->scratch, s, bad, true, cp, PFX_MAX_STRINGS);
}

static bool pfx_compatible(const struct pfx *a, const struct pfx *b)
{
	uint32_t m = a->len < b->len ? a->len : b->len;
	if (memcmp(a->s, b->s, m) != 0)
		return false;
	if (!a->open && !b->open)
		return a->len == b->len;
	if (!a->open)
		return a->len >= b->len;
	if (!b->open)
		return b->len >= a->len;
	return true;
}

static bool ps_compatible(const struct pset *a, const struct pset *b)
{
	for (uint32_t i = 0; i < a->n; i++)
		for (uint32_t j = 0; j < b->n; j++)
			if (pfx_compatible(&a->items[i], &b->items[j]))
				return true;
	return false;
}

static bool may_overlap(struct xctx *x, struct xrule *a, struct xrule *b)
{
	summarize(x, a);
	summarize(x, b);
	return ps_compatible(&a->pre, &b->pre) && ps_compatible(&a->suf, &b->suf);
}

static bool share_half(const struct xrule *a, const struct xrule *b)
{
	return (a->half[0] && b->half[0]) || (a->half[1] && b->half[1]);
}

/* whether a and b, allow rules of one kind, give some half different exec types */
static bool types_differ(const struct xrule *a, const struct xrule *b)
{
	return a->kind == b->kind &&
	       ((a->half[0] && b->half[0] && a->half[0] != b->half[0]) ||
		(a->half[1] && b->half[1] && a->half[1] != b->half[1]));
}

/*
 * Every string of an exact file pattern, when there are not too many
 * (NULL otherwise): two exact rules clash only on a common string.
 */
static const struct pset *exact_strings(struct xctx *x, struct xrule *e)
{
	if (e->kind != XK_FILE)
		return NULL;
	struct gparse g = { &x->scratch, e->glob, false };
	struct gseq *s = g_seq(&g, 0);
	if (g.bad || *g.s)
		return NULL;
	struct pset *r = arena_new(&x->scratch, struct pset);
	*r = ps_of(&x->scratch, s, false, false, false, EXACT_MAX_STRINGS);
	for (uint32_t i = 0; i < r->n; i++)
		if (r->items[i].open)
			return NULL;
	return r;
}

struct shash_ent {
	const struct pfx *key;
	uint32_t rule[2];       /* per half, index + 1 of the first rule with this string */
};

static uint64_t str_hash(const char *s, uint32_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void mark_pair(struct xctx *x, struct xrule *a, struct xrule *b, bool *any)
{
	a->cand = b->cand = true;
	*any = true;
	if (x->pairs.len < MAX_PAIRS) {
		struct xpair pr = { (uint32_t)(a - x->rules.items), (uint32_t)(b - x->rules.items) };
		vec_push(&x->pairs, pr);
	} else {
		x->pairs_overflow = true;
	}
}

/*
 * Mark the allow rules that could clash with another one: same kind of
 * rule, same half, both exact or both wildcard, different exec types,
 * patterns that may overlap. Exact patterns whose strings can be listed
 * are compared through a hash of their strings, the others pairwise on
 * their literal prefixes and suffixes. Returns 1 if any rule was marked,
 * 0 if none, -1 after an error was reported.
 */
static int mark_candidates(struct xctx *x)
{
	size_t n = x->rules.len;
	bool any = false;
	/* only rules with an allow rule of another exec type in a common half matter */
	bool *needed = arena_new_array(&x->scratch, bool, n);
	size_t nneeded = 0;
	for (size_t i = 0; i < n; i++) {
		struct xrule *a = &x->rules.items[i];
		if (a->deny)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			struct xrule *b = &x->rules.items[j];
			if (!b->deny && types_differ(a, b)) {
				nneeded += !needed[i] + !needed[j];
				needed[i] = needed[j] = true;
			}
		}
	}
	if (!nneeded)
		return 0;
	const struct pset **strs = arena_new_array(&x->scratch, const struct pset *, n);
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (!needed[i])
			continue;
		if (!ensure_glob(x, &x->rules.items[i]))
			return -1;
		if (x->rules.items[i].exact) {
			strs[i] = exact_strings(x, &x->rules.items[i]);
			total += strs[i] ? strs[i]->n : 0;
		}
	}
	/* exact rules with listed strings: a hash of the strings */
	if (total) {
		size_t cap = 16;
		while (cap < total * 2)
			cap *= 2;
		struct shash_ent *tab = arena_new_array(&x->scratch, struct shash_ent, cap);
		for (size_t i = 0; i < n; i++) {
			if (!strs[i])
				continue;
			struct xrule *a = &x->rules.items[i];
			for (uint32_t k = 0; k < strs[i]->n; k++) {
				const struct pfx *p = &strs[i]->items[k];
				size_t h = (size_t)str_hash(p->s, p->len) & (cap - 1);
				while (tab[h].key && (tab[h].key->len != p->len ||
						      memcmp(tab[h].key->s, p->s, p->len) != 0))
					h = (h + 1) & (cap - 1);
				tab[h].key = p;
				/* compare with the first rule that had the string in each half */
				for (int hf = 0; hf < 2; hf++) {
					if (!a->half[hf])
						continue;
					if (!tab[h].rule[hf]) {
						tab[h].rule[hf] = (uint32_t)i + 1;
						continue;
					}
					struct xrule *b = &x->rules.items[tab[h].rule[hf] - 1];
					if (b->half[hf] != a->half[hf])
						mark_pair(x, a, b, &any);
				}
			}
		}
	}
	/* the others pairwise */
	for (size_t i = 0; i < n; i++) {
		struct xrule *a = &x->rules.items[i];
		if (!needed[i])
			continue;
		for (size_t j = i + 1; j < n; j++) {
			struct xrule *b = &x->rules.items[j];
			if (!needed[j] || (a->cand && b->cand) || a->exact != b->exact ||
			    (strs[i] && strs[j]) || !types_differ(a, b))
				continue;
			if (may_overlap(x, a, b))
				mark_pair(x, a, b, &any);
		}
	}
	return any;
}

/*
 * With priorities, a rule of higher priority than a candidate can take the
 * candidate's x away (deny rules too) where they overlap. Such a rule is
 * needed in the DFA when it has a higher priority than one of the rules of a
 * candidate pair, shares a half with both and may overlap both; rules of
 * lower or equal priority are not.
 */
static int needed_for_priority(struct xctx *x, struct xrule *e)
{
	bool globbed = false;
	for (size_t i = 0; i < x->pairs.len || (x->pairs_overflow && i < x->rules.len); i++) {
		struct xrule *c1, *c2;
		if (x->pairs_overflow) {
			c1 = c2 = &x->rules.items[i];
			if (!c1->cand)
				continue;
		} else {
			c1 = &x->rules.items[x->pairs.items[i].a];
			c2 = &x->rules.items[x->pairs.items[i].b];
		}
		if (c1 == e || c2 == e || c1->kind != e->kind ||
		    (c1->priority >= e->priority && c2->priority >= e->priority) ||
		    !share_half(c1, e) || !share_half(c2, e))
			continue;
		if (!globbed && !ensure_glob(x, e))
			return -1;
		globbed = true;
		if (may_overlap(x, c1, e) && (c2 == c1 || may_overlap(x, c2, e)))
			return 1;
	}
	return 0;
}

/* ---- the DFA and the report ------------------------------------------------------ */

static int add_to_ruleset(struct aut_ruleset *rs, const struct xrule *e, uint32_t perms,
			  enum aut_rule_mode mode, int priority, struct aut_error *err)
{
	struct aut_node *a, *b;
	int rc = aut_glob(rs, e->glob, SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &a, NULL, err);
	if (rc)
		return rc;
	struct aut_rule ar = { mode, perms, 0, priority, e, NULL };
	if (e->kind == XK_FILE)
		return aut_add_rule(rs, a, &ar, err);
	rc = aut_glob(rs, e->glob2, SIZE_MAX, 0, &b, NULL, err);
	if (rc)
		return rc;
	struct aut_node *parts[2] = { a, b };
	return aut_add_rule_vec(rs, parts, 2, &ar, err);
}

/* whether the exec rules' priorities differ (only then do they matter) */
static bool uses_priority(const struct xctx *x)
{
	for (size_t i = 1; i < x->rules.len; i++)
		if (x->rules.items[i].priority != x->rules.items[0].priority)
			return true;
	return false;
}

static uint32_t rule_perms(const struct xrule *e)
{
	return e->half[0] | (e->half[1] << AA_OTHER_SHIFT);
}

/* A shortest string both rules match (NULL if none is found). */
static char *witness(struct xctx *x, const struct xrule *a, const struct xrule *b, size_t *len)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_error err;
	struct aut_dfa *d = NULL;
	char *out = NULL;
	if (add_to_ruleset(rs, a, AA_MAY_READ, AUT_RULE_ALLOW, 0, &err) ||
	    add_to_ruleset(rs, b, AA_MAY_WRITE, AUT_RULE_ALLOW, 0, &err) ||
	    aut_build(rs, NULL, &d, &err))
		goto done;
	uint32_t ns = d->nstates;
	uint32_t *parent = xmalloc(ns * sizeof(uint32_t));
	uint8_t *via = xmalloc(ns);
	uint32_t *queue = xmalloc(ns * sizeof(uint32_t));
	for (uint32_t s = 0; s < ns; s++)
		parent[s] = UINT32_MAX;
	/* one byte per class, a readable one when there is */
	int rep[256];
	for (uint32_t c = 0; c < d->nclasses; c++)
		rep[c] = -1;
	for (int pass = 0; pass < 2; pass++)
		for (int ch = 255; ch >= 0; ch--) {
			uint32_t c = d->byte_class[ch];
			bool nice = ch > 0x20 && ch < 0x7f;
			if (rep[c] < 0 || (pass == 1 && nice && !(rep[c] > 0x20 && rep[c] < 0x7f)))
				rep[c] = ch;
		}
	uint32_t qh = 0, qt = 0, found = UINT32_MAX;
	if (ns > 1) {
		queue[qt++] = 1;
		parent[1] = 1;
	}
	while (qh < qt && found == UINT32_MAX) {
		uint32_t s = queue[qh++];
		if ((d->perms[s].allow & (AA_MAY_READ | AA_MAY_WRITE)) == (AA_MAY_READ | AA_MAY_WRITE)) {
			found = s;
			break;
		}
		for (uint32_t c = 0; c < d->nclasses; c++) {
			uint32_t t = d->next[(size_t)s * d->nclasses + c];
			if (t && parent[t] == UINT32_MAX) {
				parent[t] = s;
				via[t] = (uint8_t)rep[c];
				queue[qt++] = t;
			}
		}
	}
	if (found != UINT32_MAX) {
		size_t n = 0;
		for (uint32_t s = found; s != 1; s = parent[s])
			n++;
		out = arena_alloc(&x->scratch, n + 1);
		*len = n;
		for (uint32_t s = found; s != 1; s = parent[s])
			out[--n] = (char)via[s];
	}
	free(parent);
	free(via);
	free(queue);
done:
	aut_dfa_free(d);
	aut_ruleset_free(rs);
	return out;
}

static void report_conflict(struct xctx *x, const struct xrule *a, const struct xrule *b)
{
	if (a->rule > b->rule) {
		const struct xrule *t = a;
		a = b;
		b = t;
	}
	const struct ast_node *na = a->rule->node, *nb = b->rule->node;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "conflicting exec modes: '%s' and '%s' (", rule_text(&x->scratch, na),
		    rule_text(&x->scratch, nb));
	if (nb->loc.file != na->loc.file && nb->loc.file)
		strbuf_addf(&sb, "%s:%u:%u)", nb->loc.file->path, nb->loc.line, nb->loc.col);
	else
		strbuf_addf(&sb, "line %u)", nb->loc.line);
	size_t wlen = 0;
	char *w = NULL;
	/* with priorities a common string may be decided by a third rule: no example */
	if (!uses_priority(x))
		w = witness(x, a, b, &wlen);
	if (w) {
		strbuf_addstr(&sb, " both match '");
		if (a->kind == XK_CHANGE_PROFILE) {
			/* "cond \0 target" */
			size_t k = strlen(w);
			append_shown(&sb, w, k);
			strbuf_addstr(&sb, "' -> '");
			if (k < wlen)
				append_shown(&sb, w + k + 1, wlen - k - 1);
		} else {
			append_shown(&sb, w, wlen > 160 ? 160 : wlen);
			if (wlen > 160)
				strbuf_addstr(&sb, "...");
		}
		strbuf_addstr(&sb, "'");
	} else {
		strbuf_addstr(&sb, " match the same path");
	}
	const char *hint = a->exact ?
		"give both rules the same exec mode and target (with 'safe'/'unsafe' alike), or drop one" :
		"overlapping patterns must use the same exec mode and target; narrow the patterns so they do not overlap, or use one mode";
	diag_error_hint(x->cx->diag, na->loc, hint, "%s", strbuf_str(&sb));
	diag_note(x->cx->diag, nb->loc, "the conflicting rule '%s'", rule_text(&x->scratch, nb));
	strbuf_release(&sb);
}

static bool build_and_check(struct xctx *x)
{
	bool prio = uses_priority(x), any = false;
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_error err;
	memset(&err, 0, sizeof(err));
	int rc = 0;
	for (size_t i = 0; i < x->rules.len && !rc; i++) {
		struct xrule *e = &x->rules.items[i];
		if (!e->cand) {
			int need = prio ? needed_for_priority(x, e) : 0;
			if (need < 0) {
				aut_ruleset_free(rs);
				return false;
			}
			if (!need)
				continue;
		}
		uint32_t perms = rule_perms(e);
		if (e->deny)
			perms &= AA_USER_EXEC | AA_OTHER_EXEC;
		rc = add_to_ruleset(rs, e, perms, e->deny ? AUT_RULE_DENY : AUT_RULE_ALLOW,
				    e->priority, &err);
		any = true;
	}
	struct aut_dfa *d = NULL;
	if (!rc && any)
		rc = aut_build(rs, NULL, &d, &err);
	bool ok = true;
	if (rc && err.rule1 && err.rule2) {
		report_conflict(x, err.rule1->ref, err.rule2->ref);
		ok = false;
	} else if (rc == -E2BIG) {
		/* too big to decide here: the compiler will find out */
	} else if (rc) {
		const struct xrule *e = err.rule1 ? err.rule1->ref : NULL;
		diag_error(x->cx->diag, e ? e->rule->node->loc : x->p->node->loc,
			   "cannot check exec rules: %s", err.msg);
		ok = false;
	}
	aut_dfa_free(d);
	aut_ruleset_free(rs);
	return ok;
}

bool check_exec_conflicts(struct check_ctx *cx, struct policy_profile *p)
{
	struct xctx x;
	memset(&x, 0, sizeof(x));
	x.cx = cx;
	x.p = p;
	arena_init(&x.scratch);
	bool ok = true;
	for (size_t i = 0; i < p->nrules; i++) {
		struct policy_rule *r = &p->rules[i];
		switch (r->node->kind) {
		case AST_FILE:
			ok = add_file_rule(&x, r) && ok;
			break;
		case AST_CHANGE_PROFILE:
			ok = add_change_profile_rule(&x, r) && ok;
			break;
		default:
			break;
		}
	}
	int marked = ok && x.rules.len > 1 ? mark_candidates(&x) : 0;
	if (marked < 0)
		ok = false;
	if (marked > 0)
		ok = build_and_check(&x);
	vec_free(&x.rules);
	vec_free(&x.pairs);
	arena_destroy(&x.scratch);
	return ok;
}
