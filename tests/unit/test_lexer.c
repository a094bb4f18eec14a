/*
 * Unit tests for src/lang/lexer.c: the token stream of profile-language text.
 *
 * Covers the token kinds and the lexical modes that switch them (profile
 * headers, file rules and permission strings, rule-class keywords and their
 * permission words, conditionals and parenthesized lists, variables and
 * assignments, boolean expressions), quoting and escape decoding (\\ \" octal
 * \NNN hex \xHH decimal \dNNN), DOS line endings, comments versus '#include',
 * every include form, token positions, and the lexer's own errors (NUL bytes,
 * unterminated quotes, trailing ',' in assignments, 'include' without a name).
 *
 * Each token is rendered as KIND[text] (text-bearing kinds) or as its
 * punctuation/keyword, so a whole stream is compared as one string.
 */
#include "lang/lexer.h"
#include "support/strbuf.h"
#include "test.h"

#include <stdio.h>

struct lexed {
	struct source_set set;
	struct arena arena;
	struct diag_engine diag;
	char *diag_text;
	size_t diag_len;
	FILE *diag_out;
	struct source_file *src;
	struct lexer lx;
};

static void lexed_init(struct lexed *l, const char *text, size_t len)
{
	memset(l, 0, sizeof(*l));
	source_set_init(&l->set);
	arena_init(&l->arena);
	l->diag_out = open_memstream(&l->diag_text, &l->diag_len);
	diag_init(&l->diag, l->diag_out);
	l->src = source_set_add_text(&l->set, "t.sd", text, len);
	lexer_init(&l->lx, l->src, &l->arena, &l->diag);
}

static void lexed_destroy(struct lexed *l)
{
	fclose(l->diag_out);
	free(l->diag_text);
	diag_destroy(&l->diag);
	arena_destroy(&l->arena);
	source_set_destroy(&l->set);
}

static const char *kind_label(enum token_kind k)
{
	switch (k) {
	case TOK_EOF: return "EOF";
	case TOK_ERROR: return "ERROR";
	case TOK_ID: return "ID";
	case TOK_CONDID: return "CONDID";
	case TOK_CONDLISTID: return "CONDLIST";
	case TOK_VALUE: return "VALUE";
	case TOK_MODE: return "MODE";
	case TOK_SET_VAR: return "SETVAR";
	case TOK_BOOL_VAR: return "BOOLVAR";
	case TOK_INCLUDE: return "INCLUDE";
	default: return NULL;
	}
}

/* One token as text: ID[/a], INCLUDE[x]<search,exists,pound>, or '{' as { */
static void render(struct strbuf *sb, const struct token *t)
{
	const char *label = kind_label(t->kind);
	if (!label) {
		const char *d = token_describe(t->kind);   /* "'{'" */
		size_t n = strlen(d);
		if (n >= 2 && d[0] == '\'')
			strbuf_add(sb, d + 1, n - 2);
		else
			strbuf_addstr(sb, d);
		return;
	}
	strbuf_addstr(sb, label);
	if (t->kind == TOK_EOF || t->kind == TOK_ERROR)
		return;
	strbuf_addf(sb, "[%s]", t->text);
	if (t->quoted)
		strbuf_addstr(sb, "q");
	if (t->kind == TOK_INCLUDE)
		strbuf_addf(sb, "<%s%s%s>", t->include_search ? "s" : "",
			    t->include_if_exists ? "e" : "", t->pound_include ? "#" : "");
}

/* The whole token stream of text, up to EOF or the first error; malloc'd. */
static char *lex_n(const char *text, size_t len, char **diag_out)
{
	struct lexed l;
	lexed_init(&l, text, len);
	struct strbuf sb = STRBUF_INIT;
	for (;;) {
		struct token t = lexer_next(&l.lx);
		if (sb.len)
			strbuf_addch(&sb, ' ');
		render(&sb, &t);
		if (t.kind == TOK_EOF || t.kind == TOK_ERROR)
			break;
	}
	fflush(l.diag_out);
	if (diag_out)
		*diag_out = strdup(l.diag_text ? l.diag_text : "");
	lexed_destroy(&l);
	return strbuf_detach(&sb, NULL);
}

