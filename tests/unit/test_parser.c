/*
 * Unit tests for src/lang/parser.c: profile-language text to the AST.
 *
 * Covers each construct into the expected nodes and fields: profiles with
 * attachments, xattrs and flags; hats and child profiles; rule blocks with
 * qualifiers; if / else if / else with the precedence of not, and, or and
 * parentheses; every rule class; leading and trailing permissions; the
 * preamble (includes, abi, alias, variable and boolean assignments); and
 * include bodies (files parsed as rules). Syntax errors are checked for their
 * exact line:column and message, for the nesting limit (a clean error instead
 * of a stack overflow), and for never naming internal or yacc tokens.
 */
#include "lang/parser.h"
#include "test.h"

#include <stdio.h>

struct parsed {
	struct source_set set;
	struct arena arena;
	struct diag_engine diag;
	FILE *out;
	char *text;
	size_t len;
	struct ast_unit *unit;
};

static struct parsed *parse_n(const char *src, size_t n, bool body)
{
	struct parsed *p = calloc(1, sizeof(*p));
	source_set_init(&p->set);
	arena_init(&p->arena);
	p->out = open_memstream(&p->text, &p->len);
	diag_init(&p->diag, p->out);
	struct source_file *f = source_set_add_text(&p->set, "p.sd", src, n);
	p->unit = parse_unit(&p->arena, &p->diag, f, body);
	fflush(p->out);
	return p;
}

static struct parsed *parse(const char *src)
{
	return parse_n(src, strlen(src), false);
}

static struct parsed *parse_body(const char *src)
{
	return parse_n(src, strlen(src), true);
}

static void parsed_free(struct parsed *p)
{
	fclose(p->out);
	free(p->text);
	diag_destroy(&p->diag);
	arena_destroy(&p->arena);
	source_set_destroy(&p->set);
	free(p);
}

static size_t count(const struct ast_node *n)
{
	size_t k = 0;
	for (; n; n = n->next)
		k++;
	return k;
}

static const struct ast_node *nth(const struct ast_node *n, size_t i)
{
	while (n && i--)
		n = n->next;
	return n;
}

#define CHECK_LOC(loc, l, c) do { \
	CHECK_INTEQ((loc).line, l); \
	CHECK_INTEQ((loc).col, c); \
} while (0)

/* A body with one rule; returns that rule (the parsed stays alive in *pp). */
static const struct ast_node *one_rule(const char *rule, struct parsed **pp)
{
	struct parsed *p = parse_body(rule);
	*pp = p;
	if (!p->unit->ok || count(p->unit->items) != 1) {
		printf("#   '%s' did not parse to one rule: %s\n", rule, p->text ? p->text : "");
		test_failed_ = 1;
		return NULL;
	}
	return p->unit->items;
}

/* ---- profiles ----------------------------------------------------------------- */

static void test_profile_attachment_flags(void)
{
	struct parsed *p = parse("profile foo /usr/bin/foo flags=(complain, audit) {\n}\n");
	CHECK(p->unit->ok);
	const struct ast_node *n = p->unit->items;
	CHECK_INTEQ(count(n), 1);
	CHECK_INTEQ(n->kind, AST_PROFILE);
	CHECK_INTEQ(n->u.profile.keyword, 1);
	CHECK_STREQ(n->u.profile.name.text, "foo");
	CHECK_STREQ(n->u.profile.attach.text, "/usr/bin/foo");
	CHECK_LOC(n->u.profile.attach.loc, 1, 13);
	CHECK(n->u.profile.has_flags);
	CHECK_INTEQ(n->u.profile.flags.n, 2);
	CHECK_STREQ(n->u.profile.flags.items[0].text, "complain");
	CHECK_STREQ(n->u.profile.flags.items[1].text, "audit");
	CHECK(!n->u.profile.has_xattrs);
	CHECK(n->u.profile.body == NULL);
	CHECK_LOC(n->loc, 1, 1);
	CHECK_LOC(n->end_loc, 2, 1);
	parsed_free(p);
}

