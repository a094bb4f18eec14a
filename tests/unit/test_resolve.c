/*
 * Unit tests for src/lang/resolve.c and src/lang/include.c: from parsed
 * files to the policy model.
 *
 * Covers variable expansion (nested references, +=, ?=, :=, several values
 * becoming an alternation, undefined and self-referential variables),
 * booleans and if/else with defined/and/or/not/parentheses, the per-profile
 * builtin variables (@{profile_name}, @{attach_path}, @{exec_path}),
 * includes (search path, directory includes and the names they skip,
 * 'include if exists', cycles reported once and not followed, a file already
 * included in the same profile skipped), aliases, namespaces and profile
 * names, profile flags, rule blocks combining qualifiers, and preprocessing
 * (-p) of the same include structures.
 *
 * The policy under test is in memory ("main.sd"); files it includes are
 * written to a temporary directory created with mkdtemp, which is also the
 * include search directory.
 */
#include "lang/frontend.h"
#include "lang/include.h"
#include "lang/parser.h"
#include "lang/resolve.h"
#include "policy/policy.h"
#include "support/strbuf.h"
#include "test.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];

/* Write a file under tmpdir, creating parent directories. */
static void put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	for (char *s = path + strlen(tmpdir) + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(path, 0755);
			*s = '/';
		}
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static const char *tpath(const char *rel)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, rel);
	return buf[k];
}

struct run {
	struct diag_engine diag;
	FILE *out;
	char *text;
	size_t len;
	struct frontend fe;
	struct policy pol;
	int rc;
};

static struct run *run_opts(const char *src, const char *ns_override)
{
	struct run *r = calloc(1, sizeof(*r));
	r->out = open_memstream(&r->text, &r->len);
	diag_init(&r->diag, r->out);
	frontend_init(&r->fe, &r->diag);
	frontend_add_search_dir(&r->fe, tmpdir);
	r->fe.ropts.namespace_override = ns_override;
	struct source_file *f = source_set_add_text(&r->fe.sources, "main.sd", src, strlen(src));
	struct ast_unit *u = parse_unit(&r->fe.arena, &r->diag, f, false);
	r->rc = resolve_unit(&r->fe.ic, &r->fe.ropts, u, &r->pol);
	fflush(r->out);
	if (!r->text)
		r->text = strdup("");
	return r;
}

static struct run *run(const char *src)
{
	return run_opts(src, NULL);
}

static void run_free(struct run *r)
{
	policy_free_arrays(&r->pol);
	frontend_destroy(&r->fe);
	diag_destroy(&r->diag);
	fclose(r->out);
	free(r->text);
	free(r);
}

/* The run succeeded without any diagnostic. */
static void check_clean(const struct run *r)
{
	CHECK_INTEQ(r->rc, 0);
	CHECK_INTEQ(r->diag.errors, 0);
	if (r->diag.errors)
		printf("#   diagnostics: %s\n", r->text);
}

/* The run failed and its diagnostics contain this text. */
static void check_error_text(const struct run *r, const char *expected)
{
	CHECK_INTEQ(r->rc, -1);
	CHECK(r->diag.errors >= 1);
	if (!strstr(r->text, expected)) {
		printf("#   diagnostics: %s#   expected to contain: %s\n", r->text, expected);
		test_failed_ = 1;
	}
}

static const struct policy_profile *profile(const struct run *r, size_t i)
{
	return i < r->pol.nprofiles ? r->pol.profiles[i] : NULL;
}

/* Paths of a profile's file rules, comma-separated, in order. */
static char *rule_paths(const struct policy_profile *p)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; p && i < p->nrules; i++) {
		const struct ast_node *n = p->rules[i].node;
		if (sb.len)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, n->kind == AST_FILE ? n->u.file.path.text : ast_kind_name(n->kind));
	}
	return strbuf_detach(&sb, NULL);
}