static char *lex(const char *text)
{
	return lex_n(text, strlen(text), NULL);
}

#define CHECK_LEX(text, expected) do { \
	char *got_ = lex(text); \
	CHECK_STREQ(got_, expected); \
	free(got_); \
} while (0)

/* ---- tokens and modes ---------------------------------------------------- */

static void test_profile_header(void)
{
	CHECK_LEX("profile foo /usr/bin/foo flags=(complain, audit) {\n}\n",
		  "profile ID[foo] ID[/usr/bin/foo] flags= = ( VALUE[complain] VALUE[audit] ) { } EOF");
	CHECK_LEX("/usr/bin/foo {\n}", "ID[/usr/bin/foo] { } EOF");
	CHECK_LEX("profile \"foo bar\" {", "profile ID[foo bar]q { EOF");
	CHECK_LEX("profile :ns:foo {", "profile ID[:ns:foo] { EOF");
	CHECK_LEX("profile x xattrs=(user.a=b) {",
		  "profile ID[x] CONDLIST[xattrs] = ( CONDID[user.a] = VALUE[b] ) { EOF");
}

static void test_hats_and_children(void)
{
	CHECK_LEX("^hat {", "^ ID[hat] { EOF");
	CHECK_LEX("hat foo {", "hat ID[foo] { EOF");
	CHECK_LEX("profile child /bin/c {", "profile ID[child] ID[/bin/c] { EOF");
}

static void test_file_rules_and_modes(void)
{
	CHECK_LEX("/etc/passwd r,", "ID[/etc/passwd] MODE[r] , EOF");
	CHECK_LEX("rw /tmp/x,", "MODE[rw] ID[/tmp/x] , EOF");
	CHECK_LEX("/a rwix,", "ID[/a] MODE[rwix] , EOF");
	CHECK_LEX("/a PUx,", "ID[/a] MODE[PUx] , EOF");
	CHECK_LEX("/bin/x Px -> target,", "ID[/bin/x] MODE[Px] -> ID[target] , EOF");
	CHECK_LEX("/a\tr,", "ID[/a] MODE[r] , EOF");
	/* permission letters need a blank or ',' after them to be permissions */
	CHECK_LEX("/a rw, /b r", "ID[/a] MODE[rw] , ID[/b] ID[r] EOF");
	CHECK_LEX("/network r,", "ID[/network] MODE[r] , EOF");
	CHECK_LEX("file,", "file , EOF");
	CHECK_LEX("file /a r,", "file ID[/a] MODE[r] , EOF");
	CHECK_LEX("link subset /a -> /b,", "link subset ID[/a] -> ID[/b] , EOF");
}

static void test_qualifiers(void)
{
	CHECK_LEX("deny owner /a r,", "deny owner ID[/a] MODE[r] , EOF");
	CHECK_LEX("user /a r,", "owner ID[/a] MODE[r] , EOF");   /* 'user' spells 'owner' */
	CHECK_LEX("audit allow other /a r,", "audit allow other ID[/a] MODE[r] , EOF");
	CHECK_LEX("priority=-5 deny /a r,", "priority= = VALUE[-5] deny ID[/a] MODE[r] , EOF");
	CHECK_LEX("audit { /a r, }", "audit { ID[/a] MODE[r] , } EOF");
}

