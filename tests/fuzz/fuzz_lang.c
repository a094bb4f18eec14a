/*
 * fuzz_lang: libFuzzer target for the whole profile-language front end
 * (src/lang: lexer, parser, include handling, resolver with the policy
 * checks, and the -p preprocess path).
 *
 * Each input is one policy file. It is parsed from memory as a top-level
 * file and as an include body, resolved into a policy model, and written
 * to a memfd so that frontend_preprocess() can expand its includes by path.
 * The include search path is a scratch directory, created once, holding a
 * few small abstractions and tunables (with a directory include, names that
 * directory includes skip, an include cycle and a conditional), so include
 * directives in the input reach real files. Inputs naming files outside it
 * are skipped (see input_escapes). (The working directory is left alone:
 * libFuzzer writes corpus entries and artifacts relative to it.)
 *
 * Besides crashes, sanitizer reports, leaks and hangs, these are bugs
 * (abort()):
 *   - a file that fails (syntax error, resolve error) without any error
 *     diagnostic, or a resolve that succeeds although errors were reported;
 *   - a diagnostic that leaks an internal token name (TOK_..., when the
 *     input does not contain that text) or has a position outside its file.
 */
#include "lang/frontend.h"
#include "lang/lexer.h"
#include "lang/parser.h"
#include "lang/resolve.h"
#include "policy/policy.h"
#include "support/diag.h"
#include "support/strbuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs larger than this are skipped: the front end is linear, and big
 * inputs only slow the search down. */
#define MAX_INPUT (64 * 1024)

static char fixture_dir[64];
static int memfd = -1;
static char memfd_path[64];
static FILE *devnull;

static void put_file(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fixture_dir, rel);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void put_dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fixture_dir, rel);
	if (mkdir(path, 0755) < 0)
		abort();
}

static void remove_fixture(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fixture_dir);
	if (fixture_dir[0] && system(cmd) != 0)
		fprintf(stderr, "fuzz_lang: could not remove %s\n", fixture_dir);
}

static void setup(void)
{
	strcpy(fixture_dir, "/tmp/confine-fuzz-lang-XXXXXX");
	if (!mkdtemp(fixture_dir))
		abort();
	atexit(remove_fixture);
	put_dir("tunables");
	put_dir("tunables/home.d");
	put_dir("abstractions");
	put_dir("abstractions/base.d");
	put_dir("abi");
	put_dir("abstractions/empty.d");
	put_file("tunables/global",
		 "# global tunables\n"
		 "include <tunables/home>\n"
		 "@{PROC}=/proc/\n"
		 "@{pid}={[1-9],[1-9][0-9]}\n"
		 "${HAS_HOME} = true\n");
	put_file("tunables/home",
		 "@{HOMEDIRS}=/home/\n"
		 "@{HOME}=@{HOMEDIRS}/*/ /root/\n"
		 "include if exists <tunables/home.d>\n");
	put_file("tunables/home.d/site", "@{HOMEDIRS}+=/srv/home/\n");
	put_file("tunables/home.d/.hidden", "this is not policy {\n");
	put_file("tunables/home.d/site.dpkg-old", "@{HOMEDIRS}=/old/\n");
	put_file("abstractions/base",
		 "abi <abi/4.0>,\n"
		 "/etc/ld.so.cache r,\n"
		 "/{usr/,}lib{,32,64}/** mr,\n"
		 "@{PROC}/@{pid}/maps r,\n"
		 "include if exists <abstractions/base.d>\n");
	put_file("abstractions/base.d/local", "owner @{HOME}/.cache/** rw,\n");
	put_file("abstractions/base.d/local~", "} junk {\n");
	put_file("abstractions/base.d/x.rpmsave", "profile x {\n");
	put_file("abstractions/nameservice",
		 "include <abstractions/base>\n"
		 "/etc/hosts r,\n"
		 "network inet dgram,\n"
		 "dbus send bus=system path=/org/freedesktop/resolve1 peer=(name=org.freedesktop.resolve1),\n");
	put_file("abstractions/cycle", "include <abstractions/cycle2>\n/cycle r,\n");
	put_file("abstractions/cycle2", "include <abstractions/cycle>\n/cycle2 r,\n");
	put_file("abstractions/cond",
		 "if ${HAS_HOME} and defined @{HOME} {\n"
		 "  @{HOME}/** r,\n"
		 "} else {\n"
		 "  deny /home/** w,\n"
		 "}\n");
	put_file("abstractions/hat", "^hat {\n  /hat r,\n}\n");
	put_file("abi/4.0", "file {mask {create read write exec append mmap_exec link lock}\n}\n");
	memfd = memfd_create("fuzz-lang", 0);
	if (memfd < 0)
		abort();
	snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
}

