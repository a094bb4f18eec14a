/*
 * Unit tests of src/binary/reader.c and src/binary/equiv.c: hand-built load
 * buffers element by element (named u32, strings, arrays, structs, aligned
 * DFA blobs), every truncation of a valid buffer, bad counts and strings,
 * and the product-automaton comparison (shortest difference, reordered
 * rules, xtable slots compared by name, a 20,000-state DFA).
 */
#include "automata/automata.h"
#include "binary/equiv.h"
#include "binary/reader.h"
#include "support/strbuf.h"
#include "test.h"

#include <errno.h>
#include <stdint.h>
#include <time.h>

/* ---- a byte builder for the typed stream ---- */

struct bb {
	struct strbuf s;
	size_t unit;   /* offset of the current unit (the writer's pad reference) */
};

static void put8(struct bb *b, uint8_t v) { strbuf_addch(&b->s, (char)v); }
static void put16(struct bb *b, uint16_t v) { put8(b, v & 0xff); put8(b, v >> 8); }
static void put32(struct bb *b, uint32_t v) { put16(b, v & 0xffff); put16(b, v >> 16); }

static void w_name(struct bb *b, const char *n)
{
	if (!n)
		return;
	put8(b, 0x04);
	put16(b, (uint16_t)(strlen(n) + 1));
	strbuf_add(&b->s, n, strlen(n) + 1);
}

static void w_u16(struct bb *b, const char *n, uint16_t v) { w_name(b, n); put8(b, 0x01); put16(b, v); }
static void w_u32(struct bb *b, const char *n, uint32_t v) { w_name(b, n); put8(b, 0x02); put32(b, v); }
static void w_u64(struct bb *b, const char *n, uint64_t v)
{
	w_name(b, n);
	put8(b, 0x03);
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}
static void w_strn(struct bb *b, const char *n, const char *s, size_t len)  /* len includes NUL */
{
	w_name(b, n);
	put8(b, 0x05);
	put16(b, (uint16_t)len);
	strbuf_add(&b->s, s, len);
}
static void w_str(struct bb *b, const char *n, const char *s) { w_strn(b, n, s, strlen(s) + 1); }
static void w_struct(struct bb *b, const char *n) { w_name(b, n); put8(b, 0x07); }
static void w_end(struct bb *b) { put8(b, 0x08); }
static void w_array(struct bb *b, const char *n, uint16_t count) { w_name(b, n); put8(b, 0x0b); put16(b, count); }
static void w_arrayend(struct bb *b) { put8(b, 0x0c); }

/* the writer's aligned blob: pad so the DFA starts 8-aligned from the unit start */
static void w_dfa(struct bb *b, const struct strbuf *dfa)
{
	w_name(b, "aadfa");
	size_t pad = (8 - ((b->s.len + 5 - b->unit) & 7)) & 7;
	put8(b, 0x06);
	put32(b, (uint32_t)(dfa->len + pad));
	for (size_t i = 0; i < pad; i++)
		put8(b, 0);
	strbuf_add(&b->s, dfa->buf, dfa->len);
}

/* a packed DFA of glob rules; perms[i] for globs[i] */
static void make_dfa(const char *const *globs, const uint32_t *perms, size_t n, struct strbuf *out)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_error err;
	for (size_t i = 0; i < n; i++) {
		struct aut_node *node;
		if (aut_glob(rs, globs[i], SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &node, NULL, &err) < 0)
			abort();
		struct aut_rule rule = { AUT_RULE_ALLOW, perms[i], 0, 0, NULL, globs[i] };
		if (aut_add_rule(rs, node, &rule, &err) < 0)
			abort();
	}
	struct aut_dfa *dfa, *min;
	struct aut_tables *t;
	struct aut_pack_opts po = { 0 };
	if (aut_build(rs, NULL, &dfa, &err) < 0 || aut_minimize(dfa, &min, &err) < 0 ||
	    aut_pack(min, &po, &t, &err) < 0)
		abort();
	aut_tables_serialize(t, out);
	aut_tables_free(t);
	aut_dfa_free(dfa);
	aut_dfa_free(min);
	aut_ruleset_free(rs);
}

struct prof_opts {
	const char *name;
	const char *ns;               /* unit namespace header */
	bool no_version;
	uint32_t version;
	uint32_t flags, mode;
	uint32_t caps_lo, caps_hi;
	const struct strbuf *file_dfa;
	const char *const *xtable;    /* NULL-terminated */
	bool rlimits;
	const char *const *xattrs;
};