static void test_rule_class_permission_words(void)
{
	CHECK_LEX("network inet stream,", "network ID[inet] ID[stream] , EOF");
	CHECK_LEX("network r,", "network MODE[r] , EOF");
	CHECK_LEX("unix (send, receive) type=stream peer=(label=foo),",
		  "unix ( VALUE[send] VALUE[receive] ) CONDID[type] = VALUE[stream] "
		  "CONDLIST[peer] = ( CONDID[label] = VALUE[foo] ) , EOF");
	CHECK_LEX("unix connect,", "unix connect , EOF");
	CHECK_LEX("dbus send bus=session member={a,b},",
		  "dbus send CONDID[bus] = VALUE[session] CONDID[member] = VALUE[{a,b}] , EOF");
	CHECK_LEX("dbus eavesdrop,", "dbus eavesdrop , EOF");
	CHECK_LEX("signal (send) set=(hup int),",
		  "signal ( VALUE[send] ) CONDID[set] = ( VALUE[hup] VALUE[int] ) , EOF");
	CHECK_LEX("signal set in (hup),", "signal CONDID[set] in ( VALUE[hup] ) , EOF");
	CHECK_LEX("ptrace tracedby peer=foo,", "ptrace tracedby CONDID[peer] = VALUE[foo] , EOF");
	CHECK_LEX("mount options=(ro,bind) /a -> /b,",
		  "mount CONDID[options] = ( VALUE[ro] VALUE[bind] ) ID[/a] -> ID[/b] , EOF");
	CHECK_LEX("mqueue open type=posix /q,",
		  "mqueue open CONDID[type] = VALUE[posix] ID[/q] , EOF");
	CHECK_LEX("io_uring sqpoll,", "io_uring sqpoll , EOF");
	CHECK_LEX("userns create,", "userns create , EOF");
	CHECK_LEX("capability setuid dac_override,", "capability ID[setuid] ID[dac_override] , EOF");
	CHECK_LEX("set rlimit nofile <= 1024,", "set rlimit ID[nofile] <= VALUE[1024] , EOF");
	CHECK_LEX("set rlimit cpu <= infinity,", "set rlimit ID[cpu] <= VALUE[infinity] , EOF");
	CHECK_LEX("change_profile safe /bin/a -> b,",
		  "change_profile safe ID[/bin/a] -> ID[b] , EOF");
	CHECK_LEX("all,", "all , EOF");
}

static void test_variables_and_assignments(void)
{
	CHECK_LEX("@{HOME}=/home/*/ /root/\n", "SETVAR[@{HOME}] = VALUE[/home/*/] VALUE[/root/] EOF");
	CHECK_LEX("@{A}+=x", "SETVAR[@{A}] += VALUE[x] EOF");
	CHECK_LEX("@{A}=@{B}/x", "SETVAR[@{A}] = VALUE[@{B}/x] EOF");
	CHECK_LEX("${B} = true", "BOOLVAR[${B}] = ID[true] EOF");
	CHECK_LEX("${B} ?= false", "BOOLVAR[${B}] ?= ID[false] EOF");
	/* a backslash-newline continues the value list on the next line */
	CHECK_LEX("@{A}=a \\\n b\n/x r,", "SETVAR[@{A}] = VALUE[a] VALUE[b] ID[/x] MODE[r] , EOF");
	/* a comment ends the assignment */
	CHECK_LEX("@{A}=a # c\n/x r,", "SETVAR[@{A}] = VALUE[a] ID[/x] MODE[r] , EOF");
	CHECK_LEX("ptrace peer=@{profile_name},",
		  "ptrace CONDID[peer] = VALUE[@{profile_name}] , EOF");
	CHECK_LEX("@{A}/** r,", "ID[@{A}/**] MODE[r] , EOF");
}

static void test_conditions(void)
{
	CHECK_LEX("if ${B} and not defined @{X} {",
		  "if BOOLVAR[${B}] and not defined SETVAR[@{X}] { EOF");
	CHECK_LEX("if (${A} or ${B}) {", "if ( BOOLVAR[${A}] or BOOLVAR[${B}] ) { EOF");
	CHECK_LEX("if @{X} == /a {", "if SETVAR[@{X}] == ID[/a] { EOF");
	CHECK_LEX("} else if @{N} >= 3 {", "} else if SETVAR[@{N}] >= ID[3] { EOF");
	CHECK_LEX("if /a in @{X} {", "if ID[/a] in SETVAR[@{X}] { EOF");
}

