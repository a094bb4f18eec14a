/*
 * Unit tests for src/lang/printer.c and src/lang/ast_equal.c: canonical
 * layout, quoting and escaping, every rule class, conditionals, nested
 * profiles and hats, comments; every printed text is also parsed back and
 * compared with the original tree, and printed again (idempotence).
 */
#include "lang/ast_equal.h"
#include "lang/parser.h"
#include "lang/printer.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/strbuf.h"
#include "test.h"

/* One parse-print session; everything is released by fx_done(). */
struct fx {
	struct arena arena;
	struct source_set ss;
	struct diag_engine diag;
	struct strbuf out;
};

static void fx_init(struct fx *f)
{
	arena_init(&f->arena);
	source_set_init(&f->ss);
	diag_init(&f->diag, NULL);
	strbuf_init(&f->out);
}

static void fx_done(struct fx *f)
{
	strbuf_release(&f->out);
	diag_destroy(&f->diag);
	source_set_destroy(&f->ss);
	arena_destroy(&f->arena);
}

static struct ast_unit *parse_text(struct fx *f, const char *text, bool body)
{
	struct source_file *src = source_set_add_text(&f->ss, "t.sd", text, strlen(text));
	return parse_unit(&f->arena, &f->diag, src, body);
}

/*
 * Parse text, print it, and check the round trip: the printed text parses to
 * an equal tree and prints to itself. Returns the printed text (in f->out).
 */
static const char *roundtrip(struct fx *f, const char *text, bool body, bool comments)
{
	struct ast_unit *u = parse_text(f, text, body);
	CHECK(u->ok);
	if (!u->ok)
		return "";
	struct printer_options po = { .comments = comments };
	strbuf_reset(&f->out);
	printer_print_unit(u, &po, &f->out);
	struct ast_unit *u2 = parse_text(f, strbuf_str(&f->out), body);
	CHECK(u2->ok);
	if (u2->ok) {
		struct strbuf why = STRBUF_INIT;
		bool eq = ast_unit_equal(u, u2, &why);
		if (!eq)
			printf("#   trees differ: %s\n", why.buf);
		CHECK(eq);
		strbuf_release(&why);
		struct strbuf again = STRBUF_INIT;
		printer_print_unit(u2, &po, &again);
		CHECK_STREQ(strbuf_str(&again), strbuf_str(&f->out));
		strbuf_release(&again);
	}
	return strbuf_str(&f->out);
}

/* Format text (as top level unless body) and compare with the expected output. */
static void expect_fmt(const char *text, bool body, bool comments, const char *expected)
{
	struct fx f;
	fx_init(&f);
	CHECK_STREQ(roundtrip(&f, text, body, comments), expected);
	fx_done(&f);
}

/* A rule inside a profile: "profile p {\n  RULE\n}\n". */
static void expect_rule(const char *rule, const char *expected)
{
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_addf(&in, "profile p {\n%s\n}\n", rule);
	strbuf_addf(&want, "profile p {\n  %s\n}\n", expected);
	expect_fmt(in.buf, false, false, want.buf);
	strbuf_release(&in);
	strbuf_release(&want);
}

/* ---- layout and prefixes ------------------------------------------------------------- */

static void test_layout(void)
{
	expect_fmt("profile   p   {/a r,/b   w,\n\n\n}", false, false,
		   "profile p {\n  /a r,\n  /b w,\n}\n");
	expect_fmt("/usr/bin/x {}", false, false, "/usr/bin/x {\n}\n");
	/* profiles are set apart by blank lines, preamble kept in order */
	expect_fmt("include <tunables/global>\n@{A}=x\nprofile a {}\nprofile b {}", false, false,
		   "include <tunables/global>\n@{A} = x\n\nprofile a {\n}\n\nprofile b {\n}\n");
}

static void test_prefix_order(void)
{
	expect_rule("priority=-5 audit deny owner /a r,", "priority=-5 audit deny owner /a r,");
	expect_rule("user /a r,", "owner /a r,");
	expect_rule("audit allow other /a r,", "audit allow other /a r,");
	expect_rule("prompt /a r,", "prompt /a r,");
	expect_rule("priority = 3 /a r,", "priority=3 /a r,");
}

/* ---- quoting and escaping ---------------------------------------------------------- */

