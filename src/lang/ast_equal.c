/*
 * ast_equal: see ast_equal.h.
 *
 * The comparison walks both trees together and stops at the first
 * difference; a small context records the path to it (item numbers and
 * field names) so that a failing round trip can say where it broke.
 */
#include "lang/ast_equal.h"

#include <stdio.h>
#include <string.h>

#define EQ_MAX_PATH 48

struct eq {
	const char *path[EQ_MAX_PATH];   /* field or item names from the root */
	size_t index[EQ_MAX_PATH];       /* item numbers (1-based), 0 if not an item */
	int depth;
	struct strbuf *why;              /* NULL: no explanation wanted */
	bool reported;
};

static void enter(struct eq *q, const char *what, size_t index)
{
	if (q->depth < EQ_MAX_PATH) {
		q->path[q->depth] = what;
		q->index[q->depth] = index;
	}
	q->depth++;
}

static void leave(struct eq *q)
{
	q->depth--;
}

static void put_word_text(struct strbuf *sb, const struct ast_word *w)
{
	if (!w->text) {
		strbuf_addstr(sb, "(none)");
		return;
	}
	strbuf_addch(sb, '\'');
	for (size_t i = 0; i < w->len && i < 80; i++) {
		unsigned char c = (unsigned char)w->text[i];
		if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addstr(sb, w->len > 80 ? "...'" : "'");
}

/* Record a difference (the first one only); always returns false. */
static bool differ(struct eq *q, const char *what, const struct ast_word *a, const struct ast_word *b)
{
	if (!q->why || q->reported)
		return false;
	q->reported = true;
	for (int i = 0; i < q->depth && i < EQ_MAX_PATH; i++) {
		if (i)
			strbuf_addstr(q->why, " > ");
		if (q->index[i])
			strbuf_addf(q->why, "item %zu (%s)", q->index[i], q->path[i]);
		else
			strbuf_addstr(q->why, q->path[i]);
	}
	strbuf_addf(q->why, "%s%s", q->depth ? ": " : "", what);
	if (a && b) {
		strbuf_addstr(q->why, ": ");
		put_word_text(q->why, a);
		strbuf_addstr(q->why, " vs ");
		put_word_text(q->why, b);
	}
	return false;
}

static bool same_flag(struct eq *q, const char *what, long a, long b)
{
	if (a == b)
		return true;
	char msg[96];
	snprintf(msg, sizeof(msg), "%s differs (%ld vs %ld)", what, a, b);
	return differ(q, msg, NULL, NULL);
}

static bool word_eq(struct eq *q, const char *what, const struct ast_word *a,
		    const struct ast_word *b)
{
	bool same = (!a->text && !b->text) ||
		    (a->text && b->text && a->len == b->len && memcmp(a->text, b->text, a->len) == 0);
	if (same)
		return true;
	char msg[96];
	snprintf(msg, sizeof(msg), "%s differs", what);
	return differ(q, msg, a, b);
}

static bool words_eq(struct eq *q, const char *what, const struct ast_words *a,
		     const struct ast_words *b)
{
	if (a->n != b->n) {
		char msg[96];
		snprintf(msg, sizeof(msg), "number of %s differs (%zu vs %zu)", what, a->n, b->n);
		return differ(q, msg, NULL, NULL);
	}
	for (size_t i = 0; i < a->n; i++)
		if (!word_eq(q, what, &a->items[i], &b->items[i]))
			return false;
	return true;
}

static bool cond_eq(struct eq *q, const struct ast_cond *a, const struct ast_cond *b, bool group)
{
	if (!word_eq(q, "conditional name", &a->name, &b->name) ||
	    !same_flag(q, "conditional operator", a->op, b->op))
		return false;
	if (!group && !same_flag(q, "parenthesized values", a->paren, b->paren))
		return false;
	return words_eq(q, "conditional values", &a->values, &b->values);
}

static bool conds_eq(struct eq *q, const char *what, const struct ast_conds *a,
		     const struct ast_conds *b, bool group)
{
	if (a->n != b->n) {
		char msg[96];
		snprintf(msg, sizeof(msg), "number of %s differs (%zu vs %zu)", what, a->n, b->n);
		return differ(q, msg, NULL, NULL);
	}
	for (size_t i = 0; i < a->n; i++) {
		enter(q, what, i + 1);
		bool ok = cond_eq(q, &a->items[i], &b->items[i], group);
		leave(q);
		if (!ok)
			return false;
	}
	return true;
}

static bool prefix_eq(struct eq *q, const struct ast_prefix *a, const struct ast_prefix *b)
{
	return same_flag(q, "priority given", a->has_priority, b->has_priority) &&
	       (!a->has_priority || same_flag(q, "priority", a->priority, b->priority)) &&
	       same_flag(q, "audit", a->audit, b->audit) &&
	       same_flag(q, "rule mode", a->mode, b->mode) &&
	       same_flag(q, "owner", a->owner, b->owner);
}

static bool expr_eq(struct eq *q, const struct ast_expr *a, const struct ast_expr *b)
{
	if (!a || !b)
		return a == b || differ(q, "expression missing", NULL, NULL);
	if (!same_flag(q, "expression operator", a->op, b->op) ||
	    !word_eq(q, "expression operand", &a->a, &b->a) ||
	    !word_eq(q, "expression operand", &a->b, &b->b))
		return false;
	if (!a->left != !b->left || !a->right != !b->right)
		return differ(q, "expression shape differs", NULL, NULL);
	return (!a->left || expr_eq(q, a->left, b->left)) &&
	       (!a->right || expr_eq(q, a->right, b->right));
}

static bool items_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b);

