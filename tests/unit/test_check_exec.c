/*
 * Unit tests for src/policy/check_exec.c: exec modes that clash between the
 * rules of a profile (as apparmor_parser 3.0.8 decides, cross-checked by
 * hand with it) and file-rule patterns the glob converter rejects.
 *
 * Each case is a whole policy in memory, resolved (and so checked) by the
 * front end; the diagnostics are captured as text.
 */
#include "lang/frontend.h"
#include "lang/include.h"
#include "lang/parser.h"
#include "lang/resolve.h"
#include "policy/policy.h"
#include "test.h"

#include <stdio.h>

struct run {
	struct diag_engine diag;
	FILE *out;
	char *text;
	size_t len;
	struct frontend fe;
	struct policy pol;
	int rc;
};

static struct run *run(const char *src)
{
	struct run *r = calloc(1, sizeof(*r));
	r->out = open_memstream(&r->text, &r->len);
	diag_init(&r->diag, r->out);
	frontend_init(&r->fe, &r->diag);
	struct source_file *f = source_set_add_text(&r->fe.sources, "main.sd", src, strlen(src));
	struct ast_unit *u = parse_unit(&r->fe.arena, &r->diag, f, false);
	r->rc = resolve_unit(&r->fe.ic, &r->fe.ropts, u, &r->pol);
	fflush(r->out);
	if (!r->text)
		r->text = strdup("");
	return r;
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

/* The policy is accepted without any error. */
static void accepted(const char *src)
{
	struct run *r = run(src);
	CHECK_INTEQ(r->diag.errors, 0);
	if (r->diag.errors)
		printf("#   policy:\n%s#   diagnostics: %s\n", src, r->text);
	run_free(r);
}

/* The policy is rejected with exactly one error containing each text. */
static void rejected(const char *src, const char *text1, const char *text2)
{
	struct run *r = run(src);
	CHECK_INTEQ(r->rc, -1);
	CHECK_INTEQ(r->diag.errors, 1);
	if ((text1 && !strstr(r->text, text1)) || (text2 && !strstr(r->text, text2))) {
		printf("#   policy:\n%s#   diagnostics: %s#   expected: %s / %s\n", src, r->text,
		       text1, text2 ? text2 : "");
		test_failed_ = 1;
	}
	run_free(r);
}

static void test_overlapping_wildcards(void)
{
	rejected("/usr/bin/foo {\n  owner /bin/a* pix,\n  owner /bin/*b Px -> t,\n}\n",
		 "main.sd:2:3: error: conflicting exec modes: 'owner /bin/a* pix' and 'owner /bin/*b Px -> t' (line 3) both match '/bin/ab'",
		 "main.sd:3:3: note: the conflicting rule");
	/* disjoint patterns, or the same mode, are fine */
	accepted("/usr/bin/foo {\n  /bin/a* pix,\n  /bin/*b pix,\n  /usr/bin/* ux,\n}\n");
	/* the whole DFA decides, not the literal prefixes alone */
	accepted("/usr/bin/foo {\n  /bin/a*c px,\n  /bin/*b ix,\n}\n");
	rejected("/usr/bin/foo {\n  /bin/{a,b}*c px,\n  /bin/*bc ix,\n}\n", "both match '/bin/bc'",
		 NULL);
}

static void test_exact_rules(void)
{
	/* an exact path overrides the wildcard rules' exec type */
	accepted("/usr/bin/foo {\n  /bin/a* px,\n  /bin/ab ix,\n}\n");
	/* two exact rules must agree; alternations do not make a rule a wildcard */
	rejected("/usr/bin/foo {\n  /bin/cat px,\n  /lib/lib*.so* rix,\n  /bin/cat ix,\n}\n",
		 "'/bin/cat px' and '/bin/cat ix'", NULL);
	rejected("/usr/bin/foo {\n  /{,usr/}bin/{a,cat} px,\n  /usr/bin/cat ux,\n}\n",
		 "both match '/usr/bin/cat'", NULL);
	/* identical rules merge, as do the same variable expansions */
	accepted("@{B} = /bin /usr/bin\n/usr/bin/foo {\n  @{B}/cat Pix,\n  Pix /bin/cat,\n}\n");
	/* '//' is the same as '/' */
	rejected("/usr/bin/foo {\n  /bin//cat px,\n  /bin/cat ix,\n}\n", "conflicting exec modes", NULL);
}

static void test_halves_and_deny(void)
{
	/* owner and other are separate */
	accepted("/usr/bin/foo {\n  owner /bin/a px,\n  other /bin/a ix,\n}\n");
	rejected("/usr/bin/foo {\n  owner /bin/a px,\n  /bin/a ix,\n}\n", "conflicting exec modes",
		 NULL);
	/* deny rules take x away and never clash (nor resolve a clash) */
	accepted("/usr/bin/foo {\n  deny /bin/a x,\n  /bin/a px,\n}\n");
	rejected("/usr/bin/foo {\n  /bin/a* px,\n  /bin/*b ix,\n  deny /bin/ab x,\n}\n",
		 "conflicting exec modes", NULL);
	/* with priorities, the higher one decides */
	accepted("/usr/bin/foo {\n  priority=1 /bin/a* px,\n  /bin/*b ix,\n}\n");
}

static void test_exec_types(void)
{
	/* safe and unsafe differ; the keyword overrides the letter case */
	rejected("/usr/bin/foo {\n  /bin/a PIx,\n  unsafe PIx /bin/a,\n}\n", "conflicting exec modes",
		 NULL);
	accepted("/usr/bin/foo {\n  /bin/a pix,\n  unsafe pix /bin/a,\n}\n");
	accepted("/usr/bin/foo {\n  /bin/a Px,\n  safe px /bin/a,\n}\n");
	/* fallbacks are part of the mode */
	rejected("/usr/bin/foo {\n  /bin/a px,\n  /bin/a pix,\n}\n", "conflicting exec modes", NULL);
	/* named transitions: a different name is a different mode */
	rejected("/usr/bin/foo {\n  /bin/a px -> t1,\n  /bin/a px -> t2,\n}\n",
		 "conflicting exec modes", NULL);
	accepted("/usr/bin/foo {\n  /bin/a px -> t1,\n  px /bin/a -> t1,\n}\n");
	rejected("/usr/bin/foo {\n  /bin/a px,\n  /bin/a px -> t1,\n}\n", "conflicting exec modes",
		 NULL);
	/* 'cx -> t' names the child profile foo//t; 'cx -> <its own path>' is plain cx */
	accepted("profile foo {\n  /bin/a cx -> t,\n  /bin/a px -> foo//t,\n}\n");
	accepted("profile foo {\n  /bin/a cx -> /bin/a,\n  /bin/a cx,\n}\n");
	/* 'l' before the path: the target is a link target, not a transition */
	accepted("/usr/bin/foo {\n  l /bin/a -> /bin/b,\n  /bin/a px,\n}\n");
}

static void test_profiles_and_change_profile(void)
{
	/* each hat and child profile is checked on its own */
	accepted("/usr/bin/foo {\n  /bin/a px,\n  ^hat {\n    /bin/a ix,\n  }\n}\n");
	rejected("/usr/bin/foo {\n  ^hat {\n    /bin/a* ix,\n    /bin/*b ux,\n  }\n}\n",
		 "main.sd:3:5: error: conflicting exec modes", NULL);
	/* change_profile exec conditions: safe and unsafe must not overlap */
	rejected("/usr/bin/foo {\n  change_profile safe /bin/f* -> bar,\n  change_profile unsafe /bin/*o -> b*,\n}\n",
		 "both match '/bin/fo' -> 'bar'", NULL);
	accepted("/usr/bin/foo {\n  change_profile safe /onexec -> /bin/foo,\n  change_profile unsafe /onexec -> /bin/bar,\n}\n");
}

static void test_transition_table(void)
{
	char src[2048];
	size_t n = (size_t)snprintf(src, sizeof(src), "/usr/bin/foo {\n");
	for (int i = 0; i < 12; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "  /bin/f%d px -> t%d,\n", i, i);
	snprintf(src + n, sizeof(src) - n, "}\n");
	accepted(src);
	snprintf(src + n, sizeof(src) - n, "  /bin/g cx -> t0,\n}\n");
	rejected(src, "too many different exec transition targets", NULL);
}

static void test_pattern_syntax(void)
{
	rejected("profile failure {\n  /usr/bin/one{en}try rw,\n}\n",
		 "main.sd:2:3: error: invalid pattern '/usr/bin/one{en}try': invalid number of items between {}",
		 "hint: an alternation needs");
	rejected("/usr/bin/foo {\n  /a/{b,c r,\n}\n", "expecting close }", NULL);
	rejected("/usr/bin/foo {\n  /a/b} r,\n}\n", "no matching open {", NULL);
	rejected("/usr/bin/foo {\n  /a/[bc r,\n}\n", "unclosed character class", NULL);
	rejected("/usr/bin/foo {\n  /a/[a-z_-] r,\n}\n", "before the closing ']'", NULL);
	rejected("/usr/bin/foo {\n  link /a -> /b/{x},\n}\n", "invalid number of items", NULL);
	rejected("/usr/bin/foo {\n  l /a -> /b/{x},\n}\n", "invalid number of items", NULL);
	rejected("/usr/bin/foo {\n  change_profile /a{b} -> foo,\n}\n", "invalid number of items",
		 NULL);
	rejected("/usr/bin/foo {\n  change_profile -> :ns{:foo,\n}\n", "expecting close }", NULL);
	/* variables are expanded first: several values make a valid alternation */
	rejected("@{V} = x\n/usr/bin/foo {\n  /a/{@{V}} r,\n}\n", "invalid number of items", NULL);
	accepted("@{V} = x y\n/usr/bin/foo {\n  /a/@{V} r,\n  /a/{@{V},z} r,\n  /a/[z-a]\\{ r,\n}\n");
}

int main(void)
{
	RUN(test_overlapping_wildcards);
	RUN(test_exact_rules);
	RUN(test_halves_and_deny);
	RUN(test_exec_types);
	RUN(test_profiles_and_change_profile);
	RUN(test_transition_table);
	RUN(test_pattern_syntax);
	return TEST_DONE();
}