static void test_profile_forms(void)
{
	struct parsed *p = parse("/usr/bin/foo {\n}\n"
				 "/bin/bar (complain) {\n}\n"
				 "profile \"name with space\" {\n}\n"
				 ":ns:baz {\n}\n");
	CHECK(p->unit->ok);
	CHECK_INTEQ(count(p->unit->items), 4);
	const struct ast_node *a = nth(p->unit->items, 0), *b = nth(p->unit->items, 1);
	const struct ast_node *c = nth(p->unit->items, 2), *d = nth(p->unit->items, 3);
	CHECK_INTEQ(a->u.profile.keyword, 0);
	CHECK_STREQ(a->u.profile.name.text, "/usr/bin/foo");
	CHECK(a->u.profile.attach.text == NULL);
	CHECK(!a->u.profile.has_flags);
	CHECK(b->u.profile.has_flags);                 /* flags without 'flags=' */
	CHECK_STREQ(b->u.profile.flags.items[0].text, "complain");
	CHECK_STREQ(c->u.profile.name.text, "name with space");
	CHECK(c->u.profile.name.quoted);
	CHECK_STREQ(d->u.profile.name.text, ":ns:baz");
	CHECK_LOC(d->loc, 7, 1);
	parsed_free(p);
}

static void test_profile_xattrs(void)
{
	struct parsed *p = parse("profile x /bin/x xattrs=(user.a=b security.c=\"d e\") {\n}\n");
	CHECK(p->unit->ok);
	const struct ast_node *n = p->unit->items;
	CHECK(n->u.profile.has_xattrs);
	CHECK_INTEQ(n->u.profile.xattrs.n, 2);
	const struct ast_cond *c0 = &n->u.profile.xattrs.items[0], *c1 = &n->u.profile.xattrs.items[1];
	CHECK_STREQ(c0->name.text, "user.a");
	CHECK_INTEQ(c0->op, COND_EQ);
	CHECK_INTEQ(c0->values.n, 1);
	CHECK_STREQ(c0->values.items[0].text, "b");
	CHECK_STREQ(c1->name.text, "security.c");
	CHECK_STREQ(c1->values.items[0].text, "d e");
	parsed_free(p);
}

static void test_hats_and_children(void)
{
	struct parsed *p = parse("profile outer {\n"
				 "  ^one {\n    /a r,\n  }\n"
				 "  hat two {\n  }\n"
				 "  profile child /bin/c {\n    ^grandhat {\n    }\n  }\n"
				 "}\n");
	CHECK(p->unit->ok);
	const struct ast_node *outer = p->unit->items;
	CHECK_INTEQ(count(outer->u.profile.body), 3);
	const struct ast_node *one = nth(outer->u.profile.body, 0);
	const struct ast_node *two = nth(outer->u.profile.body, 1);
	const struct ast_node *child = nth(outer->u.profile.body, 2);
	CHECK_INTEQ(one->kind, AST_PROFILE);
	CHECK_INTEQ(one->u.profile.keyword, 2);
	CHECK_STREQ(one->u.profile.name.text, "one");
	CHECK_LOC(one->loc, 2, 3);
	CHECK_INTEQ(count(one->u.profile.body), 1);
	CHECK_INTEQ(one->u.profile.body->kind, AST_FILE);
	CHECK_INTEQ(two->u.profile.keyword, 2);
	CHECK_STREQ(two->u.profile.name.text, "two");
	CHECK_INTEQ(child->u.profile.keyword, 1);
	CHECK_STREQ(child->u.profile.attach.text, "/bin/c");
	CHECK_INTEQ(count(child->u.profile.body), 1);
	CHECK_STREQ(child->u.profile.body->u.profile.name.text, "grandhat");
	parsed_free(p);
}

/* ---- blocks and conditionals ------------------------------------------------------ */

static void test_rule_block(void)
{
	struct parsed *p = parse_body("audit deny {\n  /a r,\n  owner /b w,\n}\n");
	CHECK(p->unit->ok);
	const struct ast_node *b = p->unit->items;
	CHECK_INTEQ(b->kind, AST_BLOCK);
	CHECK(b->prefix.audit);
	CHECK_INTEQ(b->prefix.mode, RULE_MODE_DENY);
	CHECK_LOC(b->prefix.mode_loc, 1, 7);
	CHECK_INTEQ(count(b->u.block.body), 2);
	CHECK_INTEQ(nth(b->u.block.body, 1)->prefix.owner, OWNER_OWNER);
	parsed_free(p);
}

