/*
 * run-roundtrip: the printer's round trip over real policy.
 *
 *   run-roundtrip [--shared DIR] [--max-failures N] [PATH...]
 *
 * For every file under each PATH (recursively, in sorted order; symlinks are
 * not followed), or by default under /etc/apparmor.d, <shared>/corpus and
 * <shared>/conformance/simple_tests (there only files whose #=EXRESULT is
 * PASS, or absent, which simple.pl reads as PASS):
 * parse the file (as top level, else as a profile body, the two ways
 * include.c parses a file), print it, parse the printed text again and
 * require
 *   - the two trees to be equal (ast_equal.h), and
 *   - printing the second tree to give the same text (idempotence),
 * both without and with comments. Files that do not parse in the first place
 * are skipped and counted. <shared> is $CONFINE_SHARED, else --shared; a
 * missing directory is reported as a skipped TAP line.
 *
 * Output is TAP: one line per failing file (up to --max-failures per
 * directory, default 20) and one line per directory with its counts.
 */
#include "lang/ast_equal.h"
#include "lang/parser.h"
#include "lang/printer.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct stats {
	size_t files, equal, unequal, skipped;
};

struct run {
	int tap;                /* TAP lines printed so far */
	int failed_lines;
	size_t max_failures;
	bool conformance;       /* only files whose #=EXRESULT is PASS */
	struct stats st;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print text as TAP comment lines. */
static void tap_comment(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		printf("#   %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void report_failure(struct run *r, const char *path, const char *what, const char *detail,
			   size_t dlen)
{
	r->st.unequal++;
	if (r->st.unequal > r->max_failures)
		return;
	printf("not ok %d - %s: %s\n", ++r->tap, path, what);
	r->failed_lines++;
	if (detail)
		tap_comment(detail, dlen);
}

/* The first line where two texts differ, as "line N: <a> | <b>". */
static void first_difference(const char *a, size_t alen, const char *b, size_t blen,
			     struct strbuf *out)
{
	size_t i = 0, line = 1, start = 0;
	while (i < alen && i < blen && a[i] == b[i]) {
		if (a[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	const char *ea = memchr(a + start, '\n', alen - start);
	const char *eb = memchr(b + start, '\n', blen - start);
	int la = (int)(ea ? (size_t)(ea - a) - start : alen - start);
	int lb = (int)(eb ? (size_t)(eb - b) - start : blen - start);
	strbuf_addf(out, "line %zu:\nfirst:  %.*s\nsecond: %.*s", line, la, a + start, lb, b + start);
}

static void diag_text(const struct diag_engine *d, struct strbuf *out)
{
	for (size_t i = 0; i < d->len && i < 3; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			return;
		diag_print(d, &d->items[i], f);
		fclose(f);
		strbuf_add(out, buf, len);
		free(buf);
	}
}

/*
 * One direction of the check: text (printed from `orig`) must parse to a
 * tree equal to orig and print back to itself.
 */
static bool check_printed(struct run *r, const char *path, struct source_set *ss,
			  struct arena *arena, const struct ast_unit *orig, const struct strbuf *text,
			  const struct printer_options *po, const char *label)
{
	struct diag_engine d;
	diag_init(&d, NULL);
	struct source_file *src = source_set_add_text(ss, path, strbuf_str(text), text->len);
	struct ast_unit *u2 = parse_unit(arena, &d, src, orig->body);
	struct strbuf msg = STRBUF_INIT, what = STRBUF_INIT;
	bool ok = false;
	if (!u2->ok) {
		strbuf_addf(&what, "printed text (%s) does not parse", label);
		diag_text(&d, &msg);
	} else if (!ast_unit_equal(orig, u2, &msg)) {
		strbuf_addf(&what, "printed text (%s) parses to a different tree", label);
	} else {
		struct strbuf again = STRBUF_INIT;
		printer_print_unit(u2, po, &again);
		if (again.len != text->len || memcmp(strbuf_str(&again), strbuf_str(text), text->len) != 0) {
			strbuf_addf(&what, "printing (%s) is not idempotent", label);
			first_difference(strbuf_str(text), text->len, strbuf_str(&again), again.len, &msg);
		} else {
			ok = true;
		}
		strbuf_release(&again);
	}
	if (!ok)
		report_failure(r, path, what.buf, msg.buf, msg.len);
	strbuf_release(&msg);
	strbuf_release(&what);
	diag_destroy(&d);
	return ok;
}

/* Conformance files are taken only when expected to be accepted. */
static bool expected_pass(const struct source_file *src)
{
	const char *p = strstr(src->text, "#=EXRESULT");
	if (!p)
		return true;   /* simple.pl's default */
	p += 10;
	while (*p == ' ' || *p == '\t')
		p++;
	return strncmp(p, "PASS", 4) == 0;
}

static void check_file(struct run *r, const char *path)
{
	struct arena arena;
	struct source_set ss;
	arena_init(&arena);
	source_set_init(&ss);
	struct source_file *src;
	if (source_set_load(&ss, path, &src) < 0 || (r->conformance && !expected_pass(src))) {
		source_set_destroy(&ss);
		arena_destroy(&arena);
		return;
	}
	r->st.files++;
	struct diag_engine d;
	diag_init(&d, NULL);
	struct ast_unit *u = parse_unit(&arena, &d, src, false);
	if (!u->ok)
		u = parse_unit(&arena, &d, src, true);
	diag_destroy(&d);
	if (!u->ok) {
		r->st.skipped++;
	} else {
		struct printer_options plain = { .comments = false }, full = { .comments = true };
		struct strbuf p1 = STRBUF_INIT, c1 = STRBUF_INIT;
		printer_print_unit(u, &plain, &p1);
		printer_print_unit(u, &full, &c1);
		/* a word the printer could not spell safely (printer.h) matters only if
		 * the text does not read back */
		if (check_printed(r, path, &ss, &arena, u, &p1, &plain, "without comments") &&
		    check_printed(r, path, &ss, &arena, u, &c1, &full, "with comments"))
			r->st.equal++;
		strbuf_release(&p1);
		strbuf_release(&c1);
	}
	source_set_destroy(&ss);
	arena_destroy(&arena);
}

static char *join(const char *a, const char *b)
{
	char *s = NULL;
	if (asprintf(&s, "%s/%s", a, b) < 0)
		abort();
	return s;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files under dir, in sorted order, depth first; symlinks are not followed. */
static void walk(struct run *r, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d || depth > 32) {
		if (d)
			closedir(d);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *path = join(dir, names[i]);
		struct stat st;
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk(r, path, depth + 1);
			else if (S_ISREG(st.st_mode))
				check_file(r, path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

/* One TAP line for a directory (or file) tree. */
static void run_tree(struct run *r, const char *label, const char *path, bool conformance)
{
	struct stat st;
	if (!path || stat(path, &st) < 0) {
		printf("ok %d - %s # SKIP %s not present\n", ++r->tap, label, path ? path : "shared directory");
		return;
	}
	memset(&r->st, 0, sizeof(r->st));
	r->conformance = conformance;
	double t0 = now();
	if (S_ISDIR(st.st_mode))
		walk(r, path, 0);
	else
		check_file(r, path);
	const struct stats *s = &r->st;
	bool ok = s->unequal == 0;
	if (!ok)
		r->failed_lines++;
	printf("%s %d - %s: %zu files, %zu round-trip equal, %zu unequal, %zu skipped (parse errors) in %.2fs\n",
	       ok ? "ok" : "not ok", ++r->tap, path, s->files, s->equal, s->unequal, s->skipped,
	       now() - t0);
	if (s->unequal > r->max_failures)
		printf("# (%zu further failures not listed)\n", s->unequal - r->max_failures);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct run r = { .max_failures = 20 };
	const char *shared = NULL;
	int first = argc;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--shared") == 0 && i + 1 < argc) {
			shared = argv[++i];
		} else if (strcmp(argv[i], "--max-failures") == 0 && i + 1 < argc) {
			r.max_failures = strtoul(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--help") == 0) {
			puts("usage: run-roundtrip [--shared DIR] [--max-failures N] [PATH...]");
			return 0;
		} else {
			first = i;
			break;
		}
	}
	const char *env = getenv("CONFINE_SHARED");
	if (env && *env)
		shared = env;
	double t0 = now();
	if (first < argc) {
		for (int i = first; i < argc; i++)
			run_tree(&r, argv[i], argv[i], false);
	} else {
		struct stat st;
		bool have_shared = shared && stat(shared, &st) == 0 && S_ISDIR(st.st_mode);
		char *corpus = have_shared ? join(shared, "corpus") : NULL;
		char *conf = have_shared ? join(shared, "conformance/simple_tests") : NULL;
		run_tree(&r, "/etc/apparmor.d", "/etc/apparmor.d", false);
		run_tree(&r, "corpus", corpus, false);
		run_tree(&r, "conformance (EXRESULT PASS)", conf, true);
		free(corpus);
		free(conf);
	}
	printf("# total %.2fs\n", now() - t0);
	printf("1..%d\n", r.tap);
	return r.failed_lines ? 1 : 0;
}
