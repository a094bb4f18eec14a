/* Unit tests for src/support: arena, strbuf, source positions, diagnostics. */
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/strbuf.h"
#include "support/vec.h"
#include "test.h"

static void test_arena(void)
{
	struct arena a;
	arena_init(&a);
	char *s = arena_strdup(&a, "hello");
	CHECK_STREQ(s, "hello");
	char *big = arena_alloc(&a, 1u << 20);
	CHECK(big != NULL);
	CHECK(big[12345] == 0);
	char *f = arena_printf(&a, "%s-%d", "x", 42);
	CHECK_STREQ(f, "x-42");
	CHECK_STREQ(s, "hello");
	arena_destroy(&a);
}

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	CHECK_STREQ(strbuf_str(&sb), "");
	strbuf_addstr(&sb, "a");
	strbuf_addf(&sb, "%03d", 7);
	strbuf_add(&sb, "\0z", 2);
	CHECK_INTEQ(sb.len, 6);
	CHECK(memcmp(sb.buf, "a007\0z", 6) == 0);
	strbuf_release(&sb);
}

static void test_vec(void)
{
	VEC(int) v = VEC_INIT;
	for (int i = 0; i < 100; i++)
		vec_push(&v, i);
	CHECK_INTEQ(v.len, 100);
	CHECK_INTEQ(vec_last(&v), 99);
	vec_free(&v);
}

static void test_source_positions(void)
{
	struct source_set set;
	source_set_init(&set);
	const char *text = "ab\ncd\r\n\nxyz";
	struct source_file *f = source_set_add_text(&set, "t", text, strlen(text));
	struct source_loc l = source_loc_at(f, 4, 1);
	CHECK_INTEQ(l.line, 2);
	CHECK_INTEQ(l.col, 2);
	l = source_loc_at(f, 8, 1);
	CHECK_INTEQ(l.line, 4);
	CHECK_INTEQ(l.col, 1);
	size_t n;
	const char *line = source_line(f, 2, &n);
	CHECK_INTEQ(n, 2);
	CHECK(memcmp(line, "cd", 2) == 0);
	source_set_destroy(&set);
}

static void test_diag_render_and_dedupe(void)
{
	struct source_set set;
	source_set_init(&set);
	const char *text = "profile x {\n  bogus rule,\n}\n";
	struct source_file *f = source_set_add_text(&set, "p.sd", text, strlen(text));
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag_engine d;
	diag_init(&d, out);
	struct source_loc loc = source_loc_at(f, 14, 5);
	diag_error_hint(&d, loc, "did you mean ...?", "unknown rule '%s'", "bogus");
	diag_error_hint(&d, loc, "did you mean ...?", "unknown rule '%s'", "bogus");
	diag_report(&d, DIAG_ERROR, WARN_NONE, DIAG_ONCE, (struct source_loc){ 0 }, NULL, "missing");
	diag_report(&d, DIAG_ERROR, WARN_NONE, DIAG_ONCE, loc, NULL, "missing");
	diag_warn(&d, WARN_DEV, loc, "dev warning not shown by default");
	diag_finish(&d);
	fclose(out);
	/* every occurrence counts (each file it occurs in fails); two are shown */
	CHECK_INTEQ(d.errors, 4);
	CHECK_INTEQ(d.len, 2);
	CHECK(strstr(buf, "p.sd:2:3: error: unknown rule 'bogus'") != NULL);
	CHECK(strstr(buf, "      ^~~~~") != NULL);
	CHECK(strstr(buf, "hint: did you mean") != NULL);
	CHECK(strstr(buf, "occurred 1 more time") != NULL);
	CHECK(strstr(buf, "dev warning") == NULL);
	diag_destroy(&d);
	free(buf);
	source_set_destroy(&set);
}

int main(void)
{
	RUN(test_arena);
	RUN(test_strbuf);
	RUN(test_vec);
	RUN(test_source_positions);
	RUN(test_diag_render_and_dedupe);
	return TEST_DONE();
}