static void w_profile(struct bb *b, const struct prof_opts *o)
{
	b->unit = b->s.len;
	if (!o->no_version)
		w_u32(b, "version", o->version ? o->version : 0x00202007);
	if (o->ns)
		w_str(b, "namespace", o->ns);
	w_struct(b, "profile");
	w_str(b, NULL, o->name);
	w_struct(b, "flags");
	w_u32(b, NULL, o->flags);
	w_u32(b, NULL, o->mode);
	w_u32(b, NULL, 0);
	w_end(b);
	w_u32(b, NULL, o->caps_lo);
	w_u32(b, NULL, 0);
	w_u32(b, NULL, 0);
	w_u32(b, NULL, 0);
	w_struct(b, "caps64");
	w_u32(b, NULL, o->caps_hi);
	w_u32(b, NULL, 0);
	w_u32(b, NULL, 0);
	w_u32(b, NULL, 0);
	w_end(b);
	if (o->xattrs) {
		size_t n = 0;
		while (o->xattrs[n])
			n++;
		w_struct(b, "xattrs");
		w_array(b, NULL, (uint16_t)n);
		for (size_t i = 0; i < n; i++)
			w_str(b, NULL, o->xattrs[i]);
		w_arrayend(b);
		w_end(b);
	}
	if (o->rlimits) {
		w_struct(b, "rlimits");
		w_u32(b, NULL, 1u << 7);
		w_array(b, NULL, 16);
		for (int i = 0; i < 16; i++)
			w_u64(b, NULL, i == 7 ? 1024 : 0);
		w_arrayend(b);
		w_end(b);
	}
	if (o->file_dfa) {
		w_dfa(b, o->file_dfa);
		if (o->xtable) {
			size_t n = 0;
			while (o->xtable[n])
				n++;
			w_struct(b, "xtable");
			w_array(b, NULL, (uint16_t)n);
			for (size_t i = 0; i < n; i++) {
				const char *s = o->xtable[i];
				/* :ns:name -> :ns\0name */
				char tmp[256];
				snprintf(tmp, sizeof(tmp), "%s", s);
				if (tmp[0] == ':') {
					char *c = strchr(tmp + 1, ':');
					if (c)
						*c = '\0';
				}
				w_strn(b, NULL, tmp, strlen(s) + 1);
			}
			w_arrayend(b);
			w_end(b);
		}
	}
	w_end(b);
}

static int decode(const struct bb *b, struct binread_policy **pol, struct binread_error *err)
{
	return binread_decode(b->s.buf, b->s.len, NULL, pol, err);
}

/* ---- tests ---- */

static void test_minimal_profile(void)
{
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "/usr/bin/foo", .flags = 1, .mode = 1,
					   .caps_lo = 1, .caps_hi = 1u << 8 });
	struct binread_policy *pol;
	struct binread_error err;
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (pol) {
		CHECK_INTEQ(pol->nprofiles, 1);
		const struct binread_profile *p = &pol->profiles[0];
		CHECK_STREQ(p->name, "/usr/bin/foo");
		CHECK(p->ns == NULL);
		CHECK_INTEQ(p->flags, 1);
		CHECK_INTEQ(p->mode, 1);
		CHECK_INTEQ(p->version, 0x00202007);
		CHECK(p->caps_allow == (1ull | (1ull << 40)));
		CHECK(p->has_caps64);
		CHECK(!p->has_path_flags);
		CHECK(p->file.dfa.tables == NULL);
		binread_free(pol);
	}
	strbuf_release(&b.s);
}

static void test_named_u32_element(void)
{
	/* the exact bytes of the doc's example: 04 08 00 "version\0" 02 xx xx xx xx */
	struct bb b = { STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	static const uint8_t expect[] = { 0x04, 0x08, 0x00, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0,
					  0x02, 0x07, 0x20, 0x20, 0x00 };
	CHECK_INTEQ(b.s.len, sizeof(expect));
	CHECK(memcmp(b.s.buf, expect, sizeof(expect)) == 0);
	/* version alone: no profile struct follows */
	struct binread_policy *pol;
	struct binread_error err;
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(pol == NULL);
	CHECK(strstr(err.msg, "profile") != NULL);
	CHECK_INTEQ(err.offset, 16);
	strbuf_release(&b.s);
}

static void test_version_checks(void)
{
	static const uint32_t bad[] = { 4, 10, 0x3ff, 0x00202004 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bb b = { STRBUF_INIT, 0 };
		w_profile(&b, &(struct prof_opts){ .name = "a", .version = bad[i] });
		struct binread_policy *pol;
		struct binread_error err;
		CHECK(decode(&b, &pol, &err) < 0);
		CHECK(strstr(err.msg, "version") != NULL);
		strbuf_release(&b.s);
	}
	/* missing in the first unit */
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "a", .no_version = true });
	struct binread_policy *pol;
	struct binread_error err;
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK_INTEQ(err.offset, 0);
	CHECK(strstr(err.msg, "version") != NULL);
	strbuf_release(&b.s);
	/* abi 5 and 9 are fine, a later unit may omit it */
	b = (struct bb){ STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "a", .version = 5 });
	w_profile(&b, &(struct prof_opts){ .name = "b", .no_version = true });
	w_profile(&b, &(struct prof_opts){ .name = "c", .version = 9 });
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (pol) {
		CHECK_INTEQ(pol->nprofiles, 3);
		CHECK_INTEQ(pol->profiles[1].version, 5);
		CHECK(!pol->profiles[1].unit_has_version);
		CHECK_INTEQ(pol->profiles[2].version, 9);
		binread_free(pol);
	}
	strbuf_release(&b.s);
}

static void test_mode_checks(void)
{
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "a", .mode = 5 });
	struct binread_policy *pol;
	struct binread_error err;
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "mode") != NULL);
	strbuf_release(&b.s);
}