static void test_arrows(void)
{
	CHECK_LEX("/a r -> b,", "ID[/a] MODE[r] -> ID[b] , EOF");
	CHECK_LEX("alias /a -> /b,", "alias ID[/a] -> ID[/b] , EOF");
	CHECK_LEX("change_profile -> foo,", "change_profile -> ID[foo] , EOF");
	CHECK_LEX("pivot_root /new -> p,", "pivot_root ID[/new] -> ID[p] , EOF");
}

/* ---- quoting and escapes -------------------------------------------------- */

static void test_quoting(void)
{
	CHECK_LEX("\"/a b\\\"c\" r,", "ID[/a b\"c]q MODE[r] , EOF");
	CHECK_LEX("\"/with space\" rw,", "ID[/with space]q MODE[rw] , EOF");
	CHECK_LEX("/a\\ b r,", "ID[/a\\ b] MODE[r] , EOF");   /* escaped blank stays in one word */
	CHECK_LEX("abi \"/x\",", "abi VALUE[/x]q , EOF");
}

static void test_escapes_in_tokens(void)
{
	/* octal, hex and decimal escapes of 'A' */
	CHECK_LEX("\"/x\\101\\x41\\d065\" r,", "ID[/xAAA]q MODE[r] , EOF");
	/* a backslash stays escaped: it is special to patterns */
	CHECK_LEX("/a\\\\b r,", "ID[/a\\\\b] MODE[r] , EOF");
}

static void test_unescape(void)
{
	struct arena a;
	arena_init(&a);
	size_t n;
#define UNESC(in, out) do { \
	char *u_ = lang_unescape(&a, in, strlen(in), &n); \
	CHECK_STREQ(u_, out); \
	CHECK_INTEQ(n, strlen(out)); \
} while (0)
	UNESC("plain", "plain");
	UNESC("a\\\"b", "a\"b");
	UNESC("\\101\\102", "AB");
	UNESC("\\x41\\x4a", "AJ");
	UNESC("\\d065", "A");
	UNESC("a\\tb\\nc", "a\tb\nc");
	UNESC("\\e", "\033");
	/* characters special to patterns stay escaped, however they were written */
	UNESC("\\\\", "\\\\");
	UNESC("\\x2a", "\\*");
	UNESC("\\052", "\\*");
	UNESC("\\{", "\\{");
	/* unknown escapes keep their backslash; a NUL stays spelled out */
	UNESC("\\q", "\\q");
	UNESC("\\000", "\\000");
	UNESC("\\x00", "\\x00");
	/* octal stops at three digits or at a value above 255 */
	UNESC("\\1012", "A2");
	UNESC("\\777", "\\?7");   /* \77 = '?' (a pattern character); a third 7 would exceed 255 */
	/* a lone trailing backslash is kept */
	UNESC("a\\", "a\\");
#undef UNESC
	arena_destroy(&a);
}

/* ---- line endings, comments, includes ------------------------------------- */

static void test_dos_line_endings(void)
{
	CHECK_LEX("/a r,\r\n/b w,\r\n", "ID[/a] MODE[r] , ID[/b] MODE[w] , EOF");
	CHECK_LEX("@{A}=a\r\n/x r,", "SETVAR[@{A}] = VALUE[a] ID[/x] MODE[r] , EOF");
	CHECK_LEX("# comment\r\n/a r,", "ID[/a] MODE[r] , EOF");
	CHECK_LEX("#include <x>\r\n", "INCLUDE[x]<s#> EOF");

	struct lexed l;
	const char *text = "/a r,\r\n  /b w,\r\n";
	lexed_init(&l, text, strlen(text));
	struct token t;
	for (int i = 0; i < 3; i++)
		t = lexer_next(&l.lx);
	t = lexer_next(&l.lx);   /* /b */
	CHECK_STREQ(t.text, "/b");
	CHECK_INTEQ(t.loc.line, 2);
	CHECK_INTEQ(t.loc.col, 3);
	lexed_destroy(&l);
}

