/*
 * parser: see parser.h.
 *
 * A recursive-descent parser over the whole token array of a file. The
 * grammar follows apparmor.d(5) and upstream's acceptance of it: a rule is
 * an optional prefix (priority=, audit, allow|deny|prompt, owner|other) and a
 * rule of some class; hats, child profiles, conditionals and 'set rlimit'
 * take no prefix.
 */
#include "lang/parser.h"
#include "lang/lexer.h"
#include "support/vec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct arena *arena;
	struct diag_engine *diag;
	const struct source_file *src;
	struct token *toks;
	size_t ntoks;
	size_t pos;
	bool failed;
	int nesting;
};

/* ---- token access ---------------------------------------------------------- */

static const struct token *peek(struct parser *p)
{
	return &p->toks[p->pos];
}

static const struct token *advance(struct parser *p)
{
	const struct token *t = &p->toks[p->pos];
	if (p->pos + 1 < p->ntoks)
		p->pos++;
	return t;
}

static bool at_kind(struct parser *p, enum token_kind k)
{
	return peek(p)->kind == k;
}

static struct ast_word word_of(const struct token *t)
{
	struct ast_word w = { t->text, t->len, t->loc, t->kind, t->quoted };
	return w;
}

static void describe_found(const struct token *t, char *buf, size_t n)
{
	switch (t->kind) {
	case TOK_EOF:
		snprintf(buf, n, "end of file");
		break;
	case TOK_ID:
	case TOK_VALUE:
	case TOK_MODE:
	case TOK_CONDID:
	case TOK_SET_VAR:
	case TOK_BOOL_VAR:
		snprintf(buf, n, "'%.60s%s'", t->text, strlen(t->text) > 60 ? "..." : "");
		break;
	default:
		snprintf(buf, n, "%s", token_describe(t->kind));
	}
}

/* Report "expected X, found Y" once; parsing of the file stops. */
static void syntax_error(struct parser *p, const char *expected, const char *hint)
{
	if (p->failed)
		return;
	p->failed = true;
	const struct token *t = peek(p);
	if (t->kind == TOK_ERROR)
		return;   /* the lexer already said what is wrong */
	char found[96];
	describe_found(t, found, sizeof(found));
	struct source_loc loc = t->loc;
	if (t->kind == TOK_EOF && p->pos > 0) {
		/* point after the last real token rather than at the end of file */
		loc = p->toks[p->pos - 1].loc;
		loc.col += loc.len;
		loc.len = 1;
	}
	diag_report(p->diag, DIAG_ERROR, WARN_NONE, 0, loc, hint, "expected %s, found %s",
		    expected, found);
}

static bool expect(struct parser *p, enum token_kind k, const char *what, const char *hint)
{
	if (p->failed)
		return false;
	if (at_kind(p, k)) {
		advance(p);
		return true;
	}
	syntax_error(p, what, hint);
	return false;
}

static struct ast_node *new_node(struct parser *p, enum ast_kind kind, struct source_loc loc)
{
	struct ast_node *n = arena_new(p->arena, struct ast_node);
	n->kind = kind;
	n->loc = loc;
	return n;
}

/* ---- small lists ------------------------------------------------------------ */

typedef VEC(struct ast_word) word_vec;
typedef VEC(struct ast_cond) cond_vec;

static struct ast_words words_finish(struct parser *p, word_vec *v)
{
	struct ast_words w = { NULL, v->len };
	if (v->len)
		w.items = arena_memdup(p->arena, v->items, v->len * sizeof(*v->items));
	vec_free(v);
	return w;
}

static struct ast_conds conds_finish(struct parser *p, cond_vec *v)
{
	struct ast_conds c = { NULL, v->len };
	if (v->len)
		c.items = arena_memdup(p->arena, v->items, v->len * sizeof(*v->items));
	vec_free(v);
	return c;
}

/* ---- conditionals --------------------------------------------------------- */

/* valuelist: VALUE+ up to ')' */
static bool parse_paren_values(struct parser *p, struct ast_words *out)
{
	word_vec v = VEC_INIT;
	while (at_kind(p, TOK_VALUE))
		vec_push(&v, word_of(advance(p)));
	*out = words_finish(p, &v);
	if (!out->n) {
		syntax_error(p, "a value", NULL);
		return false;
	}
	return expect(p, TOK_CLOSEPAREN, "')'", NULL);
}

