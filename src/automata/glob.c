/*
 * glob: AppArmor glob patterns -> regex tree (binary-policy-format.md §5).
 *
 * Owns: the exact conversion semantics of upstream's converter: '*' never
 * crosses '/' or NUL, '**' crosses '/', '?', classes, nested {a,b}
 * alternations, escapes, the "at least one character" rule for a wildcard
 * run that fills a whole path component ("/foo/" + star does not match "/foo/"), and
 * slash filtering. Builds nodes directly instead of going through regex
 * text, so no second parse is needed. Must not know about rules or DFAs.
 *
 * Deliberate difference: upstream copies a class verbatim, so an unescaped
 * '*' or '?' inside [...] turns into regex text and garbles the class; here
 * they are literal members of the class.
 */
#include "automata/internal.h"

#include <string.h>

#define MAX_ALT_DEPTH 50

struct gparser {
	struct aut_ruleset *rs;
	const char *start, *s, *end;
	unsigned flags;
	bool after_slash;      /* the text upstream emitted so far ends in '/' */
	int depth;
	struct aut_glob_info *info;
	struct aut_error *err;
	int failed;
};

static void note_re(struct gparser *p, const char *at)
{
	if (p->info->type == AUT_PATTERN_BASIC && p->info->first_re_pos == SIZE_MAX)
		p->info->first_re_pos = (size_t)(at - p->start);
	if (p->info->first_re_pos == SIZE_MAX)
		p->info->first_re_pos = (size_t)(at - p->start);
}

static struct aut_node *g_fail(struct gparser *p, const char *msg)
{
	aut_set_error(p->err, -EINVAL, "invalid pattern '%.*s': %s",
		      (int)(p->end - p->start), p->start, msg);
	p->failed = 1;
	return NULL;
}

static struct aut_node *not_slash(struct gparser *p)
{
	struct cset s = { { ~0ull, ~0ull, ~0ull, ~0ull } };
	s.w['/' >> 6] &= ~((uint64_t)1 << ('/' & 63));
	if (!(p->flags & AUT_GLOB_NULL))
		s.w[0] &= ~1ull;
	return node_cset(p->rs, &s, true);
}

static struct aut_node *g_class(struct gparser *p)
{
	struct cset s = { { 0, 0, 0, 0 } };
	bool neg = false;
	if (p->s < p->end && *p->s == '^') {
		neg = true;
		p->s++;
	}
	bool any = false;
	while (p->s < p->end && *p->s != ']') {
		int lo, hi;
		for (int k = 0; k < 2; k++) {
			int c = (unsigned char)*p->s++;
			if (c == '\\') {
				if (p->s >= p->end)
					return g_fail(p, "trailing '\\' escape character");
				int v = aut_escape_value(&p->s, p->end);
				c = v >= 0 ? v : (unsigned char)*p->s++;
			}
			if (k == 0) {
				lo = hi = c;
				if (p->s + 1 < p->end && *p->s == '-' && p->s[1] != ']')
					p->s++;
				else if (p->s + 1 < p->end && *p->s == '-')
					/* upstream's regex parser wants a range end here */
					return g_fail(p, "'-' before the closing ']' of a character class");
				else
					break;
			} else {
				hi = c;
			}
		}
		if (hi < lo) {
			/* upstream accepts a reversed range as the forward one */
			int t = lo;
			lo = hi;
			hi = t;
		}
		for (int c = lo; c <= hi; c++)
			cset_add(&s, (unsigned)c);
		any = true;
	}
	if (p->s >= p->end)
		return g_fail(p, "unclosed character class");
	if (!any)
		return g_fail(p, "empty character class");
	p->s++;
	if (neg)
		for (int i = 0; i < 4; i++)
			s.w[i] = ~s.w[i];
	return node_cset(p->rs, &s, true);
}

static struct aut_node *g_seq(struct gparser *p);

static struct aut_node *g_group(struct gparser *p)
{
	if (++p->depth >= MAX_ALT_DEPTH)
		return g_fail(p, "exceeded maximum nesting of {}");
	p->after_slash = false;           /* upstream emitted '(' */
	struct aut_node *r = g_seq(p);
	int items = 0;
	while (!p->failed && p->s < p->end && *p->s == ',') {
		p->s++;
		items++;
		p->after_slash = false;   /* '|' */
		struct aut_node *b = g_seq(p);
		if (p->failed)
			return NULL;
		r = aut_alt(p->rs, r, b);
	}
	if (p->failed)
		return NULL;
	if (p->s >= p->end || *p->s != '}')
		return g_fail(p, "unclosed grouping, expecting close }");
	if (items == 0)
		return g_fail(p, "invalid number of items between {}");
	p->s++;
	p->depth--;
	p->after_slash = false;           /* ')' */
	return r;
}

static struct aut_node *g_literal(struct gparser *p, unsigned c)
{
	p->after_slash = c == '/';
	return aut_byte(p->rs, (uint8_t)c);
}