static void test_comments(void)
{
	CHECK_LEX("# a comment\n/a r,", "ID[/a] MODE[r] , EOF");
	CHECK_LEX("/a r, # trailing\n/b w,", "ID[/a] MODE[r] , ID[/b] MODE[w] , EOF");
	/* '# include' with a blank is a comment, '#include' a directive */
	CHECK_LEX("# include <x>\n", "EOF");
	CHECK_LEX("#include <x>\n", "INCLUDE[x]<s#> EOF");
	/* as upstream: '#includes' is the directive with the name 's' */
	CHECK_LEX("#includes\n", "INCLUDE[s]<#> EOF");
	/* as upstream: a comment needs its line end */
	CHECK_LEX("/a r,\n# end", "ID[/a] MODE[r] , ERROR");
}

static void test_include_forms(void)
{
	CHECK_LEX("include <abstractions/base>\n", "INCLUDE[abstractions/base]<s> EOF");
	CHECK_LEX("include \"/abs/file\"\n", "INCLUDE[/abs/file]q<> EOF");
	CHECK_LEX("include foo\n", "INCLUDE[foo]<> EOF");
	CHECK_LEX("include if exists <local/foo>\n", "INCLUDE[local/foo]<se> EOF");
	CHECK_LEX("#include if exists <local/foo>\n", "INCLUDE[local/foo]<se#> EOF");
	CHECK_LEX("include if exists \"x\"\n", "INCLUDE[x]q<e> EOF");
	CHECK_LEX("include < \"a b\" >\n", "INCLUDE[a b]q<s> EOF");
	CHECK_LEX("include <a>\ninclude <b>\n", "INCLUDE[a]<s> INCLUDE[b]<s> EOF");
	/* 'include' alone is a name, not a directive */
	CHECK_LEX("include", "ID[include] EOF");

	/* the directive's position and length cover the whole directive */
	struct lexed l;
	const char *text = "  include if exists <x/y>\n";
	lexed_init(&l, text, strlen(text));
	struct token t = lexer_next(&l.lx);
	CHECK_INTEQ(t.kind, TOK_INCLUDE);
	CHECK_INTEQ(t.loc.line, 1);
	CHECK_INTEQ(t.loc.col, 3);
	CHECK_INTEQ(t.offset, 2);
	CHECK_INTEQ(t.raw_len, strlen("include if exists <x/y>"));
	lexed_destroy(&l);
}

/* ---- positions and end of input ------------------------------------------- */

static void test_positions(void)
{
	struct lexed l;
	const char *text = "profile p {\n\t/etc/x r,\n}\n";
	lexed_init(&l, text, strlen(text));
	struct token t[8];
	for (int i = 0; i < 8; i++)
		t[i] = lexer_next(&l.lx);
	CHECK_INTEQ(t[0].kind, TOK_PROFILE);
	CHECK_INTEQ(t[0].loc.line, 1);
	CHECK_INTEQ(t[0].loc.col, 1);
	CHECK_INTEQ(t[0].loc.len, 7);
	CHECK_INTEQ(t[1].loc.col, 9);        /* p */
	CHECK_INTEQ(t[3].kind, TOK_ID);      /* /etc/x after a tab: columns count bytes */
	CHECK_INTEQ(t[3].loc.line, 2);
	CHECK_INTEQ(t[3].loc.col, 2);
	CHECK_INTEQ(t[3].loc.len, 6);
	CHECK_INTEQ(t[4].loc.col, 9);        /* r */
	CHECK_INTEQ(t[6].kind, TOK_CLOSE);
	CHECK_INTEQ(t[6].loc.line, 3);
	CHECK_INTEQ(t[7].kind, TOK_EOF);
	CHECK_INTEQ(t[7].loc.line, 4);
	/* EOF again and again */
	CHECK_INTEQ(lexer_next(&l.lx).kind, TOK_EOF);
	CHECK_INTEQ(lexer_next(&l.lx).kind, TOK_EOF);
	lexed_destroy(&l);
}

