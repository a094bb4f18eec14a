/*
 * Unit tests for src/automata: glob conversion semantics, permission merge,
 * minimization, packing, serialization round trip and the kernel walk.
 * Randomized property tests live in test_automata_prop.c.
 */
#include "automata/automata.h"
#include "support/strbuf.h"
#include "test.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

struct built {
	struct aut_dfa *dfa, *min;
	struct aut_tables *t, *tec;
};

static void built_free(struct built *b)
{
	aut_dfa_free(b->dfa);
	aut_dfa_free(b->min);
	aut_tables_free(b->t);
	aut_tables_free(b->tec);
	memset(b, 0, sizeof(*b));
}

static int build_all(struct aut_ruleset *rs, struct built *b, struct aut_error *err)
{
	int r = aut_build(rs, NULL, &b->dfa, err);
	if (r)
		return r;
	r = aut_minimize(b->dfa, &b->min, err);
	if (r)
		return r;
	struct aut_pack_opts po = { 0 };
	r = aut_pack(b->min, &po, &b->t, err);
	if (r)
		return r;
	po.equiv_classes = true;
	return aut_pack(b->min, &po, &b->tec, err);
}

/* accept word from all four walks; -1 if they disagree */
static long long accept_of(struct built *b, const char *s, size_t n)
{
	uint32_t a1 = aut_dfa_match(b->dfa, s, n).allow;
	uint32_t a2 = aut_dfa_match(b->min, s, n).allow;
	uint32_t a3 = b->t->accept[aut_tables_walk(b->t, 1, s, n)];
	uint32_t a4 = b->tec->accept[aut_tables_walk(b->tec, 1, s, n)];
	if (a1 != a2 || a1 != a3 || a1 != a4)
		return -1;
	return a1;
}

static int add_glob(struct aut_ruleset *rs, const char *g, uint32_t perms, int deny)
{
	struct aut_node *n;
	struct aut_error err = { 0 };
	int r = aut_glob(rs, g, SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &n, NULL, &err);
	if (r)
		return r;
	struct aut_rule rule = { deny ? AUT_RULE_DENY : AUT_RULE_ALLOW, perms, 0, 0, NULL, g };
	return aut_add_rule(rs, n, &rule, &err);
}

#define M(s) accept_of(&b, s, strlen(s))