static void test_namespaces(void)
{
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = ":myns:outer", .ns = "myns" });
	w_profile(&b, &(struct prof_opts){ .name = "outer//hat", .flags = 1 });
	w_profile(&b, &(struct prof_opts){ .name = ":other://x" });
	struct binread_policy *pol;
	struct binread_error err;
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (pol) {
		CHECK_STREQ(pol->profiles[0].ns, "myns");
		CHECK_STREQ(pol->profiles[0].basename, "outer");
		CHECK_STREQ(pol->profiles[0].unit_namespace, "myns");
		CHECK_STREQ(pol->profiles[1].ns, "myns");      /* inherited from the load */
		CHECK_STREQ(pol->profiles[1].basename, "outer//hat");
		CHECK_STREQ(pol->profiles[2].ns, "other");
		CHECK_STREQ(pol->profiles[2].basename, "x");
		char *k = binread_profile_key(&pol->profiles[1]);
		CHECK_STREQ(k, ":myns:outer//hat");
		free(k);
		CHECK(binread_find_profile(pol, "outer//hat") == &pol->profiles[1]);
		CHECK(binread_find_profile(pol, ":myns:outer") == &pol->profiles[0]);
		CHECK(binread_find_profile(pol, "nope") == NULL);
		binread_free(pol);
	}
	strbuf_release(&b.s);
	/* an empty namespace header and a namespace-only name are rejected */
	b = (struct bb){ STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "a", .ns = "" });
	CHECK(decode(&b, &pol, &err) < 0);
	strbuf_release(&b.s);
	b = (struct bb){ STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = ":ns:" });
	CHECK(decode(&b, &pol, &err) < 0);
	strbuf_release(&b.s);
}

static void test_bad_strings(void)
{
	struct binread_policy *pol;
	struct binread_error err;
	/* not NUL-terminated name */
	struct bb b = { STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profile");
	w_strn(&b, NULL, "abc", 3);
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "NUL") != NULL);
	strbuf_release(&b.s);
	/* zero length */
	b = (struct bb){ STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profile");
	w_strn(&b, NULL, "", 0);
	CHECK(decode(&b, &pol, &err) < 0);
	strbuf_release(&b.s);
	/* empty name */
	b = (struct bb){ STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "" });
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "empty profile name") != NULL);
	strbuf_release(&b.s);
	/* length running past the end */
	b = (struct bb){ STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profile");
	put8(&b, 0x05);
	put16(&b, 500);
	strbuf_add(&b.s, "abc", 4);
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "truncated") != NULL);
	strbuf_release(&b.s);
	/* a NAME that does not match a required one */
	b = (struct bb){ STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profilx");
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "NAME \"profilx\"") != NULL);
	strbuf_release(&b.s);
}

static void test_xtable(void)
{
	static const char *const globs[] = { "/bin/a", "/bin/b" };
	/* exec index 4 and 5, both halves */
	uint32_t pa = AA_MAY_EXEC | (4u << AA_EXEC_INDEX_SHIFT), pb = AA_MAY_EXEC | (5u << AA_EXEC_INDEX_SHIFT);
	const uint32_t perms[] = { pa | pa << AA_OTHER_SHIFT, pb | pb << AA_OTHER_SHIFT };
	struct strbuf dfa = STRBUF_INIT;
	make_dfa(globs, perms, 2, &dfa);
	static const char *const xt[] = { "child", ":otherns:target", NULL };
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "p", .file_dfa = &dfa, .xtable = xt });
	struct binread_policy *pol;
	struct binread_error err;
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (pol) {
		const struct binread_profile *p = &pol->profiles[0];
		CHECK(p->file.xtable.present);
		CHECK_INTEQ(p->file.xtable.n, 2);
		if (p->file.xtable.n == 2) {
			CHECK_STREQ(p->file.xtable.names[0], "child");
			CHECK_STREQ(p->file.xtable.names[1], ":otherns:target");
		}
		uint32_t s = binread_dfa_walk(&p->file.dfa, binread_pdb_start(&p->file, true), "/bin/b", 6);
		char *txt = binequiv_format_state(BINEQUIV_FILE, &p->file, &p->file.xtable, s);
		CHECK(strstr(txt, "-> :otherns:target") != NULL);
		free(txt);
		binread_free(pol);
	}
	strbuf_release(&b.s);
	/* an xtable too short for the index the DFA uses */
	static const char *const xt1[] = { "child", NULL };
	b = (struct bb){ STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "p", .file_dfa = &dfa, .xtable = xt1 });
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "xtable") != NULL);
	strbuf_release(&b.s);
	/* bad entries: embedded NUL without ':', leading space, ':' then NUL, two NULs */
	static const char *const bads[][2] = {
		{ "ab\0c", "embedded" }, { " x", "white" }, { ":\0x", "namespace" }, { ":a\0b\0c", "more than one" },
	};
	static const size_t badlen[] = { 5, 3, 4, 7 };
	for (size_t i = 0; i < 4; i++) {
		b = (struct bb){ STRBUF_INIT, 0 };
		b.unit = 0;
		w_u32(&b, "version", 0x00202007);
		w_struct(&b, "profile");
		w_str(&b, NULL, "p");
		w_struct(&b, "flags");
		w_u32(&b, NULL, 0); w_u32(&b, NULL, 0); w_u32(&b, NULL, 0);
		w_end(&b);
		for (int k = 0; k < 4; k++)
			w_u32(&b, NULL, 0);
		w_dfa(&b, &dfa);
		w_struct(&b, "xtable");
		w_array(&b, NULL, 2);
		w_str(&b, NULL, "ok");
		w_strn(&b, NULL, bads[i][0], badlen[i]);
		w_arrayend(&b);
		w_end(&b);
		w_end(&b);
		CHECK(decode(&b, &pol, &err) < 0);
		CHECK(strstr(err.msg, bads[i][1]) != NULL);
		if (!strstr(err.msg, bads[i][1]))
			printf("#   message: %s\n", err.msg);
		strbuf_release(&b.s);
	}
	strbuf_release(&dfa);
}