static void test_quoting(void)
{
	/* needless quotes go, needed ones stay */
	expect_rule("\"/usr/bin/foo\" r,", "/usr/bin/foo r,");
	expect_rule("\"/a b\" r,", "\"/a b\" r,");
	expect_rule("\"/a\\tb\" r,", "\"/a\\tb\" r,");
	expect_rule("\"/a\\\"b\" r,", "\"/a\\\"b\" r,");
	expect_rule("\"/foo,\" r,", "\"/foo,\" r,");
	/* a comma inside a name is fine, at its end it is not */
	expect_rule("/usr/{bin,sbin}/x r,", "/usr/{bin,sbin}/x r,");
	/* escapes of pattern characters are kept as written */
	expect_rule("/a\\*b\\{c\\} r,", "/a\\*b\\{c\\} r,");
	expect_rule("/a\\ b r,", "/a\\ b r,");
	/* octal and hex escapes are decoded, and printed plainly where possible */
	expect_rule("\"/a\\101\" r,", "/aA r,");
	expect_rule("\"/a\\x42\" r,", "/aB r,");
	/* control characters come back as escapes */
	expect_rule("\"/a\\001b\" r,", "\"/a\\001b\" r,");
	/* a keyword where a name is expected needs quotes */
	expect_rule("network \"stream\" ,", "network stream,");
	expect_rule("network inet \"create\",", "network inet \"create\",");
	expect_rule("mqueue \"read\",", "mqueue \"read\",");
	expect_rule("change_profile \"safe\",", "change_profile \"safe\",");
	expect_rule("change_profile -> \"a b\",", "change_profile -> \"a b\",");
	/* values */
	expect_rule("dbus path=\"/a b\",", "dbus path=\"/a b\",");
	expect_rule("dbus path=\"(x\",", "dbus path=\"(x\",");
	expect_rule("dbus path=\"\",", "dbus path=\"\",");
	expect_rule("dbus peer=(label=\"a,b\"),", "dbus peer=(label=\"a,b\"),");
	expect_rule("dbus peer=(label=\"plain\"),", "dbus peer=(label=plain),");
	expect_rule("unix peer=(label=\"a\\\"\"),", "unix peer=(label=\"a\\\"\"),");
	expect_rule("mount options=(\"a,b\" ro),", "mount options=(\"a,b\", ro),");
	/* profile names */
	expect_fmt("profile \"a b\" {}", false, false, "profile \"a b\" {\n}\n");
	expect_fmt("profile \"network\" {}", false, false, "profile network {\n}\n");
	expect_fmt("\"/a b\" {}", false, false, "\"/a b\" {\n}\n");
	expect_fmt("profile x \"/a b\" {}", false, false, "profile x \"/a b\" {\n}\n");
}

static void test_quoting_preamble(void)
{
	expect_fmt("@{A}=\"a b\" c \"#x\" \"\"\n", false, false, "@{A} = \"a b\" c \"#x\" \"\"\n");
	expect_fmt("@{A}=\\#x\n", false, false, "@{A} = \\#x\n");
	expect_fmt("#include <a b>\n", false, false, "include <a b>\n");
	expect_fmt("include \"/a\"\ninclude /b\n", false, false, "include \"/a\"\ninclude \"/b\"\n");
	expect_fmt("include <\"a>b\">\n", false, false, "include <\"a>b\">\n");
	expect_fmt("abi \"x y\",\nabi <abi/4.0>,\n", false, false, "abi \"x y\",\nabi <abi/4.0>,\n");
	expect_fmt("alias \"/a\" -> \"/b c\",\n", false, false, "alias /a -> \"/b c\",\n");
}

/* Corners of the lexer the printer must reproduce exactly. */
static void test_lexer_corners(void)
{
	/* a conditional named peer with a value list is not a peer=(...) group */
	expect_rule("dbus peer=\n (label=x, y),", "dbus peer=\n      (label=x, y),");
	/* names inside a group are not decoded back: printed as written */
	expect_rule("dbus peer=(\\qname=x),", "dbus peer=(\\qname=x),");
	/* an include whose name holds an escaped line break keeps its spelling */
	expect_fmt("include \"a\\\nb\"\n", false, false, "include \"a\\\nb\"\n");
}

/* Hundreds of keyword-led rules used to fill the lexer's mode stack (lexer.c push()). */
static void test_long_profile(void)
{
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_addstr(&in, "profile p {\n");
	strbuf_addstr(&want, "profile p {\n");
	for (int i = 0; i < 600; i++) {
		strbuf_addf(&in, "owner /a%d r,\n", i);
		strbuf_addf(&want, "  owner /a%d r,\n", i);
	}
	strbuf_addstr(&in, "dbus send peer=(label=\"x\"),\n}\n");
	strbuf_addstr(&want, "  dbus send peer=(label=x),\n}\n");
	expect_fmt(in.buf, false, false, want.buf);
	strbuf_release(&in);
	strbuf_release(&want);
}