static bool body_eq(struct eq *q, const char *what, const struct ast_node *a,
		    const struct ast_node *b)
{
	enter(q, what, 0);
	bool ok = items_eq(q, a, b);
	leave(q);
	return ok;
}

static bool profile_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	return same_flag(q, "profile keyword", a->u.profile.keyword, b->u.profile.keyword) &&
	       word_eq(q, "profile name", &a->u.profile.name, &b->u.profile.name) &&
	       word_eq(q, "attachment", &a->u.profile.attach, &b->u.profile.attach) &&
	       same_flag(q, "xattrs given", a->u.profile.has_xattrs, b->u.profile.has_xattrs) &&
	       conds_eq(q, "xattrs", &a->u.profile.xattrs, &b->u.profile.xattrs, true) &&
	       words_eq(q, "identities", &a->u.profile.identities, &b->u.profile.identities) &&
	       same_flag(q, "flags given", a->u.profile.has_flags, b->u.profile.has_flags) &&
	       words_eq(q, "flags", &a->u.profile.flags, &b->u.profile.flags) &&
	       body_eq(q, "body", a->u.profile.body, b->u.profile.body);
}

static bool if_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	enter(q, "condition", 0);
	bool ok = expr_eq(q, a->u.cond.cond, b->u.cond.cond);
	leave(q);
	return ok && body_eq(q, "then", a->u.cond.then_body, b->u.cond.then_body) &&
	       same_flag(q, "else given", a->u.cond.has_else, b->u.cond.has_else) &&
	       same_flag(q, "else if", a->u.cond.else_is_if, b->u.cond.else_is_if) &&
	       body_eq(q, "else", a->u.cond.else_body, b->u.cond.else_body);
}

static bool file_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	return same_flag(q, "'file' keyword", a->u.file.file_keyword, b->u.file.file_keyword) &&
	       same_flag(q, "bare 'file'", a->u.file.bare, b->u.file.bare) &&
	       same_flag(q, "exec mode", a->u.file.exec_mode, b->u.file.exec_mode) &&
	       word_eq(q, "path", &a->u.file.path, &b->u.file.path) &&
	       word_eq(q, "permissions", &a->u.file.perms, &b->u.file.perms) &&
	       same_flag(q, "leading permissions", a->u.file.perms_first, b->u.file.perms_first) &&
	       same_flag(q, "subset", a->u.file.subset, b->u.file.subset) &&
	       word_eq(q, "target", &a->u.file.target, &b->u.file.target);
}

static bool class_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	return words_eq(q, "permissions", &a->u.cls.perms, &b->u.cls.perms) &&
	       same_flag(q, "parenthesized permissions", a->u.cls.perms_paren, b->u.cls.perms_paren) &&
	       words_eq(q, "positional words", &a->u.cls.ids, &b->u.cls.ids) &&
	       conds_eq(q, "conditionals", &a->u.cls.conds, &b->u.cls.conds, false) &&
	       word_eq(q, "group name", &a->u.cls.list_name, &b->u.cls.list_name) &&
	       conds_eq(q, "group", &a->u.cls.list_conds, &b->u.cls.list_conds, true) &&
	       same_flag(q, "'->'", a->u.cls.has_arrow, b->u.cls.has_arrow) &&
	       conds_eq(q, "conditionals after '->'", &a->u.cls.dst_conds, &b->u.cls.dst_conds,
			false) &&
	       word_eq(q, "destination", &a->u.cls.dst, &b->u.cls.dst);
}