#define CHECK_RULES(p, expected) do { \
	char *rp_ = rule_paths(p); \
	CHECK_STREQ(rp_, expected); \
	free(rp_); \
} while (0)

/* The expanded attachment of the first profile of src. */
#define CHECK_ATTACH(src, expected) do { \
	struct run *r_ = run(src); \
	check_clean(r_); \
	const struct policy_profile *p_ = profile(r_, 0); \
	CHECK(p_ != NULL); \
	if (p_) \
		CHECK_STREQ(p_->attachment, expected); \
	run_free(r_); \
} while (0)

/* ---- variables ---------------------------------------------------------------- */

static void test_variable_expansion(void)
{
	CHECK_ATTACH("@{A}=/a\nprofile p @{A} {\n}\n", "/a");
	CHECK_ATTACH("@{A}=/a /b\nprofile p @{A} {\n}\n", "{/a,/b}");
	/* inside a value, references are distributed (upstream's expand_variable) */
	CHECK_ATTACH("@{A}=/a /b\n@{B}=@{A}/x\nprofile p @{B}/y {\n}\n", "{/a/x,/b/x}/y");
	/* slashes at the seams of a reference are trimmed */
	CHECK_ATTACH("@{A}=/a/ /b/\nprofile p @{A}/y {\n}\n", "{/a,/b}/y");
	CHECK_ATTACH("@{A}=/a/ /b/\nprofile p /x/@{A}/y {\n}\n", "/x/{a,b}/y");
	CHECK_ATTACH("@{A}=/a/\nprofile p /x/@{A}/y {\n}\n", "/x//a/y");
	CHECK_ATTACH("@{A}=a\n@{B}=@{A}@{A}\n@{C}=/@{B}/@{B}\nprofile p @{C} {\n}\n", "/aa/aa");
	/* escaped references are not expanded */
	CHECK_ATTACH("profile p /a\\@{X} {\n}\n", "/a\\@{X}");
}

static void test_variable_assignment_operators(void)
{
	CHECK_ATTACH("@{A}=/a\n@{A}+=/b /c\nprofile p @{A} {\n}\n", "{/a,/b,/c}");
	CHECK_ATTACH("@{A}=/a\n@{A}?=/b\nprofile p @{A} {\n}\n", "/a");
	CHECK_ATTACH("@{A}?=/b\nprofile p @{A} {\n}\n", "/b");
	CHECK_ATTACH("@{A}=/a\n@{A} := /b\nprofile p @{A} {\n}\n", "/b");

	struct run *r = run("@{A}=/a\n@{A}=/b\n");
	check_error_text(r, "main.sd:2:1: error: variable @{A} was previously declared");
	run_free(r);
	r = run("@{X}+=/b\n");
	check_error_text(r, "main.sd:1:1: error: variable @{X} was not previously declared, but is being assigned additional values");
	run_free(r);
}

static void test_variable_errors(void)
{
	struct run *r = run("profile p {\n  @{NOPE}/x r,\n}\n");
	check_error_text(r, "main.sd:2:3: error: variable @{NOPE} is used but never defined");
	run_free(r);
	/* self reference and mutual reference end with an error, not a loop */
	r = run("@{A}=@{A}\nprofile p @{A} {\n}\n");
	check_error_text(r, "main.sd:2:11: error: variable expansion nested too deeply");
	run_free(r);
	r = run("@{A}=x@{B}\n@{B}=y@{A}\nprofile p /@{A} {\n}\n");
	check_error_text(r, "variable expansion nested too deeply");
	run_free(r);
	/* a variable after the first profile */
	r = run("profile p {\n}\n@{A}=/a\n");
	check_error_text(r, "main.sd:3:1: error: variable assignment after a profile");
	run_free(r);
	/* a boolean used as a set variable */
	r = run("${B}=true\nprofile p /@{B} {\n}\n");
	check_error_text(r, "variable @{B} is used but never defined");
	run_free(r);
}