/* cond: CONDID [= VALUE | = ( values ) | in ( values )] */
static bool parse_cond(struct parser *p, struct ast_cond *c, bool in_list)
{
	memset(c, 0, sizeof(*c));
	c->name = word_of(advance(p));
	if (at_kind(p, TOK_EQUALS)) {
		advance(p);
		c->op = COND_EQ;
		if (at_kind(p, TOK_OPENPAREN)) {
			advance(p);
			c->paren = true;
			return parse_paren_values(p, &c->values);
		}
		if (in_list && at_kind(p, TOK_VALUE)) {
			/* inside peer=(...) a parenthesized value list arrives as values */
			word_vec v = VEC_INIT;
			while (at_kind(p, TOK_VALUE))
				vec_push(&v, word_of(advance(p)));
			c->values = words_finish(p, &v);
			return true;
		}
		if (!at_kind(p, TOK_VALUE)) {
			syntax_error(p, "a value after '='", NULL);
			return false;
		}
		word_vec v = VEC_INIT;
		vec_push(&v, word_of(advance(p)));
		c->values = words_finish(p, &v);
		return true;
	}
	if (at_kind(p, TOK_IN)) {
		advance(p);
		c->op = COND_IN;
		if (!expect(p, TOK_OPENPAREN, "'(' after 'in'", NULL))
			return false;
		c->paren = true;
		return parse_paren_values(p, &c->values);
	}
	c->op = COND_BARE;
	return true;
}

static bool parse_opt_conds(struct parser *p, struct ast_conds *out, bool in_list)
{
	cond_vec v = VEC_INIT;
	while (at_kind(p, TOK_CONDID)) {
		struct ast_cond c;
		if (!parse_cond(p, &c, in_list)) {
			vec_free(&v);
			return false;
		}
		vec_push(&v, c);
	}
	*out = conds_finish(p, &v);
	return true;
}

/* peer=( conds ) / xattrs=( conds ) */
static bool parse_cond_list(struct parser *p, struct ast_word *name, struct ast_conds *out)
{
	*name = word_of(advance(p));
	if (!expect(p, TOK_EQUALS, "'='", NULL) || !expect(p, TOK_OPENPAREN, "'('", NULL))
		return false;
	if (!parse_opt_conds(p, out, true))
		return false;
	return expect(p, TOK_CLOSEPAREN, "')' closing the conditional group",
		      "each entry of the group is name=value");
}

/* ---- prefixes --------------------------------------------------------------- */

static bool parse_prefix(struct parser *p, struct ast_prefix *px)
{
	memset(px, 0, sizeof(*px));
	if (at_kind(p, TOK_PRIORITY)) {
		const struct token *t = advance(p);
		px->priority_loc = t->loc;
		if (!expect(p, TOK_EQUALS, "'=' after 'priority'", NULL))
			return false;
		if (!at_kind(p, TOK_VALUE)) {
			syntax_error(p, "an integer priority", "priority=N with N between -1000 and 1000");
			return false;
		}
		const struct token *v = advance(p);
		char *end;
		errno = 0;
		long val = strtol(v->text, &end, 10);
		if (end == v->text || *end || errno) {
			diag_error(p->diag, v->loc, "invalid priority '%s'", v->text);
			p->failed = true;
			return false;
		}
		if (val > 1000 || val < -1000) {
			diag_error_hint(p->diag, v->loc, "priorities range from -1000 to 1000",
					"priority %ld is out of range", val);
			p->failed = true;
			return false;
		}
		px->has_priority = true;
		px->priority = val;
		px->any = true;
	}
	if (at_kind(p, TOK_AUDIT)) {
		px->audit = true;
		px->audit_loc = advance(p)->loc;
		px->any = true;
	}
	if (at_kind(p, TOK_ALLOW) || at_kind(p, TOK_DENY) || at_kind(p, TOK_PROMPT)) {
		const struct token *t = advance(p);
		px->mode = t->kind == TOK_ALLOW ? RULE_MODE_ALLOW
			   : t->kind == TOK_DENY ? RULE_MODE_DENY : RULE_MODE_PROMPT;
		px->mode_loc = t->loc;
		px->any = true;
	}
	if (at_kind(p, TOK_OWNER) || at_kind(p, TOK_OTHER)) {
		const struct token *t = advance(p);
		px->owner = t->kind == TOK_OWNER ? OWNER_OWNER : OWNER_OTHER;
		px->owner_loc = t->loc;
		px->any = true;
	}
	return true;
}

/* ---- rules ------------------------------------------------------------------- */

static struct ast_node *parse_rules(struct parser *p, bool top_level_body);
static struct ast_node *parse_profile(struct parser *p, bool top);

static bool id_or_var(const struct token *t)
{
	return t->kind == TOK_ID || t->kind == TOK_SET_VAR;
}

static bool expect_end_of_rule(struct parser *p, struct ast_node *n, const char *after)
{
	if (at_kind(p, TOK_END_OF_RULE)) {
		n->end_loc = advance(p)->loc;
		return true;
	}
	char what[128];
	snprintf(what, sizeof(what), "',' at the end of the %s", after);
	syntax_error(p, what, "every rule ends with ','");
	return false;
}