static void test_if_else_chain(void)
{
	struct parsed *p = parse_body("if ${A} {\n  /a r,\n} else if defined @{B} {\n  /b r,\n} else {\n  /c r,\n  /d r,\n}\n");
	CHECK(p->unit->ok);
	const struct ast_node *n = p->unit->items;
	CHECK_INTEQ(count(n), 1);
	CHECK_INTEQ(n->kind, AST_IF);
	CHECK_INTEQ(n->u.cond.cond->op, EXPR_BOOL_VAR);
	CHECK_STREQ(n->u.cond.cond->a.text, "${A}");
	CHECK_INTEQ(count(n->u.cond.then_body), 1);
	CHECK(n->u.cond.has_else);
	CHECK(n->u.cond.else_is_if);
	const struct ast_node *e = n->u.cond.else_body;
	CHECK_INTEQ(e->kind, AST_IF);
	CHECK_LOC(e->loc, 3, 8);
	CHECK_INTEQ(e->u.cond.cond->op, EXPR_DEFINED);
	CHECK_STREQ(e->u.cond.cond->a.text, "@{B}");
	CHECK(e->u.cond.has_else);
	CHECK(!e->u.cond.else_is_if);
	CHECK_INTEQ(count(e->u.cond.else_body), 2);
	parsed_free(p);
}

static void test_expression_precedence(void)
{
	/* not binds tighter than and, and tighter than or */
	struct parsed *p = parse_body("if not ${A} and ${B} or ${C} {\n}\n");
	CHECK(p->unit->ok);
	const struct ast_expr *e = p->unit->items->u.cond.cond;
	CHECK_INTEQ(e->op, EXPR_OR);
	CHECK_INTEQ(e->left->op, EXPR_AND);
	CHECK_INTEQ(e->left->left->op, EXPR_NOT);
	CHECK_STREQ(e->left->left->left->a.text, "${A}");
	CHECK_STREQ(e->left->right->a.text, "${B}");
	CHECK_STREQ(e->right->a.text, "${C}");
	parsed_free(p);

	p = parse_body("if not (${A} or ${B}) and ${C} {\n}\n");
	CHECK(p->unit->ok);
	e = p->unit->items->u.cond.cond;
	CHECK_INTEQ(e->op, EXPR_AND);
	CHECK_INTEQ(e->left->op, EXPR_NOT);
	CHECK_INTEQ(e->left->left->op, EXPR_OR);
	parsed_free(p);
}