static void test_bad_counts(void)
{
	struct binread_policy *pol;
	struct binread_error err;
	/* xtable claiming 65535 entries */
	struct bb b = { STRBUF_INIT, 0 };
	static const char *const globs[] = { "/x" };
	const uint32_t perms[] = { AA_MAY_READ };
	struct strbuf dfa = STRBUF_INIT;
	make_dfa(globs, perms, 1, &dfa);
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profile");
	w_str(&b, NULL, "p");
	w_struct(&b, "flags");
	w_u32(&b, NULL, 0); w_u32(&b, NULL, 0); w_u32(&b, NULL, 0);
	w_end(&b);
	for (int k = 0; k < 4; k++)
		w_u32(&b, NULL, 0);
	size_t mark = b.s.len;
	w_struct(&b, "xattrs");
	w_array(&b, NULL, 0xffff);
	w_str(&b, NULL, "a");
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "cannot fit") != NULL);
	/* rlimits with 17 entries */
	b.s.len = mark;
	w_struct(&b, "rlimits");
	w_u32(&b, NULL, 1);
	w_array(&b, NULL, 17);
	for (int i = 0; i < 17; i++)
		w_u64(&b, NULL, 1);
	w_arrayend(&b);
	w_end(&b);
	w_end(&b);
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "rlimit") != NULL);
	/* a perms table with a huge count */
	b.s.len = mark;
	w_struct(&b, "perms");
	w_u32(&b, "version", 1);
	w_array(&b, NULL, 60000);
	for (int i = 0; i < 14; i++)
		w_u32(&b, NULL, 0);
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "cannot fit") != NULL);
	/* perms table entry version 2 */
	b.s.len = mark;
	w_struct(&b, "perms");
	w_u32(&b, "version", 2);
	w_array(&b, NULL, 1);
	for (int i = 0; i < 14; i++)
		w_u32(&b, NULL, 0);
	w_arrayend(&b);
	w_end(&b);
	CHECK(decode(&b, &pol, &err) < 0);
	/* a blob length past the end */
	b.s.len = mark;
	w_name(&b, "aadfa");
	put8(&b, 0x06);
	put32(&b, 0xfffffff0u);
	CHECK(decode(&b, &pol, &err) < 0);
	CHECK(strstr(err.msg, "truncated") != NULL);
	strbuf_release(&b.s);
	strbuf_release(&dfa);
}

static void test_rlimits_xattrs(void)
{
	static const char *const xa[] = { "security.apparmor", "user.x", NULL };
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "p", .rlimits = true, .xattrs = xa });
	struct binread_policy *pol;
	struct binread_error err;
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (pol) {
		const struct binread_profile *p = &pol->profiles[0];
		CHECK(p->has_rlimits);
		CHECK_INTEQ(p->rlimit_mask, 0x80);
		CHECK_INTEQ(p->nrlimits, 16);
		CHECK_INTEQ(p->rlimits[7], 1024);
		CHECK_INTEQ(p->nxattrs, 2);
		if (p->nxattrs == 2)
			CHECK_STREQ(p->xattrs[1], "user.x");
		binread_free(pol);
	}
	strbuf_release(&b.s);
}