static struct ast_node *parse_file_rule(struct parser *p, struct source_loc start)
{
	struct ast_node *n = new_node(p, AST_FILE, start);
	if (at_kind(p, TOK_FILE)) {
		n->u.file.file_keyword = true;
		advance(p);
		if (at_kind(p, TOK_END_OF_RULE)) {
			n->u.file.bare = true;
			n->end_loc = advance(p)->loc;
			return n;
		}
	}
	if (at_kind(p, TOK_UNSAFE) || at_kind(p, TOK_SAFE)) {
		n->u.file.exec_mode = at_kind(p, TOK_UNSAFE) ? EXEC_MODE_UNSAFE : EXEC_MODE_SAFE;
		advance(p);
	}
	if (id_or_var(peek(p))) {
		n->u.file.path = word_of(advance(p));
		if (!at_kind(p, TOK_MODE)) {
			if (at_kind(p, TOK_ID) || at_kind(p, TOK_END_OF_RULE))
				syntax_error(p, "permissions after the path",
					     "for example: /etc/passwd r,");
			else
				syntax_error(p, "permissions after the path", NULL);
			return NULL;
		}
		n->u.file.perms = word_of(advance(p));
		if (at_kind(p, TOK_ARROW)) {
			advance(p);
			if (!id_or_var(peek(p))) {
				syntax_error(p, "a profile name after '->'", NULL);
				return NULL;
			}
			n->u.file.target = word_of(advance(p));
		}
		if (id_or_var(peek(p))) {
			diag_error_hint(p->diag, peek(p)->loc, "every rule ends with ','",
					"missing ',' after the rule for '%.60s%s'", n->u.file.path.text,
					strlen(n->u.file.path.text) > 60 ? "..." : "");
			p->failed = true;
			return NULL;
		}
		return expect_end_of_rule(p, n, "file rule") ? n : NULL;
	}
	if (at_kind(p, TOK_MODE)) {
		n->u.file.perms = word_of(advance(p));
		n->u.file.perms_first = true;
		if (at_kind(p, TOK_SUBSET) || at_kind(p, TOK_LE)) {
			advance(p);
			n->u.file.subset = true;
		}
		if (!id_or_var(peek(p))) {
			syntax_error(p, "a path after the permissions", NULL);
			return NULL;
		}
		n->u.file.path = word_of(advance(p));
		if (at_kind(p, TOK_ARROW)) {
			advance(p);
			if (!id_or_var(peek(p))) {
				syntax_error(p, "a name after '->'", NULL);
				return NULL;
			}
			n->u.file.target = word_of(advance(p));
		}
		return expect_end_of_rule(p, n, "file rule") ? n : NULL;
	}
	syntax_error(p, "a path or permissions", NULL);
	return NULL;
}

static struct ast_node *parse_link_rule(struct parser *p, struct source_loc start)
{
	struct ast_node *n = new_node(p, AST_LINK, start);
	advance(p);   /* link */
	if (at_kind(p, TOK_SUBSET) || at_kind(p, TOK_LE)) {
		advance(p);
		n->u.file.subset = true;
	}
	if (!id_or_var(peek(p))) {
		syntax_error(p, "the link path", "link [subset] /link/path -> /target/path,");
		return NULL;
	}
	n->u.file.path = word_of(advance(p));
	if (!expect(p, TOK_ARROW, "'->' and the link target", "link [subset] /link -> /target,"))
		return NULL;
	if (!id_or_var(peek(p))) {
		syntax_error(p, "the link target after '->'", NULL);
		return NULL;
	}
	n->u.file.target = word_of(advance(p));
	return expect_end_of_rule(p, n, "link rule") ? n : NULL;
}

static bool is_perm_token(enum ast_kind kind, enum token_kind t)
{
	if (t == TOK_MODE)
		return kind != AST_USERNS && kind != AST_IO_URING;
	switch (kind) {
	case AST_DBUS:
		return t == TOK_BIND || t == TOK_SEND || t == TOK_RECEIVE || t == TOK_READ ||
		       t == TOK_WRITE || t == TOK_EAVESDROP;
	case AST_NETWORK:
	case AST_UNIX:
		return t == TOK_CREATE || t == TOK_BIND || t == TOK_LISTEN || t == TOK_ACCEPT ||
		       t == TOK_CONNECT || t == TOK_SHUTDOWN || t == TOK_GETATTR ||
		       t == TOK_SETATTR || t == TOK_GETOPT || t == TOK_SETOPT || t == TOK_SEND ||
		       t == TOK_RECEIVE || t == TOK_READ || t == TOK_WRITE;
	case AST_SIGNAL:
		return t == TOK_SEND || t == TOK_RECEIVE || t == TOK_READ || t == TOK_WRITE;
	case AST_PTRACE:
		return t == TOK_TRACE || t == TOK_TRACEDBY || t == TOK_READ || t == TOK_WRITE ||
		       t == TOK_READBY;
	case AST_USERNS:
		return t == TOK_CREATE;
	case AST_MQUEUE:
		return t == TOK_CREATE || t == TOK_OPEN_KW || t == TOK_DELETE ||
		       t == TOK_GETATTR || t == TOK_SETATTR || t == TOK_WRITE || t == TOK_READ;
	case AST_IO_URING:
		return t == TOK_OVERRIDE_CREDS || t == TOK_SQPOLL;
	default:
		return false;
	}
}