/* A profile named like permission letters cannot be written without its keyword. */
static void test_unspellable(void)
{
	struct fx f;
	fx_init(&f);
	struct ast_unit *u = parse_text(&f, "rw#\n/usr/bin/foo {}\n", false);
	CHECK(u->ok);
	CHECK(!printer_print_unit(u, NULL, &f.out));
	strbuf_reset(&f.out);
	u = parse_text(&f, "profile rw /usr/bin/foo {}\n", false);
	CHECK(printer_print_unit(u, NULL, &f.out));
	CHECK_STREQ(f.out.buf, "profile rw /usr/bin/foo {\n}\n");
	fx_done(&f);
}

/* A tree built by hand: words the lexer could never have produced plain. */
static void test_synthetic_words(void)
{
	struct ast_node n;
	memset(&n, 0, sizeof(n));
	n.kind = AST_FILE;
	n.u.file.path = (struct ast_word){ .text = "/a\nb\"c", .len = 6 };
	n.u.file.perms = (struct ast_word){ .text = "r", .len = 1 };
	struct strbuf out = STRBUF_INIT;
	printer_print_node(&n, 1, &out);
	CHECK_STREQ(out.buf, "  \"/a\\nb\\\"c\" r,\n");
	strbuf_release(&out);
}

/* ---- every rule class ------------------------------------------------------------------ */

static void test_file_rules(void)
{
	expect_rule("file,", "file,");
	expect_rule("audit file,", "audit file,");
	expect_rule("file /a rw,", "file /a rw,");
	expect_rule("rw /a,", "rw /a,");
	expect_rule("file rw /a,", "file rw /a,");
	expect_rule("/bin/x  Cx  ->  child,", "/bin/x Cx -> child,");
	expect_rule("unsafe /bin/x Px -> p,", "unsafe /bin/x Px -> p,");
	expect_rule("file safe px /bin/y,", "file safe px /bin/y,");
	expect_rule("l subset /a -> /b,", "l subset /a -> /b,");
	expect_rule("@{HOME} r,", "@{HOME} r,");
	expect_rule("@{HOME}/** rwl,", "@{HOME}/** rwl,");
	expect_rule("link /a -> /b,", "link /a -> /b,");
	expect_rule("link subset /a -> /b,", "link subset /a -> /b,");
}

static void test_other_rules(void)
{
	expect_rule("change_profile,", "change_profile,");
	expect_rule("change_profile -> foo,", "change_profile -> foo,");
	expect_rule("change_profile safe /bin/x -> foo,", "change_profile safe /bin/x -> foo,");
	expect_rule("capability,", "capability,");
	expect_rule("capability   chown  setuid ,", "capability chown setuid,");
	expect_rule("network,", "network,");
	expect_rule("network inet6 stream,", "network inet6 stream,");
	expect_rule("network (bind listen) inet stream ip=127.0.0.1 port=80,",
		    "network (bind, listen) inet stream ip=127.0.0.1 port=80,");
	expect_rule("network send inet peer=(ip=::1 port=53),",
		    "network send inet peer=(ip=::1 port=53),");
	expect_rule("unix (send, receive) type=stream addr=@a peer=(label=b addr=@c),",
		    "unix (send, receive) type=stream addr=@a peer=(label=b addr=@c),");
	expect_rule("dbus bind bus=session name=org.x,", "dbus bind bus=session name=org.x,");
	expect_rule("dbus eavesdrop,", "dbus eavesdrop,");
	expect_rule("dbus (send receive) bus = system path=/a member={A,B} peer=(name=(a b), label=c),",
		    "dbus (send, receive) bus=system path=/a member={A,B} peer=(name=(a b) label=c),");
	expect_rule("signal (send) set=(hup, int) peer=x,", "signal (send) set=(hup, int) peer=x,");
	expect_rule("signal receive set in (usr1),", "signal receive set in (usr1),");
	expect_rule("ptrace (read, trace) peer=x,", "ptrace (read, trace) peer=x,");
	expect_rule("ptrace tracedby,", "ptrace tracedby,");
	expect_rule("mount,", "mount,");
	expect_rule("mount fstype=ext4 options=(ro,bind) /dev/a -> /mnt/,",
		    "mount fstype=ext4 options=(ro, bind) /dev/a -> /mnt/,");
	expect_rule("mount options in (ro) -> /mnt/,", "mount options in (ro) -> /mnt/,");
	expect_rule("remount options=ro /mnt/,", "remount options=ro /mnt/,");
	expect_rule("umount /mnt/,", "umount /mnt/,");
	expect_rule("unmount /mnt/,", "umount /mnt/,");
	expect_rule("pivot_root oldroot=/o/ /n/ -> p,", "pivot_root oldroot=/o/ /n/ -> p,");
	expect_rule("pivot_root,", "pivot_root,");
	expect_rule("userns,", "userns,");
	expect_rule("userns create,", "userns create,");
	expect_rule("mqueue (open read) type=posix /q,", "mqueue (open, read) type=posix /q,");
	expect_rule("mqueue delete,", "mqueue delete,");
	expect_rule("io_uring,", "io_uring,");
	expect_rule("io_uring (sqpoll override_creds) label=x,",
		    "io_uring (sqpoll, override_creds) label=x,");
	expect_rule("all,", "all,");
	expect_rule("deny all,", "deny all,");
	expect_rule("set rlimit nofile <= 1024,", "set rlimit nofile <= 1024,");
	expect_rule("set rlimit data<=10M,", "set rlimit data <= 10M,");
	expect_rule("set rlimit cpu <= infinity,", "set rlimit cpu <= infinity,");
}