static void test_net_allowed_af(void)
{
	struct bb b = { STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profile");
	w_str(&b, NULL, "p");
	w_struct(&b, "flags");
	w_u32(&b, NULL, 0); w_u32(&b, NULL, 0); w_u32(&b, NULL, 0);
	w_end(&b);
	for (int k = 0; k < 4; k++)
		w_u32(&b, NULL, 0);
	w_array(&b, "net_allowed_af", 3);
	for (int i = 0; i < 3; i++) {
		w_u16(&b, NULL, i == 2 ? 0x2 : 0);
		w_u16(&b, NULL, 0);
		w_u16(&b, NULL, i == 1 ? 0xffff : 0);
	}
	w_arrayend(&b);
	w_end(&b);
	struct binread_policy *pol;
	struct binread_error err;
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (pol) {
		const struct binread_profile *p = &pol->profiles[0];
		CHECK(p->has_net_allowed_af);
		CHECK_INTEQ(p->nnet_af, 3);
		if (p->nnet_af == 3) {
			CHECK_INTEQ(p->net_af[2][0], 2);
			CHECK_INTEQ(p->net_af[1][2], 0xffff);
		}
		binread_free(pol);
	}
	strbuf_release(&b.s);
}

/* a DFA at every alignment: the pad is recovered however the unit sits in the buffer */
static void test_dfa_pad(void)
{
	static const char *const globs[] = { "/etc/passwd", "/tmp/**" };
	const uint32_t perms[] = { AA_MAY_READ, AA_MAY_READ | AA_MAY_WRITE };
	struct strbuf dfa = STRBUF_INIT;
	make_dfa(globs, perms, 2, &dfa);
	CHECK(dfa.len % 8 == 0);
	for (int shift = 0; shift < 8; shift++) {
		struct bb b = { STRBUF_INIT, 0 };
		/* a first unit whose length varies with shift (its name), then ours */
		char name[16] = "a";
		for (int i = 0; i < shift; i++)
			strcat(name, "x");
		w_profile(&b, &(struct prof_opts){ .name = name });
		w_profile(&b, &(struct prof_opts){ .name = "p", .no_version = shift & 1, .file_dfa = &dfa });
		struct binread_policy *pol;
		struct binread_error err;
		CHECK_INTEQ(decode(&b, &pol, &err), 0);
		if (!pol) {
			printf("#   shift %d: %s\n", shift, err.msg);
			strbuf_release(&b.s);
			continue;
		}
		const struct binread_pdb *f = &pol->profiles[1].file;
		CHECK(f->dfa.tables != NULL);
		CHECK((f->dfa.offset - pol->profiles[1].offset) % 8 == 0);
		CHECK_INTEQ(f->dfa.size, dfa.len);
		uint32_t s = binread_dfa_walk(&f->dfa, binread_pdb_start(f, true), "/tmp/x", 6);
		CHECK_INTEQ(f->dfa.tables->accept[s], AA_MAY_READ | AA_MAY_WRITE);
		s = binread_dfa_walk(&f->dfa, 1, "/etc/passwd", 11);
		CHECK_INTEQ(f->dfa.tables->accept[s], AA_MAY_READ);
		binread_free(pol);
		strbuf_release(&b.s);
	}
	/* a blob shorter than its pad, and garbage DFA bytes */
	struct bb b = { STRBUF_INIT, 0 };
	w_u32(&b, "version", 0x00202007);
	w_struct(&b, "profile");
	w_str(&b, NULL, "p");
	w_struct(&b, "flags");
	w_u32(&b, NULL, 0); w_u32(&b, NULL, 0); w_u32(&b, NULL, 0);
	w_end(&b);
	for (int k = 0; k < 4; k++)
		w_u32(&b, NULL, 0);
	size_t mark = b.s.len;
	struct binread_policy *pol;
	struct binread_error err;
	for (int len = 1; len < 40; len++) {
		b.s.len = mark;
		w_name(&b, "aadfa");
		put8(&b, 0x06);
		put32(&b, (uint32_t)len);
		for (int i = 0; i < len; i++)
			put8(&b, (uint8_t)(i * 37));
		w_end(&b);
		CHECK(decode(&b, &pol, &err) < 0);
	}
	/* the right bytes but a corrupted table: an out-of-range NEXT entry */
	b.s.len = mark;
	w_dfa(&b, &dfa);
	w_end(&b);
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	binread_free(pol);
	size_t dfa_at = b.s.len - 1 - dfa.len;
	/* bytes of the tables overwritten with 0xff here and there */
	for (size_t off = 24; off < dfa.len; off += 97) {
		char save = b.s.buf[dfa_at + off];
		b.s.buf[dfa_at + off] = (char)0xff;
		if (decode(&b, &pol, &err) == 0)
			binread_free(pol);   /* a harmless byte; must still not crash */
		b.s.buf[dfa_at + off] = save;
	}
	strbuf_release(&b.s);
	strbuf_release(&dfa);
}

static struct bb valid_buffer(struct strbuf *dfa)
{
	static const char *const globs[] = { "/bin/a", "/usr/**" };
	uint32_t px = AA_MAY_EXEC | (4u << AA_EXEC_INDEX_SHIFT);
	const uint32_t perms[] = { px | px << AA_OTHER_SHIFT, AA_MAY_READ };
	make_dfa(globs, perms, 2, dfa);
	static const char *const xt[] = { "target", NULL };
	static const char *const xa[] = { "user.x", NULL };
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = ":ns:p", .ns = "ns", .file_dfa = dfa, .xtable = xt,
					   .rlimits = true, .xattrs = xa });
	w_profile(&b, &(struct prof_opts){ .name = "p//hat", .flags = 1, .no_version = true,
					   .file_dfa = dfa, .xtable = xt });
	return b;
}

static void test_truncations(void)
{
	struct strbuf dfa = STRBUF_INIT;
	struct bb b = valid_buffer(&dfa);
	struct binread_policy *pol;
	struct binread_error err;
	CHECK_INTEQ(decode(&b, &pol, &err), 0);
	if (!pol)
		printf("#   %s\n", err.msg);
	size_t boundary = pol ? pol->profiles[1].offset : 0;
	binread_free(pol);
	size_t bad = 0;
	for (size_t n = 0; n < b.s.len; n++) {
		/* an exact copy so ASan sees any read past n */
		char *copy = malloc(n ? n : 1);
		memcpy(copy, b.s.buf, n);
		int r = binread_decode(copy, n, NULL, &pol, &err);
		if (n == boundary) {
			CHECK_INTEQ(r, 0);
			binread_free(pol);
		} else if (r == 0 || pol != NULL || err.code != -EPROTO || err.offset > n) {
			bad++;
			binread_free(pol);
		}
		free(copy);
	}
	CHECK_INTEQ(bad, 0);
	strbuf_release(&b.s);
	strbuf_release(&dfa);
}