/* opt_X_perm: one permission keyword, or ( perms ) */
static bool parse_opt_perms(struct parser *p, struct ast_node *n)
{
	word_vec v = VEC_INIT;
	if (at_kind(p, TOK_OPENPAREN)) {
		advance(p);
		n->u.cls.perms_paren = true;
		while (at_kind(p, TOK_VALUE) || is_perm_token(n->kind, peek(p)->kind))
			vec_push(&v, word_of(advance(p)));
		n->u.cls.perms = words_finish(p, &v);
		return expect(p, TOK_CLOSEPAREN, "')' after the permissions", NULL);
	}
	if (is_perm_token(n->kind, peek(p)->kind))
		vec_push(&v, word_of(advance(p)));
	n->u.cls.perms = words_finish(p, &v);
	return true;
}

static bool parse_opt_cond_list(struct parser *p, struct ast_node *n)
{
	if (at_kind(p, TOK_CONDLISTID))
		return parse_cond_list(p, &n->u.cls.list_name, &n->u.cls.list_conds);
	return true;
}

static struct ast_node *parse_class_rule(struct parser *p, enum ast_kind kind,
					 struct source_loc start)
{
	struct ast_node *n = new_node(p, kind, start);
	advance(p);   /* the keyword */
	word_vec ids = VEC_INIT;
	switch (kind) {
	case AST_NETWORK:
		if (!parse_opt_perms(p, n))
			return NULL;
		/* up to two positional words: domain and type/protocol */
		while (ids.len < 2 && at_kind(p, TOK_ID))
			vec_push(&ids, word_of(advance(p)));
		n->u.cls.ids = words_finish(p, &ids);
		if (!parse_opt_conds(p, &n->u.cls.conds, false) || !parse_opt_cond_list(p, n))
			return NULL;
		break;
	case AST_UNIX:
	case AST_DBUS:
	case AST_IO_URING:
		if (!parse_opt_perms(p, n) || !parse_opt_conds(p, &n->u.cls.conds, false) ||
		    !parse_opt_cond_list(p, n))
			return NULL;
		break;
	case AST_SIGNAL:
	case AST_PTRACE:
	case AST_USERNS:
		if (!parse_opt_perms(p, n) || !parse_opt_conds(p, &n->u.cls.conds, false))
			return NULL;
		break;
	case AST_MQUEUE:
		if (!parse_opt_perms(p, n) || !parse_opt_conds(p, &n->u.cls.conds, false))
			return NULL;
		if (at_kind(p, TOK_ID)) {
			vec_push(&ids, word_of(advance(p)));
			n->u.cls.ids = words_finish(p, &ids);
		}
		break;
	case AST_MOUNT:
	case AST_REMOUNT:
	case AST_UMOUNT:
	case AST_PIVOT_ROOT:
		if (!parse_opt_conds(p, &n->u.cls.conds, false))
			return NULL;
		if (at_kind(p, TOK_ID)) {
			vec_push(&ids, word_of(advance(p)));
			n->u.cls.ids = words_finish(p, &ids);
		}
		if ((kind == AST_MOUNT || kind == AST_PIVOT_ROOT) && at_kind(p, TOK_ARROW)) {
			advance(p);
			n->u.cls.has_arrow = true;
			if (kind == AST_MOUNT &&
			    !parse_opt_conds(p, &n->u.cls.dst_conds, false))
				return NULL;
			if (!id_or_var(peek(p))) {
				syntax_error(p, kind == AST_MOUNT ? "the mount point after '->'"
								  : "a profile name after '->'",
					     NULL);
				return NULL;
			}
			n->u.cls.dst = word_of(advance(p));
		}
		break;
	default:
		break;
	}
	vec_free(&ids);
	return expect_end_of_rule(p, n, ast_kind_name(kind)) ? n : NULL;
}

static struct ast_node *parse_change_profile(struct parser *p, struct source_loc start)
{
	struct ast_node *n = new_node(p, AST_CHANGE_PROFILE, start);
	advance(p);
	if (at_kind(p, TOK_UNSAFE) || at_kind(p, TOK_SAFE)) {
		n->u.change_profile.exec_mode = at_kind(p, TOK_UNSAFE) ? EXEC_MODE_UNSAFE
								       : EXEC_MODE_SAFE;
		advance(p);
	}
	if (at_kind(p, TOK_ID))
		n->u.change_profile.exec = word_of(advance(p));
	if (at_kind(p, TOK_ARROW)) {
		advance(p);
		if (!id_or_var(peek(p))) {
			syntax_error(p, "a profile name after '->'", NULL);
			return NULL;
		}
		n->u.change_profile.target = word_of(advance(p));
	}
	return expect_end_of_rule(p, n, "change_profile rule") ? n : NULL;
}

static struct ast_node *parse_capability(struct parser *p, struct source_loc start)
{
	struct ast_node *n = new_node(p, AST_CAPABILITY, start);
	advance(p);
	word_vec v = VEC_INIT;
	while (at_kind(p, TOK_ID))
		vec_push(&v, word_of(advance(p)));
	n->u.capability.names = words_finish(p, &v);
	if (!at_kind(p, TOK_END_OF_RULE)) {
		syntax_error(p, "a capability name or ','", "for example: capability net_admin,");
		return NULL;
	}
	n->end_loc = advance(p)->loc;
	return n;
}