/*
 * Whether an include or abi name of the input leaves the fixture: a quoted
 * or bare name is resolved from the working directory or the root, and
 * 'include "/usr/bin"' would parse a thousand files per run. Such inputs are
 * skipped, except for names that do not exist (the "cannot open" and
 * "if exists" paths stay covered) and /dev/null; <names> are searched in the
 * fixture only, so just '..' is refused there.
 */
static bool name_escapes(const struct token *t)
{
	if (t->include_search)
		return strstr(t->text, "..") != NULL;
	struct stat st;
	return strcmp(t->text, "/dev/null") != 0 && stat(t->text, &st) == 0;
}

static bool input_escapes(const uint8_t *data, size_t size)
{
	struct source_set set;
	struct arena a;
	struct diag_engine d;
	source_set_init(&set);
	arena_init(&a);
	diag_init(&d, NULL);
	struct lexer lx;
	lexer_init(&lx, source_set_add_text(&set, "scan", (const char *)data, size), &a, &d);
	bool escapes = false;
	enum token_kind prev = TOK_EOF;
	for (;;) {
		struct token t = lexer_next(&lx);
		if (t.kind == TOK_EOF || t.kind == TOK_ERROR)
			break;
		if (t.kind == TOK_INCLUDE || (prev == TOK_ABI && (t.kind == TOK_ID || t.kind == TOK_VALUE)))
			escapes = escapes || name_escapes(&t);
		prev = t.kind;
	}
	diag_destroy(&d);
	arena_destroy(&a);
	source_set_destroy(&set);
	return escapes;
}

static void frontend_setup(struct frontend *fe, struct diag_engine *d)
{
	frontend_init(fe, d);
	fe->sources.max_file_size = 1u << 20;   /* includes of devices stay cheap */
	frontend_add_search_dir(fe, fixture_dir);
}

/* internal token names may only reach a message by quoting the input */
static void check_diagnostics(const struct diag_engine *d, const uint8_t *data, size_t size)
{
	bool quoted = memmem(data, size, "TOK_", 4) != NULL;
	for (size_t i = 0; i < d->len; i++) {
		const struct diagnostic *dg = &d->items[i];
		if (!quoted && (strstr(dg->message, "TOK_") || (dg->hint && strstr(dg->hint, "TOK_"))))
			abort();
		const struct source_file *f = dg->loc.file;
		if (f && (dg->loc.line < 1 || dg->loc.line > f->nlines || dg->loc.col < 1))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	if (!devnull)
		setup();
	if (input_escapes(data, size))
		return 0;

	struct diag_engine d;
	diag_init(&d, devnull);
	/* the first byte picks JSON or text diagnostics: both renderers run */
	if (size && (data[0] & 1))
		d.format = DIAG_FORMAT_JSON;
	diag_set_warning(&d, "all", true);
	struct frontend fe;
	frontend_setup(&fe, &d);

	/* top level: parse and resolve */
	struct source_file *src = source_set_add_text(&fe.sources, "fuzz.sd", (const char *)data, size);
	unsigned e0 = d.errors;
	struct ast_unit *u = parse_unit(&fe.arena, &d, src, false);
	if (!u->ok && d.errors == e0)
		abort();        /* a syntax error without a diagnostic */
	struct policy pol;
	memset(&pol, 0, sizeof(pol));
	e0 = d.errors;
	int rc = resolve_unit(&fe.ic, &fe.ropts, u, &pol);
	if (u->ok && (rc == 0) != (d.errors == e0))
		abort();        /* result and diagnostics disagree */
	policy_free_arrays(&pol);

	/* the same text as an include body (rules of a profile); its own
	 * diagnostics, since an error at the same place would be folded */
	struct diag_engine d2;
	diag_init(&d2, devnull);
	u = parse_unit(&fe.arena, &d2, src, true);
	if (!u->ok && d2.errors == 0)
		abort();
	check_diagnostics(&d2, data, size);
	diag_finish(&d2);
	diag_destroy(&d2);
	check_diagnostics(&d, data, size);
	diag_finish(&d);
	frontend_destroy(&fe);
	diag_destroy(&d);

	/* preprocess (-p) through a path, with a fresh front end */
	if (ftruncate(memfd, 0) < 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	diag_init(&d, devnull);
	frontend_setup(&fe, &d);
	struct strbuf out = STRBUF_INIT;
	e0 = d.errors;
	if (frontend_preprocess(&fe, memfd_path, &out) < 0 && d.errors == e0)
		abort();
	/* and the files it pulled in, resolved afterwards (parsed on demand) */
	memset(&pol, 0, sizeof(pol));
	(void)frontend_load(&fe, memfd_path, &pol);
	policy_free_arrays(&pol);
	check_diagnostics(&d, data, size);
	diag_finish(&d);
	strbuf_release(&out);
	frontend_destroy(&fe);
	diag_destroy(&d);
	return 0;
}