static void test_variable_chain_within_limit(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "@{V0}=/end\n");
	for (int i = 1; i <= 20; i++)
		strbuf_addf(&sb, "@{V%d}=@{V%d}\n", i, i - 1);
	strbuf_addstr(&sb, "profile p @{V20} {\n}\n");
	CHECK_ATTACH(sb.buf, "/end");
	strbuf_release(&sb);
}

static void test_variable_fanout_is_linear(void)
{
	/* 20 variables of 10 values in one rule: alternations, not 10^20 strings */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 20; i++) {
		strbuf_addf(&sb, "@{V%d}=", i);
		for (int j = 0; j < 10; j++)
			strbuf_addf(&sb, " v%d", j);
		strbuf_addch(&sb, '\n');
	}
	strbuf_addstr(&sb, "profile p /");
	for (int i = 0; i < 20; i++)
		strbuf_addf(&sb, "@{V%d}/", i);
	strbuf_addstr(&sb, " {\n  /");
	for (int i = 0; i < 20; i++)
		strbuf_addf(&sb, "@{V%d}", i);
	strbuf_addstr(&sb, " r,\n}\n");
	struct run *r = run(sb.buf);
	check_clean(r);
	const struct policy_profile *p = profile(r, 0);
	CHECK(p && p->attachment && strlen(p->attachment) == 1 + 20 * (1 + 10 * 3 + 1));
	run_free(r);
	strbuf_release(&sb);
}

/* ---- builtin variables ------------------------------------------------------------ */

static void test_builtin_variables(void)
{
	CHECK_ATTACH("profile foo /usr/bin/@{profile_name} {\n}\n", "/usr/bin/foo");
	struct run *r = run("profile parent /usr/bin/p {\n"
			    "  profile child /c/@{profile_name} {\n  }\n"
			    "  ^hat {\n    ptrace peer=@{profile_name},\n  }\n"
			    "}\n");
	check_clean(r);
	const struct policy_profile *p = profile(r, 0);
	CHECK_INTEQ(p->nchildren, 2);
	CHECK_STREQ(p->children[0]->fqname, "parent//child");
	CHECK_STREQ(p->children[0]->attachment, "/c/parent//child");
	CHECK(p->children[1]->is_hat);
	CHECK_STREQ(p->children[1]->fqname, "parent//hat");
	run_free(r);
	/* @{attach_path}/@{exec_path}: the attachment, or a path name */
	r = run("profile p /usr/bin/p flags=(attach_disconnected.path=@{attach_path}) {\n}\n"
		"/usr/bin/q flags=(attach_disconnected.path=@{exec_path}) {\n}\n");
	check_clean(r);
	CHECK_STREQ(profile(r, 0)->flags.disconnected_path, "/usr/bin/p");
	CHECK_STREQ(profile(r, 1)->flags.disconnected_path, "/usr/bin/q");
	run_free(r);
	/* a named profile without attachment has no @{attach_path} */
	r = run("profile p flags=(attach_disconnected.path=@{attach_path}) {\n}\n");
	check_error_text(r, "variable @{attach_path} is used but never defined");
	run_free(r);
}

/* ---- booleans and conditionals --------------------------------------------------- */

/* The rules of profile p after resolving the preamble and body given. */
static void check_cond(const char *preamble, const char *body, const char *expected_rules)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\nprofile p {\n%s\n}\n", preamble, body);
	struct run *r = run(sb.buf);
	check_clean(r);
	const struct policy_profile *p = profile(r, 0);
	char *got = rule_paths(p);
	if (strcmp(got, expected_rules) != 0) {
		printf("#   policy:\n%s#   rules: %s, expected %s\n", sb.buf, got, expected_rules);
		test_failed_ = 1;
	}
	free(got);
	run_free(r);
	strbuf_release(&sb);
}

#define BOOLS "${T}=true\n${F}=false\n@{S}=/s\n"