static void test_expression_comparisons(void)
{
	static const struct { const char *text; enum ast_expr_op op; } cases[] = {
		{ "if @{X} == /a {\n}\n", EXPR_EQ },
		{ "if @{X} != /a {\n}\n", EXPR_NE },
		{ "if /a in @{X} {\n}\n", EXPR_IN },
		{ "if @{N} > 3 {\n}\n", EXPR_GT },
		{ "if @{N} >= 3 {\n}\n", EXPR_GE },
		{ "if @{N} < 3 {\n}\n", EXPR_LT },
		{ "if @{N} <= 3 {\n}\n", EXPR_LE },
		{ "if true {\n}\n", EXPR_VALUE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parsed *p = parse_body(cases[i].text);
		CHECK(p->unit->ok);
		if (p->unit->ok)
			CHECK_INTEQ(p->unit->items->u.cond.cond->op, cases[i].op);
		parsed_free(p);
	}
	struct parsed *p = parse_body("if @{X} == /a {\n}\n");
	const struct ast_expr *e = p->unit->items->u.cond.cond;
	CHECK_STREQ(e->a.text, "@{X}");
	CHECK_INTEQ(e->a.kind, TOK_SET_VAR);
	CHECK_STREQ(e->b.text, "/a");
	parsed_free(p);
}

/* ---- rules ---------------------------------------------------------------------- */

static void test_file_rules(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule("/etc/passwd r,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_FILE);
		CHECK_STREQ(n->u.file.path.text, "/etc/passwd");
		CHECK_STREQ(n->u.file.perms.text, "r");
		CHECK(!n->u.file.perms_first);
		CHECK(n->u.file.target.text == NULL);
		CHECK_LOC(n->end_loc, 1, 14);
	}
	parsed_free(p);

	n = one_rule("/bin/x Px -> target,", &p);
	if (n) {
		CHECK_STREQ(n->u.file.perms.text, "Px");
		CHECK_STREQ(n->u.file.target.text, "target");
	}
	parsed_free(p);

	n = one_rule("rw /tmp/x,", &p);        /* leading permissions */
	if (n) {
		CHECK(n->u.file.perms_first);
		CHECK_STREQ(n->u.file.perms.text, "rw");
		CHECK_STREQ(n->u.file.path.text, "/tmp/x");
	}
	parsed_free(p);

	n = one_rule("file,", &p);
	if (n) {
		CHECK(n->u.file.file_keyword);
		CHECK(n->u.file.bare);
	}
	parsed_free(p);

	n = one_rule("file unsafe /bin/x Ux,", &p);
	if (n) {
		CHECK(n->u.file.file_keyword);
		CHECK_INTEQ(n->u.file.exec_mode, EXEC_MODE_UNSAFE);
		CHECK_STREQ(n->u.file.path.text, "/bin/x");
	}
	parsed_free(p);

	n = one_rule("@{HOME}/** rw,", &p);
	if (n)
		CHECK_STREQ(n->u.file.path.text, "@{HOME}/**");
	parsed_free(p);
}

static void test_link_rules(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule("link subset /l -> /t,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_LINK);
		CHECK(n->u.file.subset);
		CHECK_STREQ(n->u.file.path.text, "/l");
		CHECK_STREQ(n->u.file.target.text, "/t");
	}
	parsed_free(p);
	n = one_rule("l /l -> /t,", &p);          /* link as a leading permission */
	if (n) {
		CHECK_INTEQ(n->kind, AST_FILE);
		CHECK(n->u.file.perms_first);
		CHECK_STREQ(n->u.file.target.text, "/t");
	}
	parsed_free(p);
}

static void test_prefix_qualifiers(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule("priority=-5 audit deny owner /a r,", &p);
	if (n) {
		CHECK(n->prefix.any);
		CHECK(n->prefix.has_priority);
		CHECK_INTEQ(n->prefix.priority, -5);
		CHECK(n->prefix.audit);
		CHECK_LOC(n->prefix.audit_loc, 1, 13);
		CHECK_INTEQ(n->prefix.mode, RULE_MODE_DENY);
		CHECK_INTEQ(n->prefix.owner, OWNER_OWNER);
		CHECK_LOC(n->prefix.owner_loc, 1, 24);
		CHECK_LOC(n->loc, 1, 1);
	}
	parsed_free(p);
	n = one_rule("allow other /a r,", &p);
	if (n) {
		CHECK_INTEQ(n->prefix.mode, RULE_MODE_ALLOW);
		CHECK_INTEQ(n->prefix.owner, OWNER_OTHER);
		CHECK(!n->prefix.audit);
	}
	parsed_free(p);
	n = one_rule("/a r,", &p);
	if (n)
		CHECK(!n->prefix.any);
	parsed_free(p);
}

static void test_capability_network_unix(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule("capability setuid net_admin,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_CAPABILITY);
		CHECK_INTEQ(n->u.capability.names.n, 2);
		CHECK_STREQ(n->u.capability.names.items[1].text, "net_admin");
	}
	parsed_free(p);

	n = one_rule("network (create, connect) inet6 tcp,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_NETWORK);
		CHECK(n->u.cls.perms_paren);
		CHECK_INTEQ(n->u.cls.perms.n, 2);
		CHECK_STREQ(n->u.cls.perms.items[1].text, "connect");
		CHECK_INTEQ(n->u.cls.ids.n, 2);
		CHECK_STREQ(n->u.cls.ids.items[0].text, "inet6");
		CHECK_STREQ(n->u.cls.ids.items[1].text, "tcp");
	}
	parsed_free(p);

	n = one_rule("unix (send receive) type=stream addr=@foo peer=(label=bar addr=@baz),", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_UNIX);
		CHECK_INTEQ(n->u.cls.perms.n, 2);
		CHECK_INTEQ(n->u.cls.conds.n, 2);
		CHECK_STREQ(n->u.cls.conds.items[1].name.text, "addr");
		CHECK_STREQ(n->u.cls.conds.items[1].values.items[0].text, "@foo");
		CHECK_STREQ(n->u.cls.list_name.text, "peer");
		CHECK_INTEQ(n->u.cls.list_conds.n, 2);
		CHECK_STREQ(n->u.cls.list_conds.items[0].values.items[0].text, "bar");
	}
	parsed_free(p);
}

