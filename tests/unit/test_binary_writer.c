/*
 * Unit tests for src/binary/writer: every element the writer emits read back
 * by the independent reader (src/binary/reader), DFA blobs aligned to 8 bytes
 * within each unit whatever precedes them, several units in one buffer.
 */
#include "automata/automata.h"
#include "binary/reader.h"
#include "binary/writer.h"
#include "test.h"

#include <string.h>

/* A small packed DFA accepting "/a" with perms p. */
static void small_dfa(struct strbuf *blob, uint32_t p)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *n;
	struct aut_error err;
	aut_glob(rs, "/a", SIZE_MAX, 0, &n, NULL, &err);
	struct aut_rule r = { AUT_RULE_ALLOW, p, 0, 0, NULL, "t" };
	aut_add_rule(rs, n, &r, &err);
	struct aut_dfa *d, *m;
	struct aut_tables *t;
	aut_build(rs, NULL, &d, &err);
	aut_minimize(d, &m, &err);
	struct aut_pack_opts po = { true, false, false, true };
	aut_pack(m, &po, &t, &err);
	aut_tables_serialize(t, blob);
	aut_tables_free(t);
	aut_dfa_free(m);
	aut_dfa_free(d);
	aut_ruleset_free(rs);
}

static void test_round_trip(void)
{
	struct strbuf fdfa = STRBUF_INIT, pdb = STRBUF_INIT, out = STRBUF_INIT;
	small_dfa(&fdfa, AA_MAY_READ | (AA_MAY_READ << AA_OTHER_SHIFT));
	small_dfa(&pdb, AA_MAY_READ);
	struct bin_profile p;
	memset(&p, 0, sizeof(p));
	p.name = "outer";
	p.ns = "myns";
	p.mode = 1;
	p.audit = true;
	p.has_path_flags = true;
	p.path_flags = BIN_PATH_ATTACH_DISCONNECTED;
	p.cap_allow[0] = 0x11;
	p.cap_allow[1] = 0x100;         /* cap 40 */
	p.cap_audit[0] = 0x1;
	p.cap_quiet[1] = 0x80;
	p.rlimit_mask = 1u << 7;
	p.rlimits[7] = 256;
	p.policydb.data = pdb.buf;
	p.policydb.len = pdb.len;
	p.file.data = fdfa.buf;
	p.file.len = fdfa.len;
	p.xtable[0] = "outer//child";
	p.xtable[1] = ":other:target";
	p.nxtable = 2;
	struct bin_header h = { bin_version_word(7, false), true };
	/* an odd-length prefix: the unit's alignment must not depend on it */
	strbuf_add(&out, "", 0);
	bin_write_profile(&out, &h, &p);
	struct bin_profile hat;
	memset(&hat, 0, sizeof(hat));
	hat.name = "outer//h";
	hat.flag_bits = BIN_FLAG_HAT;
	hat.file.data = fdfa.buf;
	hat.file.len = fdfa.len;
	bin_write_profile(&out, &h, &hat);

	struct binread_policy *pol = NULL;
	struct binread_error err;
	CHECK_INTEQ(binread_decode(out.buf, out.len, NULL, &pol, &err), 0);
	if (pol) {
		CHECK_INTEQ((long long)pol->nprofiles, 2);
		const struct binread_profile *a = binread_find_profile(pol, "outer");
		CHECK(a != NULL);
		if (a) {
			CHECK_STREQ(a->unit_namespace, "myns");
			CHECK_INTEQ(a->version, 0x00202007);
			CHECK_INTEQ(a->mode, 1);
			CHECK_INTEQ(a->audit, 1);
			CHECK_INTEQ(a->path_flags, BIN_PATH_ATTACH_DISCONNECTED);
			CHECK(a->caps_allow == (0x11ull | (0x100ull << 32)));
			CHECK(a->caps_audit == 0x1);
			CHECK(a->caps_quiet == (0x80ull << 32));
			CHECK_INTEQ(a->rlimit_mask, 1u << 7);
			CHECK(a->rlimits[7] == 256);
			CHECK_INTEQ(a->file.xtable.n, 2);
			if (a->file.xtable.n == 2) {
				CHECK_STREQ(a->file.xtable.names[0], "outer//child");
				CHECK_STREQ(a->file.xtable.names[1], ":other:target");
			}
			uint32_t s = binread_dfa_walk(&a->file.dfa, 1, "/a", 2);
			CHECK(s != 0);
		}
		const struct binread_profile *b = binread_find_profile(pol, "outer//h");
		CHECK(b != NULL);
		if (b)
			CHECK_INTEQ(b->flags & 1, 1);
	}
	binread_free(pol);
	strbuf_release(&fdfa);
	strbuf_release(&pdb);
	strbuf_release(&out);
}

static void test_version_word(void)
{
	CHECK_INTEQ(bin_version_word(5, false), 5);
	CHECK_INTEQ(bin_version_word(7, false), 0x00202007);
	CHECK_INTEQ(bin_version_word(7, true), 0x00202807);
}

int main(void)
{
	RUN(test_version_word);
	RUN(test_round_trip);
	return TEST_DONE();
}