static void test_if_else(void)
{
	check_cond(BOOLS, "if ${T} { /yes r, } else { /no r, }", "/yes");
	check_cond(BOOLS, "if ${F} { /yes r, } else { /no r, }", "/no");
	check_cond(BOOLS, "if ${F} { /a r, } else if ${T} { /b r, } else { /c r, }", "/b");
	check_cond(BOOLS, "if ${F} { /a r, } else if ${F} { /b r, } else { /c r, }", "/c");
	check_cond(BOOLS, "if ${F} { /a r, }\n/after r,", "/after");
	check_cond(BOOLS, "if true { /lit r, }", "/lit");
	check_cond(BOOLS, "if false { /lit r, } else { /else r, }", "/else");
}

static void test_boolean_operators(void)
{
	check_cond(BOOLS, "if ${T} and ${F} { /x r, }", "");
	check_cond(BOOLS, "if ${T} or ${F} { /x r, }", "/x");
	check_cond(BOOLS, "if not ${F} { /x r, }", "/x");
	check_cond(BOOLS, "if not not ${F} { /x r, }", "");
	/* and before or: T or (F and F) */
	check_cond(BOOLS, "if ${T} or ${F} and ${F} { /x r, }", "/x");
	/* parentheses: (T or F) and F */
	check_cond(BOOLS, "if (${T} or ${F}) and ${F} { /x r, }", "");
	check_cond(BOOLS, "if not (${F} or ${F}) { /x r, }", "/x");
	check_cond(BOOLS, "if ((${T})) { /x r, }", "/x");
}

static void test_defined(void)
{
	check_cond(BOOLS, "if defined @{S} { /x r, }", "/x");
	check_cond(BOOLS, "if defined @{NOPE} { /x r, } else { /y r, }", "/y");
	check_cond(BOOLS, "if defined ${T} { /x r, }", "/x");
	/* ${T} is a boolean, not a set variable */
	check_cond(BOOLS, "if defined @{T} { /x r, } else { /y r, }", "/y");
	check_cond(BOOLS, "if not defined ${NOPE} and defined @{S} { /x r, }", "/x");
}

static void test_boolean_assignment_and_comparisons(void)
{
	check_cond(BOOLS "${C} = ${T} and not ${F}\n", "if ${C} { /c r, }", "/c");
	check_cond(BOOLS "${C} = ${F}\n${C} := true\n", "if ${C} { /c r, }", "/c");
	check_cond(BOOLS "${C} = ${F}\n${C} ?= true\n", "if ${C} { /c r, }", "");
	check_cond(BOOLS, "if @{S} == /s { /eq r, }", "/eq");
	check_cond(BOOLS, "if @{S} != /s { /ne r, }", "");
	check_cond("@{L}=/a /b /c\n", "if /b in @{L} { /in r, }", "/in");
	check_cond("@{L}=/a /b /c\n", "if /z in @{L} { /in r, }", "");
}

static void test_condition_errors(void)
{
	struct run *r = run("profile p {\n  if ${NOPE} { /x r, }\n}\n");
	check_error_text(r, "main.sd:2:6: error: boolean variable ${NOPE} is not defined");
	run_free(r);
	r = run("profile p {\n  if maybe { /x r, }\n}\n");
	check_error_text(r, "main.sd:2:6: error: 'maybe' is not a boolean value");
	run_free(r);
	r = run("${B}=true\n${B}+=false\n");
	check_error_text(r, "main.sd:2:1: error: '+=' is not allowed with boolean variables");
	run_free(r);
}

/* ---- includes ---------------------------------------------------------------------- */