static void test_preamble(void)
{
	expect_fmt("@{A}=a b\n@{A}+=c\n@{B} ?= d\n@{C} := e\n", false, false,
		   "@{A} = a b\n@{A} += c\n@{B} ?= d\n@{C} := e\n");
	expect_fmt("${A}=true\n${B} = ${A}\n", false, false, "${A} = true\n${B} = ${A}\n");
	expect_fmt("include if exists <a/b>\n#include if exists \"c\"\n", false, false,
		   "include if exists <a/b>\ninclude if exists \"c\"\n");
}

/* ---- structure ------------------------------------------------------------------------- */

static void test_profiles(void)
{
	expect_fmt("profile a /usr/bin/a xattrs=(user.x=1 security.y=(p q)) flags=(complain,audit) {}",
		   false, false,
		   "profile a /usr/bin/a xattrs=(user.x=1 security.y=(p q)) flags=(complain, audit) {\n}\n");
	expect_fmt("profile a (complain) {}", false, false, "profile a flags=(complain) {\n}\n");
	expect_fmt("profile a +identities=(x y) +identities=(z) {}", false, false,
		   "profile a +identities=(x, y, z) {\n}\n");
	expect_fmt("/a {\n^h1 {\n/b r,\n}\nhat h2 {}\n/c r,\nprofile c1 {\nprofile c2 { /d r, }\n}\n}",
		   false, false,
		   "/a {\n  ^h1 {\n    /b r,\n  }\n\n  ^h2 {\n  }\n\n  /c r,\n\n"
		   "  profile c1 {\n    profile c2 {\n      /d r,\n    }\n  }\n}\n");
	expect_fmt("^top {}", false, false, "^top {\n}\n");
}

static void test_blocks(void)
{
	expect_rule("audit deny { /a r, owner /b w, }", "audit deny {\n    /a r,\n    owner /b w,\n  }");
	expect_rule("{ }", "{\n  }");
	expect_rule("priority=1 { /a r, }", "priority=1 {\n    /a r,\n  }");
}

static void test_conditionals(void)
{
	expect_rule("if ${A} { /a r, }", "if ${A} {\n    /a r,\n  }");
	expect_rule("if ${A} { } else { }", "if ${A} {\n  } else {\n  }");
	expect_rule("if defined @{X} { /a r, } else if not ${B} { /b r, } else if ${C} { } else { /c r, }",
		    "if defined @{X} {\n    /a r,\n  } else if not ${B} {\n    /b r,\n  }"
		    " else if ${C} {\n  } else {\n    /c r,\n  }");
	/* precedence: parentheses only where the tree needs them */
	expect_rule("if (${A} and ${B}) or ${C} { }", "if ${A} and ${B} or ${C} {\n  }");
	expect_rule("if ${A} and (${B} or ${C}) { }", "if ${A} and (${B} or ${C}) {\n  }");
	expect_rule("if ${A} or (${B} or ${C}) { }", "if ${A} or (${B} or ${C}) {\n  }");
	expect_rule("if not (${A} and ${B}) { }", "if not (${A} and ${B}) {\n  }");
	expect_rule("if not not ${A} { }", "if not not ${A} {\n  }");
	expect_rule("if @{X} == foo { }", "if @{X} == foo {\n  }");
	expect_rule("if @{X} != \"a b\" { }", "if @{X} != \"a b\" {\n  }");
	expect_rule("if a in @{X} { }", "if a in @{X} {\n  }");
	expect_rule("if \"and\" == x { }", "if \"and\" == x {\n  }");
	expect_fmt("${A} = not (${B} or defined @{C} )\n", false, false,
		   "${A} = not (${B} or defined @{C} )\n");
	/* a variable right before ')' would read as a path: kept apart */
	expect_rule("if not (${A} and defined @{B} ) { }", "if not (${A} and defined @{B} ) {\n  }");
	expect_rule("if ($A and $B) or ${C} { }", "if $A and $B or ${C} {\n  }");
}