/* every single-byte corruption: decode must return cleanly (ASan/UBSan check the rest) */
static void test_corruptions(void)
{
	struct strbuf dfa = STRBUF_INIT;
	struct bb b = valid_buffer(&dfa);
	size_t ok = 0;
	static const uint8_t vals[] = { 0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x7f, 0x80, 0xff };
	for (size_t i = 0; i < b.s.len; i++) {
		uint8_t save = (uint8_t)b.s.buf[i];
		for (size_t v = 0; v < sizeof(vals); v++) {
			b.s.buf[i] = (char)vals[v];
			struct binread_policy *pol;
			struct binread_error err;
			if (binread_decode(b.s.buf, b.s.len, NULL, &pol, &err) == 0) {
				ok++;
				struct binequiv_result res;
				binequiv_compare(pol, pol, NULL, &res);
				CHECK_INTEQ(res.ndiffs, 0);
				binequiv_result_free(&res);
				binread_free(pol);
			} else {
				CHECK(err.msg[0] != '\0');
			}
		}
		b.s.buf[i] = (char)save;
	}
	printf("# %zu of %zu corrupted buffers still decode\n", ok, b.s.len * sizeof(vals));
	strbuf_release(&b.s);
	strbuf_release(&dfa);
}

/* ---- comparison ---- */

static struct binread_policy *policy_of(const char *const *globs, const uint32_t *perms, size_t n,
					const char *const *xtable)
{
	struct strbuf dfa = STRBUF_INIT;
	make_dfa(globs, perms, n, &dfa);
	struct bb b = { STRBUF_INIT, 0 };
	w_profile(&b, &(struct prof_opts){ .name = "prof", .file_dfa = &dfa, .xtable = xtable });
	struct binread_policy *pol = NULL;
	struct binread_error err;
	if (decode(&b, &pol, &err) < 0)
		printf("#   decode: %s\n", err.msg);
	strbuf_release(&b.s);
	strbuf_release(&dfa);
	return pol;
}

static void test_compare_identical_and_reordered(void)
{
	static const char *const g1[] = { "/etc/passwd", "/tmp/**", "/usr/lib/*.so" };
	static const char *const g2[] = { "/usr/lib/*.so", "/etc/passwd", "/tmp/**" };
	const uint32_t p1[] = { AA_MAY_READ, AA_MAY_WRITE, AA_OLD_EXEC_MMAP };
	const uint32_t p2[] = { AA_OLD_EXEC_MMAP, AA_MAY_READ, AA_MAY_WRITE };
	struct binread_policy *a = policy_of(g1, p1, 3, NULL), *b = policy_of(g2, p2, 3, NULL);
	CHECK(a && b);
	if (a && b) {
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, b, NULL, &res), 0);
		CHECK_INTEQ(res.ndiffs, 0);
		CHECK(res.pairs_visited > 0);
		binequiv_result_free(&res);
	}
	binread_free(a);
	binread_free(b);
}

/*
 * a and b differ in exactly one place: the shortest input that shows it
 * prints as input, and the message names both sides' values (msg_a and
 * msg_b, when given).
 */
static void check_one_diff(const struct binread_policy *a, const struct binread_policy *b,
			   const char *input, const char *msg_a, const char *msg_b)
{
	struct binequiv_result res;
	CHECK_INTEQ(binequiv_compare(a, b, NULL, &res), 0);
	CHECK_INTEQ(res.ndiffs, 1);
	if (res.ndiffs == 1) {
		char *s = binequiv_format_input(&res.diffs[0].input);
		CHECK_STREQ(s, input);
		free(s);
		if (msg_a)
			CHECK(strstr(res.diffs[0].message, msg_a) != NULL);
		if (msg_b)
			CHECK(strstr(res.diffs[0].message, msg_b) != NULL);
	}
	binequiv_result_free(&res);
}

static void test_compare_shortest_difference(void)
{
	static const char *const g1[] = { "/etc/passwd", "/tmp/**" };
	static const char *const g2[] = { "/etc/passwd", "/tmp/**", "/tmp/ab" };
	const uint32_t p1[] = { AA_MAY_READ, AA_MAY_READ };
	const uint32_t p2[] = { AA_MAY_READ, AA_MAY_READ, AA_MAY_WRITE };
	struct binread_policy *a = policy_of(g1, p1, 2, NULL), *b = policy_of(g2, p2, 3, NULL);
	if (a && b) {
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, b, NULL, &res), 0);
		CHECK_INTEQ(res.ndiffs, 1);
		if (res.ndiffs == 1) {
			const struct binequiv_diff *d = &res.diffs[0];
			CHECK_STREQ(d->profile, "prof");
			CHECK_STREQ(d->what, "file DFA");
			CHECK(d->has_input);
			char *s = binequiv_format_input(&d->input);
			CHECK_STREQ(s, "\"/tmp/ab\"");
			free(s);
			CHECK(strstr(d->message, "accept 0x00000004") != NULL);
			CHECK(strstr(d->message, "accept 0x00000006") != NULL);
		}
		binequiv_result_free(&res);
	}
	binread_free(a);
	binread_free(b);
	/* a difference reached through a NUL byte is escaped */
	static const char *const g3[] = { "/a\\x00b" };
	static const char *const g4[] = { "/a\\x00c" };
	const uint32_t p3[] = { AA_MAY_READ };
	a = policy_of(g3, p3, 1, NULL);
	b = policy_of(g4, p3, 1, NULL);
	if (a && b)
		check_one_diff(a, b, "\"/a\\x00b\"", NULL, NULL);
	binread_free(a);
	binread_free(b);
}