static void test_include_search_and_tunables(void)
{
	put("tunables/global", "@{HOME}=/home/*/ /root/\n${HAS}=true\n");
	put("abstractions/base", "/etc/ld.so.cache r,\n@{HOME}.cache r,\n");
	struct run *r = run("include <tunables/global>\n"
			    "profile p @{HOME} {\n"
			    "  include <abstractions/base>\n"
			    "  if ${HAS} { /has r, }\n"
			    "}\n");
	check_clean(r);
	const struct policy_profile *p = profile(r, 0);
	CHECK_STREQ(p->attachment, "{/home/*/,/root/}");
	CHECK_RULES(p, "/etc/ld.so.cache,@{HOME}.cache,/has");
	/* the rules keep pointing at the file that holds them */
	CHECK(strstr(p->rules[0].node->loc.file->path, "abstractions/base") != NULL);
	CHECK_INTEQ(p->rules[1].node->loc.line, 2);
	run_free(r);

	/* a quoted name is a path */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "include <tunables/global>\nprofile p {\n  include \"%s\"\n}\n",
		    tpath("abstractions/base"));
	r = run(sb.buf);
	check_clean(r);
	CHECK_INTEQ(profile(r, 0)->nrules, 2);
	run_free(r);
	strbuf_release(&sb);
}

static void test_include_missing(void)
{
	struct run *r = run("profile p {\n  include <does/not/exist>\n}\n");
	check_error_text(r, "main.sd:2:3: error: include file <does/not/exist> not found");
	run_free(r);
	r = run("profile p {\n  include if exists <does/not/exist>\n  /x r,\n}\n");
	check_clean(r);
	CHECK_RULES(profile(r, 0), "/x");
	run_free(r);
	r = run("profile p {\n  #include if exists \"/does/not/exist\"\n}\n");
	check_clean(r);
	run_free(r);
	r = run("profile p {\n  include \"/does/not/exist\"\n}\n");
	check_error_text(r, "main.sd:2:3: error: cannot open include file '/does/not/exist': No such file or directory");
	run_free(r);
}

static void test_skip_names(void)
{
	static const char *const skipped[] = {
		".hidden", "a.dpkg-new", "a.dpkg-old", "a.dpkg-dist", "a.dpkg-bak", "a.dpkg-remove",
		"a.rpmnew", "a.rpmsave", "a.pacsave", "a.pacnew", "a.orig", "a.rej", "a~", ".", "..",
	};
	static const char *const kept[] = {
		"a", "README", "a.dpkg", "a.rpm", "dpkg-old", "a.dpkg-old.x", "a~b", "x.d",
	};
	for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++)
		if (!include_skip_name(skipped[i])) {
			printf("#   not skipped: %s\n", skipped[i]);
			test_failed_ = 1;
		}
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (include_skip_name(kept[i])) {
			printf("#   skipped: %s\n", kept[i]);
			test_failed_ = 1;
		}
}

static void test_directory_include(void)
{
	put("d/b", "/b r,\n");
	put("d/a", "/a r,\n");
	put("d/.hidden", "/hidden r,\n");
	put("d/c.dpkg-old", "/dpkg r,\n");
	put("d/c.rpmsave", "/rpm r,\n");
	put("d/c~", "/backup r,\n");
	put("d/sub/z", "/sub r,\n");     /* subdirectories are not descended into */
	struct run *r = run("profile p {\n  include <d>\n}\n");
	check_clean(r);
	CHECK_RULES(profile(r, 0), "/a,/b");  /* sorted by name */
	run_free(r);
	/* an empty directory includes nothing */
	put("empty/.keep", "");
	r = run("profile p {\n  include <empty>\n}\n");
	check_clean(r);
	CHECK_INTEQ(profile(r, 0)->nrules, 0);
	run_free(r);
}

static void test_include_once_per_profile(void)
{
	put("once/x", "/x r,\n");
	put("once/y", "include <once/x>\n/y r,\n");
	struct run *r = run("profile p {\n  include <once/x>\n  include <once/x>\n  include <once/y>\n}\n"
			    "profile q {\n  include <once/y>\n}\n");
	check_clean(r);
	CHECK_INTEQ(r->diag.warnings, 0);
	CHECK_RULES(profile(r, 0), "/x,/y");   /* x once, even through y */
	CHECK_RULES(profile(r, 1), "/x,/y");   /* another profile gets its own copy */
	run_free(r);
}