static struct ast_node *parse_rlimit(struct parser *p)
{
	struct ast_node *n = new_node(p, AST_RLIMIT, peek(p)->loc);
	advance(p);   /* set */
	if (!expect(p, TOK_RLIMIT, "'rlimit' after 'set'", "set rlimit nofile <= 1024,"))
		return NULL;
	if (!at_kind(p, TOK_ID)) {
		syntax_error(p, "an rlimit name", "for example: set rlimit nofile <= 1024,");
		return NULL;
	}
	n->u.rlimit.name = word_of(advance(p));
	if (!expect(p, TOK_LE, "'<=' after the rlimit name", "set rlimit nofile <= 1024,"))
		return NULL;
	if (!at_kind(p, TOK_VALUE)) {
		syntax_error(p, "a value (a number or 'infinity')", NULL);
		return NULL;
	}
	n->u.rlimit.value = word_of(advance(p));
	if (at_kind(p, TOK_ID))
		n->u.rlimit.unit = word_of(advance(p));
	return expect_end_of_rule(p, n, "rlimit rule") ? n : NULL;
}

/* ---- conditional expressions ----------------------------------------------- */

static struct ast_expr *parse_expr(struct parser *p);
static bool enter(struct parser *p, struct source_loc loc);

static struct ast_expr *new_expr(struct parser *p, enum ast_expr_op op, struct source_loc loc)
{
	struct ast_expr *e = arena_new(p->arena, struct ast_expr);
	e->op = op;
	e->loc = loc;
	return e;
}

static struct ast_expr *parse_factor(struct parser *p)
{
	const struct token *t = peek(p);
	if (t->kind == TOK_BOOL_VAR) {
		struct ast_expr *e = new_expr(p, EXPR_BOOL_VAR, t->loc);
		e->a = word_of(advance(p));
		return e;
	}
	if (t->kind == TOK_DEFINED) {
		struct ast_expr *e = new_expr(p, EXPR_DEFINED, t->loc);
		advance(p);
		if (!at_kind(p, TOK_SET_VAR) && !at_kind(p, TOK_BOOL_VAR)) {
			syntax_error(p, "a variable after 'defined'", NULL);
			return NULL;
		}
		e->a = word_of(advance(p));
		return e;
	}
	if (t->kind == TOK_OPENPAREN) {
		if (!enter(p, t->loc))   /* parentheses recurse: bound them like blocks */
			return NULL;
		advance(p);
		struct ast_expr *e = parse_expr(p);
		if (!e || !expect(p, TOK_CLOSEPAREN, "')'", NULL))
			return NULL;
		p->nesting--;
		return e;
	}
	if (id_or_var(t)) {
		struct ast_word a = word_of(advance(p));
		enum token_kind k = peek(p)->kind;
		enum ast_expr_op op;
		switch (k) {
		case TOK_EQ_OP: op = EXPR_EQ; break;
		case TOK_NE_OP: op = EXPR_NE; break;
		case TOK_IN_OP: op = EXPR_IN; break;
		case TOK_GT: op = EXPR_GT; break;
		case TOK_GE: op = EXPR_GE; break;
		case TOK_LT: op = EXPR_LT; break;
		case TOK_LE: op = EXPR_LE; break;
		default: {
			struct ast_expr *e = new_expr(p, EXPR_VALUE, a.loc);
			e->a = a;
			return e;
		}
		}
		advance(p);
		if (!id_or_var(peek(p))) {
			syntax_error(p, "a value to compare with", NULL);
			return NULL;
		}
		struct ast_expr *e = new_expr(p, op, a.loc);
		e->a = a;
		e->b = word_of(advance(p));
		return e;
	}
	syntax_error(p, "a condition", "for example: if ${VAR} { ... } or if defined @{VAR} { ... }");
	return NULL;
}

static struct ast_expr *parse_notfactor(struct parser *p)
{
	if (at_kind(p, TOK_NOT)) {
		if (!enter(p, peek(p)->loc))   /* 'not not ...' recurses too */
			return NULL;
		struct ast_expr *e = new_expr(p, EXPR_NOT, advance(p)->loc);
		e->left = parse_notfactor(p);
		if (!e->left)
			return NULL;
		p->nesting--;
		return e;
	}
	return parse_factor(p);
}

static struct ast_expr *parse_term(struct parser *p)
{
	struct ast_expr *l = parse_notfactor(p);
	while (l && at_kind(p, TOK_AND)) {
		struct ast_expr *e = new_expr(p, EXPR_AND, advance(p)->loc);
		e->left = l;
		e->right = parse_notfactor(p);
		l = e->right ? e : NULL;
	}
	return l;
}

static struct ast_expr *parse_expr(struct parser *p)
{
	struct ast_expr *l = parse_term(p);
	while (l && at_kind(p, TOK_OR)) {
		struct ast_expr *e = new_expr(p, EXPR_OR, advance(p)->loc);
		e->left = l;
		e->right = parse_term(p);
		l = e->right ? e : NULL;
	}
	return l;
}