static bool node_fields_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	switch (a->kind) {
	case AST_INCLUDE:
		return word_eq(q, "include name", &a->u.include.name, &b->u.include.name) &&
		       same_flag(q, "<...> include", a->u.include.search, b->u.include.search) &&
		       same_flag(q, "if exists", a->u.include.if_exists, b->u.include.if_exists);
	case AST_ABI:
		return word_eq(q, "abi name", &a->u.abi.name, &b->u.abi.name) &&
		       same_flag(q, "<...> abi", a->u.abi.search, b->u.abi.search);
	case AST_ALIAS:
		return word_eq(q, "alias source", &a->u.alias.from, &b->u.alias.from) &&
		       word_eq(q, "alias target", &a->u.alias.to, &b->u.alias.to);
	case AST_SET_VAR:
	case AST_BOOL_VAR:
		if (!word_eq(q, "variable", &a->u.var.name, &b->u.var.name) ||
		    !same_flag(q, "assignment operator", a->u.var.op, b->u.var.op) ||
		    !words_eq(q, "values", &a->u.var.values, &b->u.var.values))
			return false;
		return a->kind == AST_SET_VAR || expr_eq(q, a->u.var.expr, b->u.var.expr);
	case AST_PROFILE:
		return profile_eq(q, a, b);
	case AST_BLOCK:
		return body_eq(q, "block", a->u.block.body, b->u.block.body);
	case AST_IF:
		return if_eq(q, a, b);
	case AST_FILE:
	case AST_LINK:
		return file_eq(q, a, b);
	case AST_CHANGE_PROFILE:
		return same_flag(q, "exec mode", a->u.change_profile.exec_mode,
				 b->u.change_profile.exec_mode) &&
		       word_eq(q, "exec condition", &a->u.change_profile.exec,
			       &b->u.change_profile.exec) &&
		       word_eq(q, "target", &a->u.change_profile.target, &b->u.change_profile.target);
	case AST_CAPABILITY:
		return words_eq(q, "capabilities", &a->u.capability.names, &b->u.capability.names);
	case AST_ALL:
		return true;
	case AST_RLIMIT:
		return word_eq(q, "rlimit", &a->u.rlimit.name, &b->u.rlimit.name) &&
		       word_eq(q, "rlimit value", &a->u.rlimit.value, &b->u.rlimit.value) &&
		       word_eq(q, "rlimit unit", &a->u.rlimit.unit, &b->u.rlimit.unit);
	default:
		return class_eq(q, a, b);
	}
}

static bool node_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	if (a->kind != b->kind) {
		char msg[128];
		snprintf(msg, sizeof(msg), "%s vs %s", ast_kind_name(a->kind), ast_kind_name(b->kind));
		return differ(q, msg, NULL, NULL);
	}
	return prefix_eq(q, &a->prefix, &b->prefix) && node_fields_eq(q, a, b);
}

static bool items_eq(struct eq *q, const struct ast_node *a, const struct ast_node *b)
{
	size_t i = 1;
	for (; a && b; a = a->next, b = b->next, i++) {
		enter(q, ast_kind_name(a->kind), i);
		bool ok = node_eq(q, a, b);
		leave(q);
		if (!ok)
			return false;
	}
	if (a || b) {
		char msg[96];
		snprintf(msg, sizeof(msg), "item %zu exists on one side only (%s)", i,
			 ast_kind_name((a ? a : b)->kind));
		return differ(q, msg, NULL, NULL);
	}
	return true;
}

bool ast_items_equal(const struct ast_node *a, const struct ast_node *b)
{
	struct eq q = { .why = NULL };
	return items_eq(&q, a, b);
}

bool ast_unit_equal(const struct ast_unit *a, const struct ast_unit *b, struct strbuf *why)
{
	struct eq q = { .why = why };
	return items_eq(&q, a->items, b->items);
}