static void test_body_unit(void)
{
	/* include files hold bare rules: indented as inside a profile */
	expect_fmt("# header\n\n/a r,\n^h {}\n", true, true, "# header\n\n  /a r,\n\n  ^h {\n  }\n");
	expect_fmt("/a r,\n/b w,", true, false, "  /a r,\n  /b w,\n");
}

/* ---- comments -------------------------------------------------------------------------- */

static void test_comments(void)
{
	expect_fmt("# head\n\n\n\nprofile p { # open\n  # lead\n  /a r, # trail\n\n\n"
		   "  /b r,\n  # before close\n} # after\n# end\n",
		   false, true,
		   "# head\n\nprofile p { # open\n  # lead\n  /a r, # trail\n\n"
		   "  /b r,\n  # before close\n} # after\n# end\n");
	/* without the option, comments and blank lines go */
	expect_fmt("# head\n\nprofile p {\n  /a r, # trail\n\n  /b r,\n}\n", false, false,
		   "profile p {\n  /a r,\n  /b r,\n}\n");
	/* a comment inside a rule that spans lines joins the rule's line */
	expect_fmt("profile p {\n  /a # why\n    r,\n}\n", false, true,
		   "profile p {\n  /a r, # why\n}\n");
	/* two trailing comments for one line: the second gets its own line */
	expect_fmt("profile p {\n  /a # one\n    r, # two\n}\n", false, true,
		   "profile p {\n  /a r, # one\n  # two\n}\n");
	/* comments in assignments and conditionals */
	expect_fmt("@{A}=a # x\n  # y\n@{B}=b\n", false, true, "@{A} = a # x\n# y\n@{B} = b\n");
	expect_fmt("profile p {\n if ${A} { # t\n /a r,\n } # e\n else {\n # in else\n }\n}\n", false,
		   true,
		   "profile p {\n  if ${A} { # t\n    /a r,\n  } else { # e\n    # in else\n  }\n}\n");
	/* a comment that would read as a directive is defused */
	expect_fmt("@{A}=a #include <x>\n", false, true, "@{A} = a # include <x>\n");
}

/* ---- equality ---------------------------------------------------------------------------- */

static void test_equal(void)
{
	struct fx f;
	fx_init(&f);
	struct ast_unit *a = parse_text(&f, "profile p { /a r, \"/b\" w, }", false);
	struct ast_unit *b = parse_text(&f, "profile   p {\n/a r,\n/b w,\n}", false);
	struct ast_unit *c = parse_text(&f, "profile p { /a r, /b rw, }", false);
	struct ast_unit *d = parse_text(&f, "profile p { /a r, }", false);
	struct ast_unit *e = parse_text(&f, "profile p { deny /a r, /b w, }", false);
	struct strbuf why = STRBUF_INIT;
	CHECK(ast_unit_equal(a, b, NULL));
	CHECK(!ast_unit_equal(a, c, &why));
	CHECK(strstr(why.buf, "permissions differs") != NULL);
	CHECK(strstr(why.buf, "item 2 (file rule)") != NULL);
	strbuf_reset(&why);
	CHECK(!ast_unit_equal(a, d, &why));
	CHECK(strstr(why.buf, "one side only") != NULL);
	CHECK(!ast_unit_equal(a, e, NULL));
	CHECK(ast_items_equal(a->items, b->items));
	strbuf_release(&why);

	struct ast_unit *x = parse_text(&f, "if ${A} or ${B} or ${C} { }", true);
	struct ast_unit *y = parse_text(&f, "if ${A} or (${B} or ${C}) { }", true);
	CHECK(x->ok && y->ok);
	CHECK(!ast_unit_equal(x, y, NULL));
	fx_done(&f);
}

int main(void)
{
	RUN(test_layout);
	RUN(test_prefix_order);
	RUN(test_quoting);
	RUN(test_quoting_preamble);
	RUN(test_lexer_corners);
	RUN(test_long_profile);
	RUN(test_unspellable);
	RUN(test_synthetic_words);
	RUN(test_file_rules);
	RUN(test_other_rules);
	RUN(test_preamble);
	RUN(test_profiles);
	RUN(test_blocks);
	RUN(test_conditionals);
	RUN(test_body_unit);
	RUN(test_comments);
	RUN(test_equal);
	return TEST_DONE();
}