static void test_empty_input(void)
{
	CHECK_LEX("", "EOF");
	CHECK_LEX("\n\n  \t\n", "EOF");
}

/* ---- lexer errors ------------------------------------------------------------ */

static void check_lex_error(const char *text, size_t len, const char *expected_tokens,
			    const char *expected_diag)
{
	char *diag = NULL;
	char *got = lex_n(text, len, &diag);
	CHECK_STREQ(got, expected_tokens);
	if (!strstr(diag, expected_diag)) {
		printf("#   diagnostics: %s\n#   expected to contain: %s\n", diag, expected_diag);
		test_failed_ = 1;
	}
	CHECK(strstr(diag, "TOK_") == NULL);
	free(got);
	free(diag);
}

static void test_error_nul_byte(void)
{
	check_lex_error("/a\0b r,", 7, "ID[/a] ERROR", "t.sd:1:3: error: unexpected byte 0x00");
	check_lex_error("/a r,\0", 6, "ID[/a] MODE[r] , ERROR", "t.sd:1:6: error: unexpected byte 0x00");
	/* inside a comment a NUL does no harm */
	char *got = lex_n("# x\0y\n/a r,", 11, NULL);
	CHECK_STREQ(got, "ID[/a] MODE[r] , EOF");
	free(got);
}

static void test_error_unterminated_quote(void)
{
	check_lex_error("/a \"r,\n", 7, "ID[/a] ERROR",
			"t.sd:1:4: error: unterminated or misplaced quoted string");
	check_lex_error("\"/a", 3, "ERROR", "hint: a quoted string needs a closing '\"'");
}

static void test_error_assignment_comma(void)
{
	check_lex_error("@{A}=a, b\n", 10, "SETVAR[@{A}] = VALUE[a] ERROR",
			"t.sd:1:7: error: variable assignments do not take a trailing ','");
}

static void test_error_include_without_name(void)
{
	check_lex_error("include \n", 9, "ERROR",
			"t.sd:1:1: error: 'include' must be followed by a file name");
}

static void test_error_binary(void)
{
	check_lex_error("\x01\x02", 2, "ERROR", "t.sd:1:1: error: unexpected byte 0x01");
	/* the error stops the file: nothing after it is scanned */
	struct lexed l;
	lexed_init(&l, "\x7f /a r,", 7);
	CHECK_INTEQ(lexer_next(&l.lx).kind, TOK_ERROR);
	CHECK_INTEQ(lexer_next(&l.lx).kind, TOK_EOF);
	CHECK_INTEQ(l.lx.errors, 1);
	lexed_destroy(&l);
}

int main(void)
{
	RUN(test_profile_header);
	RUN(test_hats_and_children);
	RUN(test_file_rules_and_modes);
	RUN(test_qualifiers);
	RUN(test_rule_class_permission_words);
	RUN(test_variables_and_assignments);
	RUN(test_conditions);
	RUN(test_arrows);
	RUN(test_quoting);
	RUN(test_escapes_in_tokens);
	RUN(test_unescape);
	RUN(test_dos_line_endings);
	RUN(test_comments);
	RUN(test_include_forms);
	RUN(test_positions);
	RUN(test_empty_input);
	RUN(test_error_nul_byte);
	RUN(test_error_unterminated_quote);
	RUN(test_error_assignment_comma);
	RUN(test_error_include_without_name);
	RUN(test_error_binary);
	return TEST_DONE();
}