static void test_include_cycles(void)
{
	put("cyc/a", "include <cyc/b>\n/a r,\n");
	put("cyc/b", "include <cyc/a>\n/b r,\n");
	struct run *r = run("profile p {\n  include <cyc/a>\n}\n");
	CHECK_INTEQ(r->rc, 0);
	CHECK_INTEQ(r->diag.errors, 0);
	CHECK_INTEQ(r->diag.warnings, 1);      /* reported once */
	CHECK(strstr(r->text, "cyc/b:1:1: warning: include cycle:") != NULL);
	CHECK(strstr(r->text, "cyc/a' is already being included; skipped") != NULL);
	CHECK_RULES(profile(r, 0), "/b,/a");
	run_free(r);

	/* a file that includes itself */
	put("cyc/self", "include <cyc/self>\n/self r,\n");
	r = run("profile p {\n  include <cyc/self>\n}\n");
	CHECK_INTEQ(r->rc, 0);
	CHECK_INTEQ(r->diag.warnings, 1);
	CHECK_RULES(profile(r, 0), "/self");
	run_free(r);

	/* a directory whose files include the directory */
	put("cycdir/one", "include <cycdir>\n/one r,\n");
	put("cycdir/two", "include <cycdir>\n/two r,\n");
	r = run("profile p {\n  include <cycdir>\n}\n");
	CHECK_INTEQ(r->rc, 0);
	CHECK_INTEQ(r->diag.errors, 0);
	CHECK_RULES(profile(r, 0), "/two,/one");
	run_free(r);

	/* top level: tunables that include each other */
	put("cyc/t1", "include <cyc/t2>\n@{T1}=/t1\n");
	put("cyc/t2", "include <cyc/t1>\n@{T2}=/t2\n");
	r = run("include <cyc/t1>\nprofile p @{T1}@{T2} {\n}\n");
	CHECK_INTEQ(r->rc, 0);
	CHECK_INTEQ(r->diag.warnings, 1);
	CHECK_STREQ(profile(r, 0)->attachment, "/t1/t2");
	run_free(r);
}

static void test_include_syntax_error_reported_in_file(void)
{
	put("bad/rules", "/ok r,\n/bad r\n}\n");
	struct run *r = run("profile p {\n  include <bad/rules>\n}\n");
	CHECK_INTEQ(r->rc, -1);
	CHECK(strstr(r->text, "bad/rules:3:1: error: expected ',' at the end of the file rule, found '}'") != NULL);
	run_free(r);
}

/* ---- aliases, namespaces, names, flags ----------------------------------------------- */

static void test_aliases(void)
{
	struct run *r = run("alias /usr/ -> /mnt/usr/,\nalias /a -> /b,\nprofile p {\n}\n");
	check_clean(r);
	CHECK_INTEQ(r->pol.naliases, 2);
	CHECK_STREQ(r->pol.aliases[0].from, "/usr/");
	CHECK_STREQ(r->pol.aliases[0].to, "/mnt/usr/");
	CHECK_STREQ(r->pol.aliases[1].to, "/b");
	run_free(r);
	r = run("alias usr -> /mnt/,\n");
	check_error_text(r, "main.sd:1:1: error: alias paths must be absolute");
	run_free(r);
}