static void test_compare_xtable_by_name(void)
{
	static const char *const g[] = { "/bin/a", "/bin/b" };
	uint32_t x4 = AA_MAY_EXEC | (4u << AA_EXEC_INDEX_SHIFT), x5 = AA_MAY_EXEC | (5u << AA_EXEC_INDEX_SHIFT);
	const uint32_t pa[] = { x4 | x4 << AA_OTHER_SHIFT, x5 | x5 << AA_OTHER_SHIFT };
	const uint32_t pb[] = { x5 | x5 << AA_OTHER_SHIFT, x4 | x4 << AA_OTHER_SHIFT };
	static const char *const xa[] = { "one", "two", NULL };
	static const char *const xb[] = { "two", "one", NULL };
	static const char *const xc[] = { "two", "three", NULL };
	struct binread_policy *a = policy_of(g, pa, 2, xa), *b = policy_of(g, pb, 2, xb),
			      *c = policy_of(g, pb, 2, xc);
	if (a && b && c) {
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, b, NULL, &res), 0);
		CHECK_INTEQ(res.ndiffs, 0);
		binequiv_result_free(&res);
		check_one_diff(a, c, "\"/bin/a\"", "-> one", "-> three");
	}
	binread_free(a);
	binread_free(b);
	binread_free(c);
}

static void test_compare_profile_sets(void)
{
	struct bb b1 = { STRBUF_INIT, 0 }, b2 = { STRBUF_INIT, 0 };
	w_profile(&b1, &(struct prof_opts){ .name = "x" });
	w_profile(&b1, &(struct prof_opts){ .name = "y", .caps_lo = 4, .no_version = true });
	w_profile(&b2, &(struct prof_opts){ .name = "y", .caps_lo = 6, .mode = 1 });
	w_profile(&b2, &(struct prof_opts){ .name = "z", .no_version = true });
	struct binread_policy *a, *b;
	struct binread_error err;
	CHECK_INTEQ(decode(&b1, &a, &err), 0);
	CHECK_INTEQ(decode(&b2, &b, &err), 0);
	if (a && b) {
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, b, NULL, &res), 0);
		/* x only in A, y: caps + mode, z only in B */
		CHECK_INTEQ(res.ndiffs, 4);
		size_t seen = 0;
		for (size_t i = 0; i < res.ndiffs; i++) {
			if (strcmp(res.diffs[i].profile, "x") == 0 && strstr(res.diffs[i].message, "only in A"))
				seen |= 1;
			if (strcmp(res.diffs[i].profile, "z") == 0 && strstr(res.diffs[i].message, "only in B"))
				seen |= 2;
			if (strcmp(res.diffs[i].what, "mode") == 0)
				seen |= 4;
			if (strstr(res.diffs[i].message, "only in B: capability 1"))
				seen |= 8;
		}
		CHECK_INTEQ(seen, 15);
		binequiv_result_free(&res);
	}
	binread_free(a);
	binread_free(b);
	strbuf_release(&b1.s);
	strbuf_release(&b2.s);
}

/* a policydb with a permission table (§4.5): accept words are indexes */
static void w_perms_profile(struct bb *b, const char *name, const struct strbuf *dfa,
			    const uint32_t (*entries)[14], size_t n)
{
	b->unit = b->s.len;
	w_u32(b, "version", 0x00202007);
	w_struct(b, "profile");
	w_str(b, NULL, name);
	w_struct(b, "flags");
	w_u32(b, NULL, 0); w_u32(b, NULL, 0); w_u32(b, NULL, 0);
	w_end(b);
	for (int k = 0; k < 4; k++)
		w_u32(b, NULL, 0);
	w_struct(b, "policydb");
	if (entries) {
		w_struct(b, "perms");
		w_u32(b, "version", 1);
		w_array(b, NULL, (uint16_t)n);
		for (size_t i = 0; i < n; i++)
			for (int k = 0; k < 14; k++)
				w_u32(b, NULL, entries[i][k]);
		w_arrayend(b);
		w_end(b);
	}
	w_dfa(b, dfa);
	w_end(b);
	w_end(b);
}