static void test_dbus_signal_ptrace(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule(
		"dbus send bus=session path=/org/a member={Get,Set} peer=(name=org.b),", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_DBUS);
		CHECK_INTEQ(n->u.cls.perms.n, 1);
		CHECK_INTEQ(n->u.cls.perms.items[0].kind, TOK_SEND);
		CHECK(!n->u.cls.perms_paren);
		CHECK_INTEQ(n->u.cls.conds.n, 3);
		CHECK_STREQ(n->u.cls.conds.items[2].values.items[0].text, "{Get,Set}");
		CHECK_STREQ(n->u.cls.list_conds.items[0].name.text, "name");
	}
	parsed_free(p);

	n = one_rule("signal (send) set=(hup, int),", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_SIGNAL);
		CHECK_INTEQ(n->u.cls.conds.n, 1);
		CHECK(n->u.cls.conds.items[0].paren);
		CHECK_INTEQ(n->u.cls.conds.items[0].values.n, 2);
		CHECK_STREQ(n->u.cls.conds.items[0].values.items[1].text, "int");
	}
	parsed_free(p);

	n = one_rule("signal set in (hup),", &p);
	if (n)
		CHECK_INTEQ(n->u.cls.conds.items[0].op, COND_IN);
	parsed_free(p);

	n = one_rule("ptrace (read, trace) peer=foo,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_PTRACE);
		CHECK_INTEQ(n->u.cls.perms.n, 2);
		CHECK_STREQ(n->u.cls.conds.items[0].values.items[0].text, "foo");
	}
	parsed_free(p);
}

static void test_mount_family(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule("mount fstype=ext4 options=(ro, nosuid) /dev/sda1 -> /mnt/,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_MOUNT);
		CHECK_INTEQ(n->u.cls.conds.n, 2);
		CHECK_INTEQ(n->u.cls.conds.items[1].values.n, 2);
		CHECK_INTEQ(n->u.cls.ids.n, 1);
		CHECK_STREQ(n->u.cls.ids.items[0].text, "/dev/sda1");
		CHECK(n->u.cls.has_arrow);
		CHECK_STREQ(n->u.cls.dst.text, "/mnt/");
	}
	parsed_free(p);

	n = one_rule("remount /mnt/,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_REMOUNT);
		CHECK_STREQ(n->u.cls.ids.items[0].text, "/mnt/");
	}
	parsed_free(p);

	n = one_rule("umount /mnt/,", &p);
	if (n)
		CHECK_INTEQ(n->kind, AST_UMOUNT);
	parsed_free(p);

	n = one_rule("pivot_root oldroot=/old/ /new/ -> newprof,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_PIVOT_ROOT);
		CHECK_STREQ(n->u.cls.conds.items[0].name.text, "oldroot");
		CHECK_STREQ(n->u.cls.ids.items[0].text, "/new/");
		CHECK_STREQ(n->u.cls.dst.text, "newprof");
	}
	parsed_free(p);
}