static void test_namespaces_and_names(void)
{
	struct run *r = run(":ns1:/usr/bin/a {\n}\nprofile :ns2://b {\n}\nprofile c {\n}\n/usr/bin/d {\n}\n");
	check_clean(r);
	CHECK_INTEQ(r->pol.nprofiles, 4);
	CHECK_STREQ(profile(r, 0)->ns, "ns1");
	CHECK_STREQ(profile(r, 0)->name, "/usr/bin/a");
	CHECK_STREQ(profile(r, 1)->ns, "ns2");
	CHECK_STREQ(profile(r, 1)->name, "b");
	CHECK(profile(r, 2)->ns == NULL);
	CHECK_STREQ(profile(r, 3)->name, "/usr/bin/d");
	run_free(r);

	r = run_opts("profile a {\n}\n", "forced");
	check_clean(r);
	CHECK_STREQ(profile(r, 0)->ns, "forced");
	run_free(r);

	r = run(":ns {\n}\n");
	check_error_text(r, "main.sd:1:1: error: namespace not terminated in ':ns'");
	run_free(r);
	r = run("relative {\n}\n");
	check_error_text(r, "main.sd:1:1: error: profile name 'relative' must begin with '/', a namespace, or the keyword 'profile' or 'hat'");
	run_free(r);
	r = run("profile p {\n  profile :ns:c {\n  }\n}\n");
	check_error_text(r, "main.sd:2:11: error: a hat or child profile cannot name a namespace");
	run_free(r);
	r = run("profile p {\n}\nprofile p {\n}\n:x:p {\n}\n");
	check_error_text(r, "main.sd:3:9: error: profile 'p' is defined more than once");
	CHECK_INTEQ(r->diag.errors, 1);      /* same name in another namespace is fine */
	run_free(r);
	r = run("profile p {\n  ^h {\n  }\n  hat h {\n  }\n}\n");
	check_error_text(r, "main.sd:4:7: error: hat or child profile 'p//h' is defined more than once");
	run_free(r);
}

static void test_flags(void)
{
	struct run *r = run("profile p flags=(complain, audit, attach_disconnected, error=EPERM, kill.signal=hup) {\n}\n");
	check_clean(r);
	const struct policy_profile *p = profile(r, 0);
	CHECK_INTEQ(p->flags.mode, PROFILE_MODE_COMPLAIN);
	CHECK(p->flags.audit);
	CHECK(p->flags.attach_disconnected);
	CHECK_INTEQ(p->flags.error_code, EPERM);
	CHECK_INTEQ(p->flags.kill_signal, 1);
	run_free(r);

	r = run("@{D}=/disc\nprofile p flags=(attach_disconnected.path=@{D}/x) {\n}\n");
	check_clean(r);
	CHECK_STREQ(profile(r, 0)->flags.disconnected_path, "/disc/x");
	run_free(r);

	r = run("profile p flags=(complain, enforce) {\n}\n");
	check_error_text(r, "main.sd:1:28: error: conflicting profile mode flag 'enforce'");
	run_free(r);
	r = run("profile p flags=(bogus) {\n}\n");
	check_error_text(r, "main.sd:1:18: error: invalid profile flag 'bogus'");
	run_free(r);
	r = run("profile p flags=(chroot_relative, namespace_relative) {\n}\n");
	check_error_text(r, "flags chroot_relative and namespace_relative conflict");
	run_free(r);
}

static void test_rule_blocks_combine_qualifiers(void)
{
	struct run *r = run("profile p {\n  deny owner {\n    audit /a r,\n    { /b w, }\n  }\n}\n");
	check_clean(r);
	const struct policy_profile *p = profile(r, 0);
	CHECK_INTEQ(p->nrules, 2);
	CHECK_INTEQ(p->rules[0].prefix.mode, RULE_MODE_DENY);
	CHECK_INTEQ(p->rules[0].prefix.owner, OWNER_OWNER);
	CHECK(p->rules[0].prefix.audit);
	CHECK_INTEQ(p->rules[1].prefix.mode, RULE_MODE_DENY);
	CHECK(!p->rules[1].prefix.audit);
	run_free(r);
	r = run("profile p {\n  deny {\n    allow /a r,\n  }\n}\n");
	check_error_text(r, "main.sd:3:5: error: conflicting mode qualifiers (the enclosing block says deny)");
	run_free(r);
	r = run("profile p {\n  priority=1 {\n    /a r,\n  }\n}\n");
	check_error_text(r, "error: priority is not allowed on rule blocks");
	run_free(r);
}