static bool enter(struct parser *p, struct source_loc loc)
{
	if (++p->nesting > PARSER_MAX_NESTING) {
		if (!p->failed)
			diag_error(p->diag, loc, "nesting deeper than %d levels", PARSER_MAX_NESTING);
		p->failed = true;
		return false;
	}
	return true;
}

/* { rules } */
static struct ast_node *parse_block_body(struct parser *p, bool *ok)
{
	*ok = false;
	if (!expect(p, TOK_OPEN, "'{'", NULL))
		return NULL;
	struct ast_node *body = parse_rules(p, false);
	if (p->failed)
		return NULL;
	if (!expect(p, TOK_CLOSE, "'}'", NULL))
		return NULL;
	*ok = true;
	return body;
}

static struct ast_node *parse_if(struct parser *p)
{
	struct ast_node *n = new_node(p, AST_IF, peek(p)->loc);
	advance(p);   /* if */
	if (!enter(p, n->loc))
		return NULL;
	n->u.cond.cond = parse_expr(p);
	bool ok;
	if (!n->u.cond.cond)
		return NULL;
	n->u.cond.then_body = parse_block_body(p, &ok);
	if (!ok)
		return NULL;
	if (at_kind(p, TOK_ELSE)) {
		advance(p);
		n->u.cond.has_else = true;
		if (at_kind(p, TOK_IF)) {
			n->u.cond.else_is_if = true;
			n->u.cond.else_body = parse_if(p);
			if (!n->u.cond.else_body)
				return NULL;
		} else {
			n->u.cond.else_body = parse_block_body(p, &ok);
			if (!ok)
				return NULL;
		}
	}
	p->nesting--;
	return n;
}

static struct ast_node *parse_include(struct parser *p)
{
	const struct token *t = advance(p);
	struct ast_node *n = new_node(p, AST_INCLUDE, t->loc);
	n->u.include.name = word_of(t);
	n->u.include.search = t->include_search;
	n->u.include.if_exists = t->include_if_exists;
	n->u.include.pound = t->pound_include;
	return n;
}

static struct ast_node *parse_abi(struct parser *p)
{
	struct ast_node *n = new_node(p, AST_ABI, peek(p)->loc);
	advance(p);
	if (!at_kind(p, TOK_ID) && !at_kind(p, TOK_VALUE)) {
		syntax_error(p, "an abi name", "for example: abi <abi/4.0>,");
		return NULL;
	}
	const struct token *t = advance(p);
	n->u.abi.name = word_of(t);
	n->u.abi.search = t->include_search;
	return expect_end_of_rule(p, n, "abi rule") ? n : NULL;
}

/* One item of a profile body; NULL with p->failed on error, NULL without at '}'. */
static struct ast_node *parse_rule_item(struct parser *p)
{
	const struct token *t = peek(p);
	switch (t->kind) {
	case TOK_INCLUDE:
		return parse_include(p);
	case TOK_ABI:
		return parse_abi(p);
	case TOK_CARET:
	case TOK_HAT:
	case TOK_PROFILE:
		return parse_profile(p, false);
	case TOK_IF:
		return parse_if(p);
	case TOK_SET:
		return parse_rlimit(p);
	default:
		break;
	}
	struct source_loc start = t->loc;
	struct ast_prefix px;
	if (!parse_prefix(p, &px))
		return NULL;
	t = peek(p);
	struct ast_node *n = NULL;
	switch (t->kind) {
	case TOK_OPEN: {
		n = new_node(p, AST_BLOCK, start);
		if (!enter(p, start))
			return NULL;
		bool ok;
		n->u.block.body = parse_block_body(p, &ok);
		if (!ok)
			return NULL;
		p->nesting--;
		break;
	}
	case TOK_NETWORK: n = parse_class_rule(p, AST_NETWORK, start); break;
	case TOK_UNIX: n = parse_class_rule(p, AST_UNIX, start); break;
	case TOK_DBUS: n = parse_class_rule(p, AST_DBUS, start); break;
	case TOK_SIGNAL: n = parse_class_rule(p, AST_SIGNAL, start); break;
	case TOK_PTRACE: n = parse_class_rule(p, AST_PTRACE, start); break;
	case TOK_MOUNT: n = parse_class_rule(p, AST_MOUNT, start); break;
	case TOK_REMOUNT: n = parse_class_rule(p, AST_REMOUNT, start); break;
	case TOK_UMOUNT: n = parse_class_rule(p, AST_UMOUNT, start); break;
	case TOK_PIVOTROOT: n = parse_class_rule(p, AST_PIVOT_ROOT, start); break;
	case TOK_USERNS: n = parse_class_rule(p, AST_USERNS, start); break;
	case TOK_MQUEUE: n = parse_class_rule(p, AST_MQUEUE, start); break;
	case TOK_IO_URING: n = parse_class_rule(p, AST_IO_URING, start); break;
	case TOK_ALL:
		n = new_node(p, AST_ALL, start);
		advance(p);
		if (!expect_end_of_rule(p, n, "'all' rule"))
			return NULL;
		break;
	case TOK_CHANGE_PROFILE: n = parse_change_profile(p, start); break;
	case TOK_CAPABILITY: n = parse_capability(p, start); break;
	case TOK_LINK: n = parse_link_rule(p, start); break;
	case TOK_FILE:
	case TOK_UNSAFE:
	case TOK_SAFE:
	case TOK_ID:
	case TOK_SET_VAR:
	case TOK_MODE:
		n = parse_file_rule(p, start);
		break;
	default:
		if (px.any && (t->kind == TOK_CARET || t->kind == TOK_HAT || t->kind == TOK_PROFILE))
			syntax_error(p, "a rule after the qualifiers",
				     "qualifiers such as audit, deny or owner cannot be applied to a hat or child profile");
		else if (t->kind == TOK_EOF)
			syntax_error(p, px.any ? "a rule after the qualifiers" : "a rule or '}'",
				     "a profile's rules end with '}'");
		else
			syntax_error(p, px.any ? "a rule after the qualifiers" : "a rule", NULL);
		return NULL;
	}
	if (!n)
		return NULL;
	n->prefix = px;
	return n;
}