static void test_misc_classes(void)
{
	struct parsed *p;
	const struct ast_node *n = one_rule("userns create,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_USERNS);
		CHECK_INTEQ(n->u.cls.perms.items[0].kind, TOK_CREATE);
	}
	parsed_free(p);

	n = one_rule("mqueue (open, read) type=posix /queue,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_MQUEUE);
		CHECK_INTEQ(n->u.cls.perms.n, 2);
		CHECK_STREQ(n->u.cls.ids.items[0].text, "/queue");
	}
	parsed_free(p);

	n = one_rule("io_uring (override_creds sqpoll) label=foo,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_IO_URING);
		CHECK_INTEQ(n->u.cls.perms.n, 2);
		CHECK_STREQ(n->u.cls.conds.items[0].name.text, "label");
	}
	parsed_free(p);

	n = one_rule("all,", &p);
	if (n)
		CHECK_INTEQ(n->kind, AST_ALL);
	parsed_free(p);

	n = one_rule("set rlimit as <= 2GB,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_RLIMIT);
		CHECK_STREQ(n->u.rlimit.name.text, "as");
		CHECK_STREQ(n->u.rlimit.value.text, "2");
		CHECK_STREQ(n->u.rlimit.unit.text, "GB");
	}
	parsed_free(p);

	n = one_rule("change_profile unsafe /bin/bash -> other,", &p);
	if (n) {
		CHECK_INTEQ(n->kind, AST_CHANGE_PROFILE);
		CHECK_INTEQ(n->u.change_profile.exec_mode, EXEC_MODE_UNSAFE);
		CHECK_STREQ(n->u.change_profile.exec.text, "/bin/bash");
		CHECK_STREQ(n->u.change_profile.target.text, "other");
	}
	parsed_free(p);

	n = one_rule("change_profile,", &p);
	if (n) {
		CHECK(n->u.change_profile.exec.text == NULL);
		CHECK(n->u.change_profile.target.text == NULL);
	}
	parsed_free(p);
}

/* ---- preamble and include bodies ---------------------------------------------------- */

static void test_preamble(void)
{
	struct parsed *p = parse("abi <abi/4.0>,\n"
				 "include <tunables/global>\n"
				 "#include if exists \"local/x\"\n"
				 "alias /usr/ -> /mnt/usr/,\n"
				 "@{A} = a b\n"
				 "@{A} += c\n"
				 "@{B} ?= x\n"
				 "@{B} := y\n"
				 "${T} = true\n");
	CHECK(p->unit->ok);
	const struct ast_node *n = p->unit->items;
	CHECK_INTEQ(count(n), 9);
	const struct ast_node *abi = nth(n, 0), *inc = nth(n, 1), *pinc = nth(n, 2), *al = nth(n, 3);
	CHECK_INTEQ(abi->kind, AST_ABI);
	CHECK_STREQ(abi->u.abi.name.text, "abi/4.0");
	CHECK(abi->u.abi.search);
	CHECK_INTEQ(inc->kind, AST_INCLUDE);
	CHECK_STREQ(inc->u.include.name.text, "tunables/global");
	CHECK(inc->u.include.search);
	CHECK(!inc->u.include.if_exists);
	CHECK(!inc->u.include.pound);
	CHECK_LOC(inc->loc, 2, 1);
	CHECK(!pinc->u.include.search);
	CHECK(pinc->u.include.if_exists);
	CHECK(pinc->u.include.pound);
	CHECK_STREQ(pinc->u.include.name.text, "local/x");
	CHECK_INTEQ(al->kind, AST_ALIAS);
	CHECK_STREQ(al->u.alias.from.text, "/usr/");
	CHECK_STREQ(al->u.alias.to.text, "/mnt/usr/");
	const struct ast_node *v = nth(n, 4);
	CHECK_INTEQ(v->kind, AST_SET_VAR);
	CHECK_STREQ(v->u.var.name.text, "@{A}");
	CHECK_INTEQ(v->u.var.op, ASSIGN_SET);
	CHECK_INTEQ(v->u.var.values.n, 2);
	CHECK_STREQ(v->u.var.values.items[1].text, "b");
	CHECK_INTEQ(nth(n, 5)->u.var.op, ASSIGN_ADD);
	CHECK_INTEQ(nth(n, 6)->u.var.op, ASSIGN_COND);
	CHECK_INTEQ(nth(n, 7)->u.var.op, ASSIGN_OVERRIDE);
	const struct ast_node *bv = nth(n, 8);
	CHECK_INTEQ(bv->kind, AST_BOOL_VAR);
	CHECK_INTEQ(bv->u.var.expr->op, EXPR_VALUE);
	CHECK_STREQ(bv->u.var.expr->a.text, "true");
	parsed_free(p);
}