/* ---- preprocessing ------------------------------------------------------------------- */

static int preprocess(const char *rel_main, char **out_text, char **diag_text)
{
	size_t dl;
	FILE *out = open_memstream(diag_text, &dl);
	struct diag_engine d;
	diag_init(&d, out);
	struct frontend fe;
	frontend_init(&fe, &d);
	frontend_add_search_dir(&fe, tmpdir);
	struct strbuf sb = STRBUF_INIT;
	int rc = frontend_preprocess(&fe, tpath(rel_main), &sb);
	diag_finish(&d);
	fclose(out);
	*out_text = strbuf_detach(&sb, NULL);
	frontend_destroy(&fe);
	diag_destroy(&d);
	return rc;
}

static void test_preprocess(void)
{
	put("pp/rules", "/r r,\n");
	put("pp/main", "profile p {\n  include <pp/rules>\n}\n");
	char *out, *diag;
	int rc = preprocess("pp/main", &out, &diag);
	CHECK_INTEQ(rc, 0);
	/* included rules are copied, not parsed as a top-level file */
	CHECK_STREQ(diag, "");
	CHECK_STREQ(out, "profile p {\n  \n\n##included <pp/rules>\n/r r,\n\n}\n");
	free(out);
	free(diag);

	/* a cycle is cut: like upstream, the file already expanded in this
	 * profile is skipped as a duplicate */
	put("pp/a", "include <pp/b>\n/a r,\n");
	put("pp/b", "include <pp/a>\n/b r,\n");
	put("pp/cyc", "profile p {\ninclude <pp/a>\n}\n");
	rc = preprocess("pp/cyc", &out, &diag);
	CHECK_INTEQ(rc, 0);
	CHECK(strstr(out, "##skipped duplicate include <pp/a>") != NULL);
	CHECK(strstr(diag, "error") == NULL);
	CHECK(strstr(out, "/a r,") && strstr(out, "/b r,"));
	CHECK(strstr(strstr(out, "/a r,") + 1, "/a r,") == NULL);   /* once */
	free(out);
	free(diag);

	/* directory includes skip the same names */
	put("ppd/x", "/x r,\n");
	put("ppd/x~", "/backup r,\n");
	put("pp/dir", "include <ppd>\n");
	rc = preprocess("pp/dir", &out, &diag);
	CHECK_INTEQ(rc, 0);
	CHECK(strstr(out, "/x r,") != NULL);
	CHECK(strstr(out, "/backup") == NULL);
	free(out);
	free(diag);
}

static void remove_tree(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
}

int main(void)
{
	strcpy(tmpdir, "/tmp/confine-test-resolve-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_variable_expansion);
	RUN(test_variable_assignment_operators);
	RUN(test_variable_errors);
	RUN(test_variable_chain_within_limit);
	RUN(test_variable_fanout_is_linear);
	RUN(test_builtin_variables);
	RUN(test_if_else);
	RUN(test_boolean_operators);
	RUN(test_defined);
	RUN(test_boolean_assignment_and_comparisons);
	RUN(test_condition_errors);
	RUN(test_include_search_and_tunables);
	RUN(test_include_missing);
	RUN(test_skip_names);
	RUN(test_directory_include);
	RUN(test_include_once_per_profile);
	RUN(test_include_cycles);
	RUN(test_include_syntax_error_reported_in_file);
	RUN(test_aliases);
	RUN(test_namespaces_and_names);
	RUN(test_flags);
	RUN(test_rule_blocks_combine_qualifiers);
	RUN(test_preprocess);
	remove_tree();
	return TEST_DONE();
}