static struct aut_node *g_seq(struct gparser *p)
{
	struct aut_ruleset *rs = p->rs;
	struct aut_node *r = aut_empty(rs);
	while (p->s < p->end && !p->failed) {
		const char *at = p->s;
		char c = *p->s;
		struct aut_node *n = NULL;
		if (p->depth > 0 && (c == ',' || c == '}'))
			break;
		switch (c) {
		case '\\': {
			p->s++;
			if (p->s >= p->end)
				return g_fail(p, "trailing '\\' escape character");
			const char *q = p->s;
			char e = *q;
			if (strchr("\\*[]{}?,.+|()^$/", e)) {
				p->s++;
				n = g_literal(p, (unsigned char)e);
				break;
			}
			int v = aut_escape_value(&q, p->end);
			if (v >= 0) {
				p->s = q;
				p->after_slash = false;  /* upstream keeps the escape text */
				n = aut_byte(rs, (uint8_t)v);
			} else {
				/* quoted unnecessarily: the character itself */
				p->info->warnings |= 1;
				p->s++;
				n = g_literal(p, (unsigned char)e);
			}
			break;
		}
		case '*': {
			const char *q = p->s;
			while (q < p->end && *q == '*')
				q++;
			note_re(p, at);
			n = aut_empty(rs);
			/* a wildcard run that is a whole path component must match >= 1 char */
			if (p->after_slash && (q == p->end || *q == '/'))
				n = not_slash(p);
			if (p->s + 1 < p->end && p->s[1] == '*') {
				if (p->s + 2 == p->end && p->info->type == AUT_PATTERN_BASIC)
					p->info->type = AUT_PATTERN_TAILGLOB;
				else
					p->info->type = AUT_PATTERN_REGEX;
				n = aut_cat(rs, n, aut_star(rs, (p->flags & AUT_GLOB_NULL) ?
							aut_any(rs) : aut_any_but_nul(rs)));
				p->s += 2;
			} else {
				p->info->type = AUT_PATTERN_REGEX;
				n = aut_cat(rs, n, aut_star(rs, not_slash(p)));
				p->s++;
			}
			p->after_slash = false;
			break;
		}
		case '?':
			note_re(p, at);
			p->info->type = AUT_PATTERN_REGEX;
			p->s++;
			n = not_slash(p);
			p->after_slash = false;
			break;
		case '[':
			note_re(p, at);
			p->info->type = AUT_PATTERN_REGEX;
			p->s++;
			n = g_class(p);
			p->after_slash = false;
			break;
		case ']':
			return g_fail(p, "invalid close ], no matching open [");
		case '{':
			note_re(p, at);
			p->info->type = AUT_PATTERN_REGEX;
			p->s++;
			n = g_group(p);
			break;
		case '}':
			return g_fail(p, "invalid close }, no matching open {");
		default:
			p->s++;
			n = g_literal(p, (unsigned char)c);
			break;
		}
		if (p->failed)
			return NULL;
		r = aut_cat(rs, r, n);
	}
	return p->failed ? NULL : r;
}

size_t aut_filter_slashes(char *path)
{
	size_t n = strlen(path);
	if (n < 2)
		return n;
	char *d = path;
	const char *s = path;
	bool seen = false;
	/* a leading "//" (Linux's alternate root spelling) is kept as is */
	if (s[0] == '/' && s[1] == '/' && s[2] != '/') {
		*d++ = *s++;
		*d++ = *s++;
	}
	for (; *s; s++) {
		if (*s == '/') {
			if (seen)
				continue;
			seen = true;
		} else {
			seen = false;
		}
		*d++ = *s;
	}
	*d = 0;
	return (size_t)(d - path);
}

/*
 * The minimum length of a match. prefix_only: count only up to the first
 * repetition (*stop is set there), which is apparmor_parser 3.0.8's
 * xmatch_len; otherwise the whole pattern, as later upstream counts it.
 */
static size_t node_min_len(const struct aut_node *n, bool prefix_only, bool *stop, int depth)
{
	if (depth > 100000 || *stop)
		return 0;
	switch (n->kind) {
	case NODE_EMPTY:
		return 0;
	case NODE_CSET:
		return 1;
	case NODE_STAR:
	case NODE_PLUS:
		if (prefix_only) {
			*stop = true;
			return 0;
		}
		return n->kind == NODE_STAR ? 0 : node_min_len(n->a, prefix_only, stop, depth + 1);
	case NODE_CAT: {
		size_t sum = 0;
		while (n->kind == NODE_CAT && !*stop) {
			sum += node_min_len(n->a, prefix_only, stop, depth + 1);
			n = n->b;
		}
		return *stop ? sum : sum + node_min_len(n, prefix_only, stop, depth + 1);
	}
	case NODE_ALT: {
		bool sa = false, sb = false;
		size_t la = node_min_len(n->a, prefix_only, &sa, depth + 1);
		size_t lb = node_min_len(n->b, prefix_only, &sb, depth + 1);
		*stop = sa || sb;
		return la < lb ? la : lb;
	}
	}
	return 0;
}

int aut_glob(struct aut_ruleset *rs, const char *glob, size_t len, unsigned flags,
	     struct aut_node **out, struct aut_glob_info *info, struct aut_error *err)
{
	struct aut_glob_info dummy;
	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->type = AUT_PATTERN_BASIC;
	info->first_re_pos = SIZE_MAX;
	if (len == SIZE_MAX)
		len = strlen(glob);
	if (memchr(glob, 0, len)) {
		aut_set_error(err, -EINVAL, "pattern contains a NUL byte");
		return -EINVAL;
	}
	char *text = arena_strndup(&rs->arena, glob, len);
	if (flags & AUT_GLOB_FILTER_SLASHES)
		len = aut_filter_slashes(text);
	struct gparser p = { rs, text, text, text + len, flags, false, 0, info, err, 0 };
	struct aut_node *n = g_seq(&p);
	if (!p.failed && p.s < p.end)
		g_fail(&p, *p.s == ',' ? "unexpected ," : "invalid close }, no matching open {");
	if (p.failed)
		return -EINVAL;
	if (info->first_re_pos == SIZE_MAX)
		info->first_re_pos = 0;
	bool stop = false;
	info->min_match_len = node_min_len(n, false, &stop, 0);
	stop = false;
	info->prefix_match_len = node_min_len(n, true, &stop, 0);
	*out = n;
	return 0;
}