static void test_include_body(void)
{
	/* an abstraction: rules, includes and hats at its top level */
	struct parsed *p = parse_body("include <abstractions/base>\n/a r,\n^hat {\n}\ncapability,\n");
	CHECK(p->unit->ok);
	CHECK(p->unit->body);
	CHECK_INTEQ(count(p->unit->items), 4);
	CHECK_INTEQ(nth(p->unit->items, 0)->kind, AST_INCLUDE);
	CHECK_INTEQ(nth(p->unit->items, 2)->kind, AST_PROFILE);
	CHECK_INTEQ(nth(p->unit->items, 3)->kind, AST_CAPABILITY);
	parsed_free(p);
	p = parse_body("");
	CHECK(p->unit->ok);
	CHECK(p->unit->items == NULL);
	parsed_free(p);
}

/* ---- syntax errors --------------------------------------------------------------- */

/* Parse; expect failure with exactly this first diagnostic line. */
static void check_error(const char *src, bool body, const char *expected_first_line)
{
	struct parsed *p = parse_n(src, strlen(src), body);
	CHECK(!p->unit->ok);
	CHECK(p->diag.errors >= 1);
	const char *text = p->text ? p->text : "";
	size_t n = strcspn(text, "\n");
	if (strlen(expected_first_line) != n || strncmp(text, expected_first_line, n) != 0) {
		printf("#   source: %s\n#   got:      %.*s\n#   expected: %s\n", src, (int)n, text,
		       expected_first_line);
		test_failed_ = 1;
	}
	CHECK(strstr(text, "TOK_") == NULL);
	parsed_free(p);
}

static void test_error_missing_comma(void)
{
	check_error("profile p {\n  /a r\n}\n", false,
		    "p.sd:3:1: error: expected ',' at the end of the file rule, found '}'");
	check_error("profile p {\n  /a r /b w,\n}\n", false,
		    "p.sd:2:8: error: missing ',' after the rule for '/a'");
	check_error("network inet stream\n", true,
		    "p.sd:1:20: error: expected ',' at the end of the network rule, found end of file");
}

static void test_error_missing_permissions(void)
{
	check_error("/a,\n", true, "p.sd:1:3: error: expected permissions after the path, found ','");
	check_error("rw ,\n", true, "p.sd:1:4: error: expected a path after the permissions, found ','");
}

static void test_error_profile_structure(void)
{
	check_error("profile p {\n  /a r,\n", false,
		    "p.sd:2:8: error: expected '}', found end of file");
	check_error("profile p /a /b {\n}\n", false, "p.sd:1:14: error: expected '{', found '/b'");
	check_error("}\n", false,
		    "p.sd:1:1: error: expected a profile, variable, alias, abi or include, found '}'");
	/* as upstream, a name may start with '{': this profile is named "{" */
	check_error("profile {\n}\n", false,
		    "p.sd:2:1: error: expected '{' to open the profile, found '}'");
	check_error("profile p\n", false,
		    "p.sd:1:10: error: expected '{' to open the profile, found end of file");
	check_error("profile p flags=() {\n}\n", false,
		    "p.sd:1:18: error: expected a profile flag, found ')'");
	check_error("/a r,\n}\n", true, "p.sd:2:1: error: expected a rule, found '}'");
}

static void test_error_qualifiers(void)
{
	check_error("profile p {\n  deny ^h {\n  }\n}\n", false,
		    "p.sd:2:8: error: expected a rule after the qualifiers, found '^'");
	check_error("priority=1001 /a r,\n", true, "p.sd:1:10: error: priority 1001 is out of range");
	check_error("set foo,\n", true, "p.sd:1:5: error: expected 'rlimit' after 'set', found 'foo'");
}

static void test_error_conditions(void)
{
	check_error("if {\n}\n", true, "p.sd:1:4: error: expected a condition, found '{'");
	check_error("if ${A} {\n  /a r,\n", true, "p.sd:2:8: error: expected '}', found end of file");
	check_error("if defined /a {\n}\n", true,
		    "p.sd:1:12: error: expected a variable after 'defined', found '/a'");
	check_error("if (${A} {\n}\n", true, "p.sd:1:10: error: expected ')', found '{'");
}

static void test_error_lexer_error_fails_unit(void)
{
	/* a lexer error makes the unit fail; the parser adds nothing of its own */
	struct parsed *p = parse("profile p {\n  /a \"r,\n}\n");
	CHECK(!p->unit->ok);
	CHECK_INTEQ(p->diag.errors, 1);
	CHECK(strstr(p->text, "p.sd:2:6: error: unterminated or misplaced quoted string") != NULL);
	parsed_free(p);
}