static struct ast_node *parse_rules(struct parser *p, bool include_body)
{
	struct ast_node *head = NULL, **tail = &head;
	while (!p->failed) {
		enum token_kind k = peek(p)->kind;
		if (k == TOK_CLOSE && !include_body)
			break;
		if (k == TOK_EOF) {
			if (!include_body)
				syntax_error(p, "'}'", "a profile's rules end with '}'");
			break;
		}
		if (k == TOK_CLOSE) {
			syntax_error(p, "a rule", "this '}' has no matching '{' in this file");
			break;
		}
		struct ast_node *n = parse_rule_item(p);
		if (!n)
			break;
		*tail = n;
		tail = &n->next;
	}
	return head;
}

/* ---- profiles --------------------------------------------------------------- */

static struct ast_node *parse_profile(struct parser *p, bool top)
{
	struct source_loc start = peek(p)->loc;
	struct ast_node *n = new_node(p, AST_PROFILE, start);
	if (!enter(p, start))
		return NULL;
	switch (peek(p)->kind) {
	case TOK_PROFILE:
		n->u.profile.keyword = 1;
		advance(p);
		break;
	case TOK_CARET:
	case TOK_HAT:
		n->u.profile.keyword = 2;
		advance(p);
		break;
	default:
		break;
	}
	if (!at_kind(p, TOK_ID)) {
		syntax_error(p, n->u.profile.keyword ? "a profile name" : "a profile",
			     n->u.profile.keyword ? NULL
			     : "a profile starts with 'profile NAME {' or an absolute path");
		return NULL;
	}
	n->u.profile.name = word_of(advance(p));
	if (id_or_var(peek(p)))
		n->u.profile.attach = word_of(advance(p));
	if (at_kind(p, TOK_CONDLISTID)) {
		struct ast_word name;
		if (!parse_cond_list(p, &name, &n->u.profile.xattrs))
			return NULL;
		if (strcmp(name.text, "xattrs") != 0) {
			diag_error_hint(p->diag, name.loc, "profiles take xattrs=(...) conditions",
					"'%s=(...)' is not valid in a profile header", name.text);
			p->failed = true;
			return NULL;
		}
		n->u.profile.has_xattrs = true;
	}
	word_vec ids = VEC_INIT;
	while (at_kind(p, TOK_PLUS)) {
		advance(p);
		if (!expect(p, TOK_IDENTITIES, "'identities='", NULL) ||
		    !expect(p, TOK_EQUALS, "'='", NULL) || !expect(p, TOK_OPENPAREN, "'('", NULL)) {
			vec_free(&ids);
			return NULL;
		}
		while (at_kind(p, TOK_VALUE))
			vec_push(&ids, word_of(advance(p)));
		if (!expect(p, TOK_CLOSEPAREN, "')'", NULL)) {
			vec_free(&ids);
			return NULL;
		}
	}
	n->u.profile.identities = words_finish(p, &ids);
	bool flags = false;
	if (at_kind(p, TOK_FLAGS)) {
		advance(p);
		if (!expect(p, TOK_EQUALS, "'=' after 'flags'", NULL))
			return NULL;
		flags = true;
	}
	if (flags || at_kind(p, TOK_OPENPAREN)) {
		if (!expect(p, TOK_OPENPAREN, "'(' and the profile flags",
			    "for example: flags=(complain)"))
			return NULL;
		word_vec fv = VEC_INIT;
		while (at_kind(p, TOK_VALUE))
			vec_push(&fv, word_of(advance(p)));
		n->u.profile.flags = words_finish(p, &fv);
		n->u.profile.has_flags = true;
		if (!n->u.profile.flags.n) {
			syntax_error(p, "a profile flag", "for example: flags=(complain)");
			return NULL;
		}
		if (!expect(p, TOK_CLOSEPAREN, "')' after the flags", NULL))
			return NULL;
	}
	if (!at_kind(p, TOK_OPEN)) {
		if (at_kind(p, TOK_ID) && n->u.profile.attach.text)
			syntax_error(p, "'{'", "a profile has one name and at most one attachment");
		else
			syntax_error(p, "'{' to open the profile", NULL);
		return NULL;
	}
	advance(p);
	n->u.profile.body = parse_rules(p, false);
	if (p->failed)
		return NULL;
	if (!at_kind(p, TOK_CLOSE)) {
		syntax_error(p, "'}'", NULL);
		return NULL;
	}
	n->end_loc = advance(p)->loc;
	p->nesting--;
	(void)top;
	return n;
}