static void test_perms_table(void)
{
	static const char *const globs[] = { "\\x0a*" };
	const uint32_t idx[] = { 1 };   /* the accept word is the entry index */
	struct strbuf dfa = STRBUF_INIT;
	make_dfa(globs, idx, 1, &dfa);
	/* words: reserved, allow, deny, subtree, cond, kill, complain, prompt, audit, quiet, hide, xindex, tag, label */
	static const uint32_t e1[2][14] = { { 0 }, { 0, 4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0 } };
	static const uint32_t e2[2][14] = { { 0 }, { 0, 6, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0 } };
	static const uint32_t bad[2][14] = { { 0 }, { 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } };
	struct bb b1 = { STRBUF_INIT, 0 }, b2 = { STRBUF_INIT, 0 }, b3 = { STRBUF_INIT, 0 },
		  b4 = { STRBUF_INIT, 0 };
	w_perms_profile(&b1, "p", &dfa, e1, 2);
	w_perms_profile(&b2, "p", &dfa, e2, 2);
	w_perms_profile(&b3, "p", &dfa, bad, 2);
	w_perms_profile(&b4, "p", &dfa, e1, 1);   /* accept index 1 >= table size 1 */
	struct binread_policy *a = NULL, *b = NULL, *c = NULL;
	struct binread_error err;
	CHECK_INTEQ(decode(&b1, &a, &err), 0);
	CHECK_INTEQ(decode(&b2, &b, &err), 0);
	CHECK(decode(&b3, &c, &err) < 0);
	CHECK(strstr(err.msg, "contradictory") != NULL);
	CHECK(decode(&b4, &c, &err) < 0);
	CHECK(strstr(err.msg, "perms table size") != NULL);
	if (a && b) {
		const struct binread_pdb *pdb = &a->profiles[0].policydb;
		CHECK(pdb->has_perms);
		CHECK_INTEQ(pdb->nperms, 2);
		CHECK_INTEQ(pdb->perms[1].allow, 4);
		CHECK_INTEQ(pdb->perms[1].audit, 4);
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, a, NULL, &res), 0);
		CHECK_INTEQ(res.ndiffs, 0);
		binequiv_result_free(&res);
		check_one_diff(a, b, "\"\\x0a\"", "allow 0x4 audit 0x4", "allow 0x6 audit 0x4");
	}
	/* packed against a perms table: reported, not compared */
	struct bb b5 = { STRBUF_INIT, 0 };
	w_perms_profile(&b5, "p", &dfa, NULL, 0);
	CHECK_INTEQ(decode(&b5, &c, &err), 0);
	if (a && c) {
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, c, NULL, &res), 0);
		CHECK_INTEQ(res.ndiffs, 1);
		if (res.ndiffs == 1)
			CHECK(strstr(res.diffs[0].message, "encodings differ") != NULL);
		binequiv_result_free(&res);
	}
	binread_free(a);
	binread_free(b);
	binread_free(c);
	strbuf_release(&b1.s);
	strbuf_release(&b2.s);
	strbuf_release(&b3.s);
	strbuf_release(&b4.s);
	strbuf_release(&b5.s);
	strbuf_release(&dfa);
}

static void test_format_input(void)
{
	uint16_t sym[] = { '/', 'a', 0, '"', '\\', 0x7f, 0xff, BINREAD_OOB, ' ' };
	struct binequiv_input in = { sym, sizeof(sym) / sizeof(sym[0]) };
	char *s = binequiv_format_input(&in);
	CHECK_STREQ(s, "\"/a\\x00\\\"\\\\\\x7f\\xff\\oob \"");
	free(s);
}

/*
 * A DFA of about 20,000 states compares with itself (and a one-rule
 * variant). How much work that takes is checked by what it visits, not by
 * the clock (the time is printed for information only): a DFA against
 * itself is at most one pair per state (and the dead pair).
 */
static void test_compare_large(void)
{
	enum { N = 3000 };
	static char names[N][32];
	const char *globs[N + 1];
	uint32_t perms[N + 1];
	for (int i = 0; i < N; i++) {
		/* distinct suffixes keep the minimal DFA large */
		snprintf(names[i], sizeof(names[i]), "/d%d/f%07dx%d", i % 97, i * 7919 % 1000003, i);
		globs[i] = names[i];
		perms[i] = (i % 3 == 0) ? AA_MAY_READ : AA_MAY_WRITE;
	}
	struct binread_policy *a = policy_of(globs, perms, N, NULL);
	globs[N] = "/d5/zzz";
	perms[N] = AA_MAY_READ;
	struct binread_policy *b = policy_of(globs, perms, N + 1, NULL);
	if (a && b) {
		uint32_t ns = a->profiles[0].file.dfa.tables->nstates;
		printf("# large DFA: %u states\n", ns);
		CHECK(ns > 15000);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		struct binequiv_result res;
		CHECK_INTEQ(binequiv_compare(a, a, NULL, &res), 0);
		CHECK_INTEQ(res.ndiffs, 0);
		size_t pairs = res.pairs_visited;
		binequiv_result_free(&res);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("# compared %zu pairs in %.3f s\n", pairs, secs);
		CHECK(pairs > 0 && pairs <= (size_t)ns + 1);   /* and the (dead, dead) pair */
		check_one_diff(a, b, "\"/d5/zzz\"", NULL, NULL);
	}
	binread_free(a);
	binread_free(b);
}

int main(void)
{
	RUN(test_named_u32_element);
	RUN(test_minimal_profile);
	RUN(test_version_checks);
	RUN(test_mode_checks);
	RUN(test_namespaces);
	RUN(test_bad_strings);
	RUN(test_xtable);
	RUN(test_bad_counts);
	RUN(test_rlimits_xattrs);
	RUN(test_net_allowed_af);
	RUN(test_dfa_pad);
	RUN(test_truncations);
	RUN(test_corruptions);
	RUN(test_compare_identical_and_reordered);
	RUN(test_compare_shortest_difference);
	RUN(test_compare_xtable_by_name);
	RUN(test_compare_profile_sets);
	RUN(test_perms_table);
	RUN(test_format_input);
	RUN(test_compare_large);
	return TEST_DONE();
}