static char *repeat(const char *unit, size_t times, const char *prefix, const char *suffix)
{
	size_t u = strlen(unit), a = strlen(prefix), b = strlen(suffix);
	char *s = malloc(a + u * times + b + 1);
	memcpy(s, prefix, a);
	for (size_t i = 0; i < times; i++)
		memcpy(s + a + i * u, unit, u);
	memcpy(s + a + u * times, suffix, b + 1);
	return s;
}

static void test_error_nesting_limit(void)
{
	/* blocks: the 64th level inside the profile is one too many */
	char *src = repeat("{\n", 100000, "profile p {\n", "");
	check_error(src, false, "p.sd:65:1: error: nesting deeper than 64 levels");
	free(src);
	/* 63 levels inside the profile are fine */
	char *open = repeat("{\n", 63, "profile p {\n", "");
	char *all = repeat("}\n", 64, open, "");
	struct parsed *p = parse(all);
	CHECK(p->unit->ok);
	parsed_free(p);
	free(open);
	free(all);
	/* parentheses and 'not' in conditions recurse too */
	src = repeat("(", 100000, "if ", "${A}) {\n}\n");
	check_error(src, true, "p.sd:1:67: error: nesting deeper than 64 levels");
	free(src);
	src = repeat("not ", 100000, "if ", "${A} {\n}\n");
	check_error(src, true, "p.sd:1:256: error: nesting deeper than 64 levels");
	free(src);
	src = repeat("if ${A} {\n", 100000, "", "");
	check_error(src, true, "p.sd:65:1: error: nesting deeper than 64 levels");
	free(src);
	src = repeat("^h {\n", 100000, "", "");
	check_error(src, true, "p.sd:65:1: error: nesting deeper than 64 levels");
	free(src);
}

static void test_errors_never_name_internal_tokens(void)
{
	static const char *const bad[] = {
		"profile p {\n  /a r\n}\n", "profile p { deny }\n", "{\n", "profile p { ( }\n",
		"profile p { network ( }\n", "profile p { mount -> }\n", "alias /a /b,\n",
		"@{A}\n", "${B} = \n", "profile p { if ${A} and { } }\n", "profile p { ptrace peer=( }\n",
		"profile p xattrs=( { }\n", "profile p { dbus peer=(name= }\n", "abi ,\n",
		"profile p { change_profile -> , }\n", "profile p { set rlimit nofile 5, }\n",
		"profile p { capability ( }\n", "profile p { link /a /b, }\n", "profile p {\n",
		"profile p { /a r -> , }\n", "profile p { ^ }\n", "profile p flags=(a { }\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct parsed *p = parse(bad[i]);
		CHECK(!p->unit->ok);
		CHECK(p->diag.errors >= 1);
		const char *t = p->text ? p->text : "";
		if (strstr(t, "TOK_") || strstr(t, "syntax error, unexpected") || strstr(t, "yacc")) {
			printf("#   internal name in: %s\n", t);
			test_failed_ = 1;
		}
		parsed_free(p);
	}
}

int main(void)
{
	RUN(test_profile_attachment_flags);
	RUN(test_profile_forms);
	RUN(test_profile_xattrs);
	RUN(test_hats_and_children);
	RUN(test_rule_block);
	RUN(test_if_else_chain);
	RUN(test_expression_precedence);
	RUN(test_expression_comparisons);
	RUN(test_file_rules);
	RUN(test_link_rules);
	RUN(test_prefix_qualifiers);
	RUN(test_capability_network_unix);
	RUN(test_dbus_signal_ptrace);
	RUN(test_mount_family);
	RUN(test_misc_classes);
	RUN(test_preamble);
	RUN(test_include_body);
	RUN(test_error_missing_comma);
	RUN(test_error_missing_permissions);
	RUN(test_error_profile_structure);
	RUN(test_error_qualifiers);
	RUN(test_error_conditions);
	RUN(test_error_lexer_error_fails_unit);
	RUN(test_error_nesting_limit);
	RUN(test_errors_never_name_internal_tokens);
	return TEST_DONE();
}