static void test_glob_star(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	CHECK_INTEQ(add_glob(rs, "/foo/*", 4, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/bar/**", 2, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/baz/a*b", 8, 0), 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(M("/foo/x"), 4);
	CHECK_INTEQ(M("/foo/"), 0);        /* /foo/ * needs one character */
	CHECK_INTEQ(M("/foo/x/y"), 0);     /* * never crosses / */
	CHECK_INTEQ(M("/bar/x/y"), 2);
	CHECK_INTEQ(M("/bar/"), 0);
	CHECK_INTEQ(M("/baz/ab"), 8);
	CHECK_INTEQ(M("/baz/axxb"), 8);
	CHECK_INTEQ(M("/baz/a/b"), 0);
	CHECK_INTEQ(accept_of(&b, "/foo/a\0b", 8), 0);   /* * never matches NUL */
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_glob_alt_class_escape(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	CHECK_INTEQ(add_glob(rs, "/a/{b,c{d,e}}/f", 4, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/x/[0-9]?[^a]", 2, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/e/\\*\\{\\x41", 8, 0), 0);
	CHECK_INTEQ(add_glob(rs, "//s///t/", 1, 0), 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(M("/a/b/f"), 4);
	CHECK_INTEQ(M("/a/cd/f"), 4);
	CHECK_INTEQ(M("/a/ce/f"), 4);
	CHECK_INTEQ(M("/a/c/f"), 0);
	CHECK_INTEQ(M("/x/5qz"), 2);
	CHECK_INTEQ(M("/x/5qa"), 0);
	CHECK_INTEQ(M("/x/5q/"), 2);       /* [^a] matches / */
	CHECK_INTEQ(M("/x/q5z"), 0);
	CHECK_INTEQ(M("/e/*{A"), 8);
	CHECK_INTEQ(M("//s/t/"), 1);       /* leading // kept, others collapsed */
	CHECK_INTEQ(M("/s/t/"), 0);
	CHECK_INTEQ(M("//s/t"), 0);        /* trailing slash significant */
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_glob_errors(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *n;
	struct aut_error err = { 0 };
	const char *bad[] = { "/a/{b", "/a/b}", "/a/[b", "/a]", "/a\\", "/{x}", "/[]",
			      "/[a-]", "/[a-z_-]" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(aut_glob(rs, bad[i], SIZE_MAX, 0, &n, NULL, &err) < 0);
	struct aut_glob_info info;
	CHECK_INTEQ(aut_glob(rs, "/usr/lib/**", SIZE_MAX, 0, &n, &info, &err), 0);
	CHECK_INTEQ(info.type, AUT_PATTERN_TAILGLOB);
	CHECK_INTEQ(info.first_re_pos, 9);
	CHECK_INTEQ(aut_glob(rs, "/usr/lib", SIZE_MAX, 0, &n, &info, &err), 0);
	CHECK_INTEQ(info.type, AUT_PATTERN_BASIC);
	CHECK_INTEQ(info.min_match_len, 8);
	CHECK_INTEQ(aut_glob(rs, "/a/*/b", SIZE_MAX, 0, &n, &info, &err), 0);
	CHECK_INTEQ(info.type, AUT_PATTERN_REGEX);
	CHECK_INTEQ(info.min_match_len, 6);
	aut_ruleset_free(rs);
}

/* apparmor_parser 3.0.8 takes [z-a] as [a-z] and [-a] as '-' or 'a' */
static void test_glob_class_ranges(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	CHECK_INTEQ(add_glob(rs, "/r/[z-a]", 4, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/d/[-a]", 2, 0), 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(M("/r/m"), 4);
	CHECK_INTEQ(M("/r/a"), 4);
	CHECK_INTEQ(M("/r/z"), 4);
	CHECK_INTEQ(M("/r/A"), 0);
	CHECK_INTEQ(M("/d/-"), 2);
	CHECK_INTEQ(M("/d/a"), 2);
	CHECK_INTEQ(M("/d/b"), 0);
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_perms_merge(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	CHECK_INTEQ(add_glob(rs, "/d/**", 0x6 | (0x6 << 14), 0), 0);
	CHECK_INTEQ(add_glob(rs, "/d/secret", 0x2 | (0x2 << 14), 1), 0);
	/* exact px overrides wildcard ix */
	CHECK_INTEQ(add_glob(rs, "/bin/*", AA_MAY_EXEC | AA_EXEC_INHERIT, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/bin/sh", AA_MAY_EXEC | (2u << AA_EXEC_INDEX_SHIFT), 0), 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(M("/d/x"), 0x6 | (0x6 << 14));
	CHECK_INTEQ(M("/d/secret"), 0x4 | (0x4 << 14));   /* deny wins */
	CHECK_INTEQ(M("/bin/ls"), AA_MAY_EXEC | AA_EXEC_INHERIT);
	CHECK_INTEQ(M("/bin/sh"), AA_MAY_EXEC | (2u << AA_EXEC_INDEX_SHIFT));
	built_free(&b);
	aut_ruleset_free(rs);

	/* conflicting exec modes on the same string name both rules */
	rs = aut_ruleset_new(NULL);
	CHECK_INTEQ(add_glob(rs, "/bin/*", AA_MAY_EXEC | AA_EXEC_INHERIT, 0), 0);
	CHECK_INTEQ(add_glob(rs, "/bin/[a-z]*", AA_MAY_EXEC | (1u << AA_EXEC_INDEX_SHIFT), 0), 0);
	memset(&err, 0, sizeof(err));
	CHECK(build_all(rs, &b, &err) < 0);
	CHECK(strstr(err.msg, "/bin/*") != NULL);
	CHECK(strstr(err.msg, "/bin/[a-z]*") != NULL);
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_audit_quiet(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *n;
	struct aut_error err = { 0 };
	CHECK_INTEQ(aut_glob(rs, "/a/*", SIZE_MAX, 0, &n, NULL, &err), 0);
	struct aut_rule r1 = { AUT_RULE_ALLOW, 0x4, 0x4, 0, NULL, "audit /a/* r" };
	CHECK_INTEQ(aut_add_rule(rs, n, &r1, &err), 0);
	CHECK_INTEQ(aut_glob(rs, "/a/q", SIZE_MAX, 0, &n, NULL, &err), 0);
	struct aut_rule r2 = { AUT_RULE_DENY, 0x2, 0x2, 0, NULL, "deny /a/q w" };
	CHECK_INTEQ(aut_add_rule(rs, n, &r2, &err), 0);
	struct built b = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	struct aut_perms p = aut_dfa_match(b.min, "/a/q", 4);
	CHECK_INTEQ(p.allow, 4);
	CHECK_INTEQ(p.audit, 4);
	CHECK_INTEQ(p.quiet, 2);
	CHECK_INTEQ(aut_accept2(&p), 4 | (2 << 7));
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_multi_component(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *a, *c;
	struct aut_error err = { 0 };
	CHECK_INTEQ(aut_glob(rs, "/l/*", SIZE_MAX, 0, &a, NULL, &err), 0);
	CHECK_INTEQ(aut_glob(rs, "/t/**", SIZE_MAX, 0, &c, NULL, &err), 0);
	struct aut_node *parts[2] = { a, c };
	struct aut_rule r = { AUT_RULE_ALLOW, AA_OLD_MAY_LINK, 0, 0, NULL, "link /l/* -> /t/**" };
	CHECK_INTEQ(aut_add_rule_vec(rs, parts, 2, &r, &err), 0);
	struct built b = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(accept_of(&b, "/l/x\0/t/y/z", 11), AA_OLD_MAY_LINK);
	CHECK_INTEQ(accept_of(&b, "/l/x", 4), 0);
	CHECK_INTEQ(accept_of(&b, "/l/x\0/t/", 8), 0);
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_regex_dialect(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *n;
	struct aut_error err = { 0 };
	CHECK_INTEQ(aut_regex(rs, "\\x0e\\x00\\x01(a|b)+[^\\x00]*", SIZE_MAX, &n, &err), 0);
	struct aut_rule r = { AUT_RULE_ALLOW, 4, 0, 0, NULL, "net" };
	CHECK_INTEQ(aut_add_rule(rs, n, &r, &err), 0);
	struct built b = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(accept_of(&b, "\x0e\x00\x01" "ab", 5), 4);
	CHECK_INTEQ(accept_of(&b, "\x0e\x00\x01", 3), 0);
	CHECK_INTEQ(accept_of(&b, "\x0e\x00\x01" "aXY", 6), 4);
	CHECK(aut_regex(rs, "(a", SIZE_MAX, &n, &err) < 0);
	CHECK(aut_regex(rs, "a)", SIZE_MAX, &n, &err) < 0);
	CHECK(aut_regex(rs, "[a", SIZE_MAX, &n, &err) < 0);
	built_free(&b);
	aut_ruleset_free(rs);
}

/*
 * Position reduction merges bisimilar positions across rules; cycles longer
 * than a star's self-loop must stay apart. Raw regexes reach those shapes.
 */
static int add_re(struct aut_ruleset *rs, const char *re, uint32_t perms)
{
	struct aut_node *n;
	struct aut_error err = { 0 };
	int r = aut_regex(rs, re, SIZE_MAX, &n, &err);
	if (r)
		return r;
	struct aut_rule rule = { AUT_RULE_ALLOW, perms, 0, 0, NULL, re };
	return aut_add_rule(rs, n, &rule, &err);
}

static void test_reduction_cycles(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	CHECK_INTEQ(add_re(rs, "x(ab)*c", 4), 0);
	CHECK_INTEQ(add_re(rs, "y(ab)*c", 4), 0);
	CHECK_INTEQ(add_re(rs, "y(ba)*c", 2), 0);
	CHECK_INTEQ(add_re(rs, "z(a|b)*c", 8), 0);
	CHECK_INTEQ(add_re(rs, "w[^/]*q", 4), 0);
	CHECK_INTEQ(add_re(rs, "v[^/]*q", 4), 0);
	CHECK_INTEQ(add_re(rs, "v[^/][^/]*q", 1), 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(M("xc"), 4);
	CHECK_INTEQ(M("xababc"), 4);
	CHECK_INTEQ(M("xabac"), 0);
	CHECK_INTEQ(M("xbac"), 0);
	CHECK_INTEQ(M("yc"), 6);
	CHECK_INTEQ(M("yabc"), 4);
	CHECK_INTEQ(M("ybac"), 2);
	CHECK_INTEQ(M("ybabac"), 2);
	CHECK_INTEQ(M("yababc"), 4);
	CHECK_INTEQ(M("yabbac"), 0);
	CHECK_INTEQ(M("zabbac"), 8);
	CHECK_INTEQ(M("zc"), 8);
	CHECK_INTEQ(M("wq"), 4);
	CHECK_INTEQ(M("wxyq"), 4);
	CHECK_INTEQ(M("vq"), 4);
	CHECK_INTEQ(M("vxq"), 5);
	CHECK_INTEQ(M("vx/q"), 0);
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_minimize_counts(void)
{
	/* the example from apparmor_parser -D dfa-stats: 11 states */
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	add_glob(rs, "/a/b/c", 0x10004, 0);
	add_glob(rs, "/x/b/c", 0x10004, 0);
	add_glob(rs, "/y/b/c", 0x10004, 0);
	add_glob(rs, "/q/**", 0x3800e, 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(aut_dfa_upstream_state_count(b.min), 11);
	CHECK_INTEQ(b.min->nstates, 11);
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_serialize_roundtrip(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	add_glob(rs, "/etc/**", 4, 0);
	add_glob(rs, "/tmp/*.{a,b}", 6, 0);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	for (int ec = 0; ec < 2; ec++) {
		struct aut_tables *t = ec ? b.tec : b.t;
		struct strbuf sb = STRBUF_INIT;
		aut_tables_serialize(t, &sb);
		CHECK_INTEQ(sb.len % 8, 0);
		const uint8_t *u = (const uint8_t *)sb.buf;
		CHECK_INTEQ(u[0], 0x1b);
		CHECK_INTEQ(u[3], 0x3d);
		CHECK_INTEQ(((uint32_t)u[8] << 24 | u[9] << 16 | u[10] << 8 | u[11]), sb.len);
		struct aut_tables *p = NULL;
		CHECK_INTEQ(aut_tables_parse(sb.buf, sb.len, &p, &err), 0);
		if (p) {
			CHECK_INTEQ(p->accept[aut_tables_walk(p, 1, "/tmp/x.b", 8)], 6);
			CHECK_INTEQ(p->accept[aut_tables_walk(p, 1, "/etc/x/y", 8)], 4);
			CHECK_INTEQ(p->accept[aut_tables_walk(p, 1, "/tmp/x.c", 8)], 0);
			aut_tables_free(p);
		}
		/* truncated blobs are rejected, never read out of bounds */
		for (size_t cut = 0; cut < sb.len; cut += 5) {
			p = NULL;
			if (aut_tables_parse(sb.buf, cut, &p, &err) == 0)
				aut_tables_free(p);
		}
		strbuf_release(&sb);
	}
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_limits(void)
{
	struct aut_limits lim = { 50, 0, 0 };
	struct aut_ruleset *rs = aut_ruleset_new(&lim);
	add_glob(rs, "/a/b", 4, 0);
	add_glob(rs, "/x/*a?????????", 4, 0);   /* exponential blow-up for a DFA */
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), -E2BIG);
	CHECK(strstr(err.msg, "/x/*a?????????") != NULL);
	built_free(&b);
	aut_ruleset_free(rs);
}

static void test_empty_ruleset(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct built b = { 0 };
	struct aut_error err = { 0 };
	CHECK_INTEQ(build_all(rs, &b, &err), 0);
	CHECK_INTEQ(b.min->nstates, 2);
	CHECK_INTEQ(M("/x"), 0);
	built_free(&b);
	aut_ruleset_free(rs);
}

/* The walks of all four forms after an out-of-band step: accept, or -1 if they disagree. */
static long long accept_after_oob(struct built *b, const char *pre, const char *post, size_t npost)
{
	size_t n = strlen(pre);
	uint32_t s[4] = {
		aut_dfa_walk(b->dfa, 1, pre, n), aut_dfa_walk(b->min, 1, pre, n),
		aut_tables_walk(b->t, 1, pre, n), aut_tables_walk(b->tec, 1, pre, n),
	};
	s[0] = aut_dfa_walk(b->dfa, aut_dfa_oob(b->dfa, s[0]), post, npost);
	s[1] = aut_dfa_walk(b->min, aut_dfa_oob(b->min, s[1]), post, npost);
	s[2] = aut_tables_walk(b->t, aut_tables_oob(b->t, s[2]), post, npost);
	s[3] = aut_tables_walk(b->tec, aut_tables_oob(b->tec, s[3]), post, npost);
	uint32_t a[4] = { b->dfa->perms[s[0]].allow, b->min->perms[s[1]].allow, b->t->accept[s[2]],
			  b->tec->accept[s[3]] };
	if (a[0] != a[1] || a[0] != a[2] || a[0] != a[3])
		return -1;
	return a[0];
}

/*
 * The out-of-band symbol (xattr attachments): a class of its own that no
 * byte reaches, packed at base - 1 with the BASE and header flags, and
 * walked the same way by all four forms, also with 256 byte classes (257
 * symbols in all).
 */
static void test_out_of_band(void)
{
	for (int wide = 0; wide < 2; wide++) {
		struct aut_ruleset *rs = aut_ruleset_new(NULL);
		struct aut_error err = { 0 };
		struct aut_node *path, *val;
		CHECK_INTEQ(aut_glob(rs, "/usr/bin/x", SIZE_MAX, 0, &path, NULL, &err), 0);
		CHECK_INTEQ(aut_glob(rs, "a*", SIZE_MAX, AUT_GLOB_NULL, &val, NULL, &err), 0);
		struct aut_rule r1 = { AUT_RULE_ALLOW, 1, 0, 0, NULL, "path" };
		struct aut_rule r2 = { AUT_RULE_ALLOW, 4, 0, 0, NULL, "path+xattr" };
		CHECK_INTEQ(aut_add_rule(rs, path, &r1, &err), 0);
		struct aut_node *chain = aut_cat(rs, aut_cat(rs, aut_cat(rs, path, aut_oob(rs)),
							     aut_byte(rs, 0)), val);
		CHECK_INTEQ(aut_add_rule(rs, chain, &r2, &err), 0);
		if (wide) {
			/* every byte its own class: 256 byte classes, then the OOB one */
			for (unsigned c = 0; c < 256; c++) {
				struct aut_rule rc = { AUT_RULE_ALLOW, 2, 0, 0, NULL, "byte" };
				CHECK_INTEQ(aut_add_rule(rs, aut_cat(rs, aut_byte(rs, 'q'), aut_byte(rs, (uint8_t)c)),
							 &rc, &err), 0);
			}
		}
		struct built b = { 0 };
		CHECK_INTEQ(build_all(rs, &b, &err), 0);
		if (!b.tec) {
			built_free(&b);
			aut_ruleset_free(rs);
			continue;
		}
		CHECK(b.min->oob_class != UINT32_MAX);
		if (wide)
			CHECK_INTEQ(b.min->nclasses, 257);
		CHECK_INTEQ(M("/usr/bin/x"), 1);
		CHECK_INTEQ(accept_after_oob(&b, "/usr/bin/x", "\0abc", 4), 4);
		CHECK_INTEQ(accept_after_oob(&b, "/usr/bin/x", "\0a", 2), 4);
		CHECK_INTEQ(accept_after_oob(&b, "/usr/bin/x", "\0", 1), 0);
		CHECK_INTEQ(accept_after_oob(&b, "/usr/bin/x", "\0b", 2), 0);
		CHECK_INTEQ(accept_after_oob(&b, "/usr/bin/y", "\0a", 2), 0);
		CHECK_INTEQ(accept_after_oob(&b, "/usr/bin/", "\0a", 2), 0);
		/* no byte takes the out-of-band class */
		CHECK_INTEQ(accept_of(&b, "/usr/bin/x\0a", 12), 0);
		if (wide)
			CHECK_INTEQ(M("q\xff"), 2);
		for (int ec = 0; ec < 2; ec++) {
			struct aut_tables *t = ec ? b.tec : b.t;
			CHECK(t->flags & AUT_TH_OOB);
			uint32_t s = aut_tables_walk(t, 1, "/usr/bin/x", 10);
			CHECK(t->base[s] & AUT_BASE_OOB);
			CHECK(!(t->base[1] & AUT_BASE_OOB));
			struct strbuf sb = STRBUF_INIT;
			aut_tables_serialize(t, &sb);
			CHECK_INTEQ((unsigned char)sb.buf[13], AUT_TH_OOB);
			struct aut_tables *p = NULL;
			CHECK_INTEQ(aut_tables_parse(sb.buf, sb.len, &p, &err), 0);
			if (p) {
				uint32_t x = aut_tables_oob(p, aut_tables_walk(p, 1, "/usr/bin/x", 10));
				CHECK_INTEQ(p->accept[aut_tables_walk(p, x, "\0aa", 3)], 4);
				aut_tables_free(p);
			}
			strbuf_release(&sb);
		}
		built_free(&b);
		aut_ruleset_free(rs);
	}
}

/*
 * Differential encoding: states that repeat most of an earlier state's row
 * name it as reference (BASE bit 31, header flag 1) and place only what
 * differs; every walk agrees with the plain tables, the tables shrink, and
 * a blob whose reference chain loops is refused.
 */
static void test_diff_encode(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	add_glob(rs, "/usr/{lib,share,libexec}/**", 4, 0);
	add_glob(rs, "/usr/lib/x86_64-linux-gnu/*.so*", 5, 0);
	add_glob(rs, "/usr/share/{icons,fonts,themes}/**", 4, 0);
	add_glob(rs, "/home/*/.config/app/**", 6, 0);
	add_glob(rs, "/home/*/.cache/app/**", 6, 0);
	add_glob(rs, "/etc/{passwd,group,hosts,nsswitch.conf}", 4, 0);
	struct aut_dfa *dfa = NULL, *min = NULL;
	struct aut_tables *plain = NULL, *diff = NULL, *parsed = NULL;
	struct aut_error err = { 0 };
	CHECK_INTEQ(aut_build(rs, NULL, &dfa, &err), 0);
	CHECK_INTEQ(aut_minimize(dfa, &min, &err), 0);
	struct aut_pack_opts po = { 0 };
	CHECK_INTEQ(aut_pack(min, &po, &plain, &err), 0);
	po.diff_encode = true;
	CHECK_INTEQ(aut_pack(min, &po, &diff, &err), 0);
	if (plain && diff) {
		uint32_t ndiff = 0;
		for (uint32_t s = 0; s < diff->nstates; s++)
			if (diff->base[s] & 0x80000000u) {
				ndiff++;
				CHECK(diff->def[s] < s);   /* references point back: chains end */
			}
		printf("# %u states, %u diff-encoded; next/check %u -> %u\n", diff->nstates, ndiff,
		       plain->nnext, diff->nnext);
		CHECK(ndiff > 0);
		CHECK(diff->flags & 1);
		CHECK(diff->nnext <= plain->nnext);
		const char *probe[] = { "/usr/lib/a", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/share/icons/x",
					"/usr/share/doc", "/home/u/.config/app/x", "/home/u/.cache/app/",
					"/etc/hosts", "/etc/host", "/usr/libexec/y/z", "/home/u/.config/ap" };
		for (size_t i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
			size_t n = strlen(probe[i]);
			CHECK_INTEQ(diff->accept[aut_tables_walk(diff, 1, probe[i], n)],
				    plain->accept[aut_tables_walk(plain, 1, probe[i], n)]);
		}
		struct strbuf sb = STRBUF_INIT;
		aut_tables_serialize(diff, &sb);
		CHECK_INTEQ(aut_tables_parse(sb.buf, sb.len, &parsed, &err), 0);
		if (parsed)
			CHECK_INTEQ(parsed->accept[aut_tables_walk(parsed, 1, "/usr/share/icons/x", 18)], 4);
		/* a loop: the highest diff-encoded state's reference made to point
		 * back at it through its own reference is refused */
		for (uint32_t s = diff->nstates; s-- > 1;) {
			if (!(diff->base[s] & 0x80000000u))
				continue;
			uint32_t r = diff->def[s];
			uint32_t saved_base = diff->base[r], saved_def = diff->def[r];
			diff->base[r] |= 0x80000000u;
			diff->def[r] = s;
			struct strbuf bad = STRBUF_INIT;
			aut_tables_serialize(diff, &bad);
			struct aut_tables *p2 = NULL;
			CHECK(aut_tables_parse(bad.buf, bad.len, &p2, &err) != 0);
			aut_tables_free(p2);
			strbuf_release(&bad);
			diff->base[r] = saved_base;
			diff->def[r] = saved_def;
			break;
		}
		strbuf_release(&sb);
	}
	aut_tables_free(parsed);
	aut_tables_free(plain);
	aut_tables_free(diff);
	aut_dfa_free(min);
	aut_dfa_free(dfa);
	aut_ruleset_free(rs);
}

/*
 * More than 65,535 states: refused without the kernel's policy/state32,
 * packed with 32-bit DEFAULT/NEXT/CHECK with it, and read back. "an 'a'
 * exactly 16 bytes before the end" needs 2^16 states and more.
 */
static void test_state32(void)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_error err = { 0 };
	CHECK_INTEQ(add_glob(rs, "/x/*a???????????????", 4, 0), 0);
	struct aut_dfa *dfa = NULL, *min = NULL;
	struct aut_tables *t = NULL, *p = NULL;
	CHECK_INTEQ(aut_build(rs, NULL, &dfa, &err), 0);
	if (dfa)
		CHECK_INTEQ(aut_minimize(dfa, &min, &err), 0);
	if (min) {
		printf("# %u states\n", min->nstates);
		CHECK(min->nstates > 65535);
		struct aut_pack_opts po = { 0 };
		CHECK_INTEQ(aut_pack(min, &po, &t, &err), -E2BIG);
		CHECK(strstr(err.msg, "state32") != NULL);
		po.state32 = true;
		CHECK_INTEQ(aut_pack(min, &po, &t, &err), 0);
	}
	if (t) {
		CHECK(t->wide);
		struct strbuf sb = STRBUF_INIT;
		aut_tables_serialize(t, &sb);
		CHECK_INTEQ(aut_tables_parse(sb.buf, sb.len, &p, &err), 0);
		if (p) {
			CHECK(p->wide);
			const char *yes = "/x/qqa0123456789abcde", *no = "/x/qqb0123456789abcde";
			CHECK_INTEQ(p->accept[aut_tables_walk(p, 1, yes, strlen(yes))], 4);
			CHECK_INTEQ(p->accept[aut_tables_walk(p, 1, no, strlen(no))], 0);
			CHECK_INTEQ(t->accept[aut_tables_walk(t, 1, yes, strlen(yes))], 4);
		}
		strbuf_release(&sb);
	}
	aut_tables_free(p);
	aut_tables_free(t);
	aut_dfa_free(min);
	aut_dfa_free(dfa);
	aut_ruleset_free(rs);
}

int main(void)
{
	RUN(test_glob_star);
	RUN(test_glob_alt_class_escape);
	RUN(test_glob_errors);
	RUN(test_glob_class_ranges);
	RUN(test_perms_merge);
	RUN(test_audit_quiet);
	RUN(test_multi_component);
	RUN(test_regex_dialect);
	RUN(test_reduction_cycles);
	RUN(test_minimize_counts);
	RUN(test_serialize_roundtrip);
	RUN(test_limits);
	RUN(test_empty_ruleset);
	RUN(test_out_of_band);
	RUN(test_diff_encode);
	RUN(test_state32);
	return TEST_DONE();
}