/* ---- top level -------------------------------------------------------------- */

static bool parse_assign_op(struct parser *p, enum ast_assign_op *op)
{
	switch (peek(p)->kind) {
	case TOK_EQUALS: *op = ASSIGN_SET; break;
	case TOK_ADD_ASSIGN: *op = ASSIGN_ADD; break;
	case TOK_COND_ASSIGN: *op = ASSIGN_COND; break;
	case TOK_OVERRIDE_ASSIGN: *op = ASSIGN_OVERRIDE; break;
	default:
		syntax_error(p, "'=' or '+='", "for example: @{HOME}=/home/*/");
		return false;
	}
	advance(p);
	return true;
}

static struct ast_node *parse_top_item(struct parser *p)
{
	const struct token *t = peek(p);
	switch (t->kind) {
	case TOK_INCLUDE:
		return parse_include(p);
	case TOK_ABI:
		return parse_abi(p);
	case TOK_ALIAS: {
		struct ast_node *n = new_node(p, AST_ALIAS, t->loc);
		advance(p);
		if (!at_kind(p, TOK_ID)) {
			syntax_error(p, "a path after 'alias'", "alias /original -> /replacement,");
			return NULL;
		}
		n->u.alias.from = word_of(advance(p));
		if (!expect(p, TOK_ARROW, "'->'", "alias /original -> /replacement,"))
			return NULL;
		if (!at_kind(p, TOK_ID)) {
			syntax_error(p, "a path after '->'", NULL);
			return NULL;
		}
		n->u.alias.to = word_of(advance(p));
		return expect_end_of_rule(p, n, "alias rule") ? n : NULL;
	}
	case TOK_SET_VAR: {
		struct ast_node *n = new_node(p, AST_SET_VAR, t->loc);
		n->u.var.name = word_of(advance(p));
		if (!parse_assign_op(p, &n->u.var.op))
			return NULL;
		word_vec v = VEC_INIT;
		while (at_kind(p, TOK_VALUE))
			vec_push(&v, word_of(advance(p)));
		n->u.var.values = words_finish(p, &v);
		if (!n->u.var.values.n) {
			syntax_error(p, "a value for the variable", NULL);
			return NULL;
		}
		return n;
	}
	case TOK_BOOL_VAR: {
		struct ast_node *n = new_node(p, AST_BOOL_VAR, t->loc);
		n->u.var.name = word_of(advance(p));
		if (!parse_assign_op(p, &n->u.var.op))
			return NULL;
		n->u.var.expr = parse_expr(p);
		return n->u.var.expr ? n : NULL;
	}
	case TOK_PROFILE:
	case TOK_HAT:
	case TOK_CARET:
	case TOK_ID:
		return parse_profile(p, true);
	default:
		syntax_error(p, "a profile, variable, alias, abi or include",
			     t->kind == TOK_CLOSE ? "this '}' has no matching '{'" : NULL);
		return NULL;
	}
}

struct ast_unit *parse_unit(struct arena *arena, struct diag_engine *diag,
			    const struct source_file *src, bool body)
{
	struct ast_unit *u = arena_new(arena, struct ast_unit);
	u->src = src;
	u->body = body;

	struct lexer lx;
	lexer_init(&lx, src, arena, diag);
	VEC(struct token) toks = VEC_INIT;
	for (;;) {
		struct token t = lexer_next(&lx);
		vec_push(&toks, t);
		if (t.kind == TOK_EOF || t.kind == TOK_ERROR)
			break;
	}
	if (vec_last(&toks).kind == TOK_ERROR) {
		/* keep the error token so the parser stops there */
		struct token eof = vec_last(&toks);
		eof.kind = TOK_EOF;
		vec_push(&toks, eof);
	}
	struct parser p = { .arena = arena, .diag = diag, .src = src, .toks = toks.items,
			    .ntoks = toks.len };
	if (body) {
		u->items = parse_rules(&p, true);
	} else {
		struct ast_node *head = NULL, **tail = &head;
		while (!p.failed && !at_kind(&p, TOK_EOF)) {
			struct ast_node *n = parse_top_item(&p);
			if (!n)
				break;
			*tail = n;
			tail = &n->next;
		}
		if (!p.failed && lx.errors)
			p.failed = true;
		u->items = head;
	}
	/* a lexer error token anywhere means the file is not valid */
	for (size_t i = 0; i < toks.len; i++)
		if (toks.items[i].kind == TOK_ERROR)
			p.failed = true;
	u->ok = !p.failed;
	vec_free(&toks);
	return u;
}
