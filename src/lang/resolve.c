/* resolve: see resolve.h. */
#include "lang/resolve.h"
#include "lang/abi.h"
#include "features/features.h"
#include "policy/check.h"
#include "policy/names.h"
#include "support/strbuf.h"
#include "support/vec.h"
#include "support/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_INCLUDE_DEPTH 64
#define MAX_EXPANSION_DEPTH 32

struct variable {
	char *name;              /* without decoration: HOME for @{HOME} */
	bool is_bool;
	bool value_bool;
	VEC(char *) values;
	struct source_loc loc;
	/*
	 * cached text of @{NAME} fully expanded, valid while the gen equals
	 * resolver.var_gen; one per context (bit 0: a '/' precedes the
	 * reference, bit 1: a '/' follows it; see var_expansion)
	 */
	char *expansion[4];
	unsigned expansion_gen[4];
};

typedef VEC(const char *) path_vec;

struct resolver {
	struct include_ctx *ic;
	struct diag_engine *diag;
	struct arena *arena;
	const struct resolve_options *opts;
	struct policy *pol;
	VEC(struct variable) vars;
	VEC(const struct source_file *) stack;   /* files being expanded */
	bool seen_profile;
	path_vec top_seen;                       /* includes expanded at top level */
	unsigned errors_at_start;
	struct policy_profile *current;          /* for @{profile_name} */
	struct check_ctx check;
	/*
	 * Variables change only in assignments; var_gen counts the changes so
	 * that cached expansions know when they are stale. The index maps a
	 * name's hash to its slot in vars (slot + 1, 0 empty); new variables are
	 * added to it as they come, a deletion (which moves a slot) rebuilds it.
	 */
	unsigned var_gen;
	size_t *var_index, index_cap;
	bool index_stale;
	bool used_builtin;                       /* an expansion read @{profile_name} & co */
};

static bool failed(struct resolver *r)
{
	return r->diag->errors > r->errors_at_start;
}

/* ---- variables ---------------------------------------------------------------- */

/* "@{NAME}" or "${NAME}" or "@NAME" -> "NAME" (arena) */
static const char *var_base_name(struct resolver *r, const char *text)
{
	const char *s = text + 1;
	if (*s == '{') {
		size_t n = strlen(s);
		if (n >= 2 && s[n - 1] == '}')
			return arena_strndup(r->arena, s + 1, n - 2);
	}
	return arena_strdup(r->arena, s);
}

static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void index_insert(struct resolver *r, size_t slot)
{
	size_t h = name_hash(r->vars.items[slot].name) & (r->index_cap - 1);
	while (r->var_index[h])
		h = (h + 1) & (r->index_cap - 1);
	r->var_index[h] = slot + 1;
}

static void rebuild_var_index(struct resolver *r)
{
	size_t cap = 64;
	while (cap < r->vars.len * 2)
		cap *= 2;
	if (cap != r->index_cap) {
		free(r->var_index);
		r->var_index = xreallocarray(NULL, cap, sizeof(*r->var_index));
		r->index_cap = cap;
	}
	memset(r->var_index, 0, cap * sizeof(*r->var_index));
	for (size_t i = 0; i < r->vars.len; i++)
		index_insert(r, i);
	r->index_stale = false;
}

/* After vec_push(&r->vars, ...): index the new variable. */
static void var_added(struct resolver *r)
{
	r->var_gen++;
	if (!r->var_index || r->index_stale || r->vars.len * 2 > r->index_cap)
		r->index_stale = true;
	else
		index_insert(r, r->vars.len - 1);
}

static struct variable *find_var(struct resolver *r, const char *name)
{
	if (!r->var_index || r->index_stale)
		rebuild_var_index(r);
	for (size_t h = name_hash(name) & (r->index_cap - 1); r->var_index[h];
	     h = (h + 1) & (r->index_cap - 1)) {
		struct variable *v = &r->vars.items[r->var_index[h] - 1];
		if (strcmp(v->name, name) == 0)
			return v;
	}
	return NULL;
}

static void free_var(struct variable *v)
{
	for (size_t i = 0; i < v->values.len; i++)
		free(v->values.items[i]);
	vec_free(&v->values);
	free(v->name);
	for (int i = 0; i < 4; i++)
		free(v->expansion[i]);
}

static void delete_var(struct resolver *r, const char *name)
{
	r->var_gen++;
	r->index_stale = true;
	for (size_t i = 0; i < r->vars.len; i++) {
		if (strcmp(r->vars.items[i].name, name) == 0) {
			free_var(&r->vars.items[i]);
			r->vars.items[i] = vec_last(&r->vars);
			r->vars.len--;
			return;
		}
	}
}

static void set_var_assign_apply(struct resolver *r, const struct ast_node *n)
{
	const char *name = var_base_name(r, n->u.var.name.text);
	struct variable *v = find_var(r, name);
	enum ast_assign_op op = n->u.var.op;
	if (op == ASSIGN_ADD) {
		if (!v) {
			diag_error_hint(r->diag, n->u.var.name.loc,
					"declare it first with '=' (or use '?=')",
					"variable @{%s} was not previously declared, but is being assigned additional values",
					name);
			return;
		}
		if (v->is_bool) {
			diag_error(r->diag, n->u.var.name.loc, "@{%s} is a boolean variable", name);
			return;
		}
	} else if (v) {
		if (op == ASSIGN_SET) {
			diag_error_hint(r->diag, n->u.var.name.loc,
					"use '+=' to add values or ':=' to replace them",
					"variable @{%s} was previously declared", name);
			return;
		}
		if (op == ASSIGN_COND)
			return;
		delete_var(r, name);
		v = NULL;
	}
	if (!v) {
		struct variable nv;
		memset(&nv, 0, sizeof(nv));
		nv.name = xstrdup(name);
		nv.loc = n->u.var.name.loc;
		vec_push(&r->vars, nv);
		var_added(r);
		v = &vec_last(&r->vars);
	}
	for (size_t i = 0; i < n->u.var.values.n; i++)
		vec_push(&v->values, xstrdup(n->u.var.values.items[i].text));
}

/* every assignment may change values: cached expansions become stale */
static void set_var_assign(struct resolver *r, const struct ast_node *n)
{
	set_var_assign_apply(r, n);
	r->var_gen++;
}

static int eval_expr(struct resolver *r, const struct ast_expr *e);

static void bool_var_assign_apply(struct resolver *r, const struct ast_node *n)
{
	const char *name = var_base_name(r, n->u.var.name.text);
	if (n->u.var.op == ASSIGN_ADD) {
		diag_error(r->diag, n->u.var.name.loc,
			   "'+=' is not allowed with boolean variables");
		return;
	}
	int val = eval_expr(r, n->u.var.expr);
	if (val < 0)
		return;
	struct variable *v = find_var(r, name);
	if (v) {
		if (n->u.var.op == ASSIGN_SET) {
			diag_error(r->diag, n->u.var.name.loc, "variable ${%s} was previously declared",
				   name);
			return;
		}
		if (n->u.var.op == ASSIGN_COND)
			return;
		delete_var(r, name);
	}
	struct variable nv;
	memset(&nv, 0, sizeof(nv));
	nv.name = xstrdup(name);
	nv.is_bool = true;
	nv.value_bool = val;
	nv.loc = n->u.var.name.loc;
	vec_push(&r->vars, nv);
	var_added(r);
}

/* every assignment may change values: cached expansions become stale */
static void bool_var_assign(struct resolver *r, const struct ast_node *n)
{
	bool_var_assign_apply(r, n);
	r->var_gen++;
}

/*
 * Variables the language defines per profile: @{profile_name}, and
 * @{attach_path}/@{exec_path} for profiles that attach to a path (their
 * attachment, or their name when it is a path). A user definition of
 * attach_path/exec_path is used where the profile has no attachment.
 */
/*
 * Length of a variable reference "@{NAME}" at p (NAME: a letter, then
 * letters, digits and '_'), or 0. Anything else, such as the alternation
 * "@{a,b}" in a unix address, is literal text, as upstream reads it.
 */
static size_t var_ref_len(const char *p)
{
	if (p[0] != '@' || p[1] != '{' || !isalpha((unsigned char)p[2]))
		return 0;
	size_t i = 3;
	while (isalnum((unsigned char)p[i]) || p[i] == '_')
		i++;
	return p[i] == '}' ? i + 1 : 0;
}

static const char *builtin_var(struct resolver *r, const char *name)
{
	const struct policy_profile *p = r->current;
	if (!p)
		return NULL;
	if (strcmp(name, "profile_name") == 0) {
		/* the name is a literal: pattern characters in it are escaped */
		const char *n = p->fqname ? p->fqname : p->name;
		if (!n)         /* while the profile's own name is being expanded */
			return NULL;
		if (!strpbrk(n, "{}[]*?"))
			return n;
		struct strbuf sb = STRBUF_INIT;
		for (const char *c = n; *c; c++) {
			if (*c == '\\' && c[1]) {
				strbuf_addch(&sb, *c++);
			} else if (strchr("{}[]*?", *c)) {
				strbuf_addch(&sb, '\\');
			}
			strbuf_addch(&sb, *c);
		}
		const char *out = arena_strdup(r->arena, sb.buf);
		strbuf_release(&sb);
		return out;
	}
	if (strcmp(name, "attach_path") == 0 || strcmp(name, "exec_path") == 0) {
		/*
		 * A variable of that name defined in the preamble keeps its
		 * value, as in apparmor_parser 3.0.8 (policy generators define
		 * @{exec_path} there and use it in rules).
		 */
		if (find_var(r, name))
			return NULL;
		if (p->attachment)
			return p->attachment;
		if (!p->is_hat && p->name && p->name[0] == '/')
			return p->name;
	}
	return NULL;
}

static char *expand_text(struct resolver *r, const char *text, struct source_loc loc, int depth);

typedef VEC(char *) str_vec;
static bool expand_value_set(struct resolver *r, const char *text, struct source_loc loc,
			     int depth, str_vec *out);

/*
 * The text a reference to v expands to, as upstream builds it: the values
 * are expanded first (nested references distributed: "@{HOME}/Maildir/"
 * gives one value per home directory, so a '*' keeps the '/' that follows
 * it), then joined as {v1,v2,...} when there are several. Slashes at the
 * seams are trimmed: every trailing '/' of each value when a '/' follows
 * the reference ("@{HOME}/x": "/root/" gives "/root/x"), every leading one
 * when a '/' precedes it and there are several values ("/@{run}/x" gives
 * "/{run,var/run}/x"; a single value keeps it, as apparmor_parser 3.0.8
 * does). Cached in v per context until the next assignment, unless it read
 * a built-in variable (@{profile_name} differs from profile to profile).
 * *owned: the caller must free the result.
 */
static char *var_expansion(struct resolver *r, struct variable *v, struct source_loc loc,
			   int depth, bool *owned, bool slash_before, bool slash_follows)
{
	*owned = false;
	int ctx = (slash_before ? 1 : 0) | (slash_follows ? 2 : 0);
	char **cache = &v->expansion[ctx];
	unsigned *cache_gen = &v->expansion_gen[ctx];
	if (*cache && *cache_gen == r->var_gen)
		return *cache;
	bool outer_builtin = r->used_builtin;
	r->used_builtin = false;
	str_vec flat = VEC_INIT;
	bool ok = true;
	for (size_t i = 0; ok && i < v->values.len; i++)
		ok = expand_value_set(r, v->values.items[i], loc, depth + 1, &flat);
	if (!ok) {
		for (size_t i = 0; i < flat.len; i++)
			free(flat.items[i]);
		vec_free(&flat);
		r->used_builtin = outer_builtin;
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	bool several = flat.len != 1;
	if (several)
		strbuf_addch(&sb, '{');
	for (size_t i = 0; i < flat.len; i++) {
		const char *xs = flat.items[i];
		size_t xl = strlen(xs);
		if (slash_before && several)
			while (xl && *xs == '/') {
				xs++;
				xl--;
			}
		if (slash_follows)
			while (xl && xs[xl - 1] == '/')
				xl--;
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_add(&sb, xs, xl);
		free(flat.items[i]);
	}
	vec_free(&flat);
	if (several)
		strbuf_addch(&sb, '}');
	char *text = strbuf_detach(&sb, NULL);
	bool builtin = r->used_builtin;
	r->used_builtin = outer_builtin || builtin;
	if (builtin) {
		*owned = true;
		return text;
	}
	free(*cache);
	*cache = text;
	*cache_gen = r->var_gen;
	return text;
}

/* Expand @{...} references in text. Returns NULL after reporting an error. */
static char *expand_text(struct resolver *r, const char *text, struct source_loc loc, int depth)
{
	if (!strchr(text, '@'))
		return xstrdup(text);
	if (depth > MAX_EXPANSION_DEPTH) {
		diag_error(r->diag, loc, "variable expansion nested too deeply (a variable refers to itself?)");
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;
	while (*p) {
		size_t reflen = var_ref_len(p);
		if (reflen && (p == text || p[-1] != '\\')) {
			const char *end = p + reflen - 1;
			char *name = xstrndup(p + 2, (size_t)(end - p - 2));
			const char *builtin = builtin_var(r, name);
			struct variable *v = builtin ? NULL : find_var(r, name);
			if (!builtin && (!v || v->is_bool)) {
				diag_error_hint(r->diag, loc,
						v ? "boolean variables are written ${NAME} and used in conditions"
						  : "define it in the preamble, e.g. in tunables, before the profile",
						"variable @{%s} is used but never defined", name);
				free(name);
				strbuf_release(&sb);
				return NULL;
			}
			free(name);
			if (builtin) {
				r->used_builtin = true;
				strbuf_addstr(&sb, builtin);
			} else {
				bool owned;
				bool before = sb.len && sb.buf[sb.len - 1] == '/';
				char *x = var_expansion(r, v, loc, depth, &owned, before, end[1] == '/');
				if (!x) {
					strbuf_release(&sb);
					return NULL;
				}
				strbuf_addstr(&sb, x);
				if (owned)
					free(x);
			}
			p = end + 1;
			continue;
		}
		/* copy up to the next '@' (or the end) in one go */
		const char *next = strchr(p + 1, '@');
		size_t run = next ? (size_t)(next - p) : strlen(p);
		strbuf_add(&sb, p, run);
		p += run;
	}
	return strbuf_detach(&sb, NULL);
}

static const char *expand_word(void *resolver, const struct ast_word *w)
{
	struct resolver *r = resolver;
	if (!w->text)
		return NULL;
	char *x = expand_text(r, w->text, w->loc, 0);
	if (!x)
		return NULL;
	const char *out = arena_strdup(r->arena, x);
	free(x);
	return out;
}

/* ---- conditions ---------------------------------------------------------------- */

static int word_bool(struct resolver *r, const struct ast_word *w)
{
	const char *s = w->text;
	if (w->kind == TOK_SET_VAR) {
		const char *name = var_base_name(r, s);
		struct variable *v = find_var(r, name);
		if (!v || v->is_bool || v->values.len != 1) {
			diag_error(r->diag, w->loc, "@{%s} does not have a single true/false value",
				   name);
			return -1;
		}
		s = v->values.items[0];
	}
	if (strcasecmp(s, "true") == 0)
		return 1;
	if (strcasecmp(s, "false") == 0)
		return 0;
	diag_error_hint(r->diag, w->loc, "a condition is true, false, ${BOOL} or a comparison",
			"'%s' is not a boolean value", s);
	return -1;
}

/*
 * Every string text stands for, its references distributed ("a@{X}b" with
 * X = 1 2 gives "a1b" and "a2b"): done has been expanded already, rest not.
 * depth counts nesting (a variable inside a variable's value), so a long
 * run of references in one value is fine and a self-reference is caught.
 */
static bool expand_rest(struct resolver *r, const char *done, const char *rest,
			struct source_loc loc, int depth, str_vec *out)
{
	const char *ref = strstr(rest, "@{");
	while (ref && ((ref != rest && ref[-1] == '\\') || !var_ref_len(ref)))
		ref = strstr(ref + 2, "@{");
	if (!ref) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, done);
		strbuf_addstr(&sb, rest);
		vec_push(out, strbuf_detach(&sb, NULL));
		return true;
	}
	if (depth > MAX_EXPANSION_DEPTH) {
		diag_error(r->diag, loc, "variable expansion nested too deeply (a variable refers to itself?)");
		return false;
	}
	if (out->len > 65536) {
		diag_error(r->diag, loc, "variable expansion too large (more than 65536 values)");
		return false;
	}
	const char *end = ref + var_ref_len(ref) - 1;
	char *name = xstrndup(ref + 2, (size_t)(end - ref - 2));
	const char *builtin = builtin_var(r, name);
	struct variable *v = builtin ? NULL : find_var(r, name);
	if (!builtin && (!v || v->is_bool)) {
		diag_error(r->diag, loc, "variable @{%s} is not defined", name);
		free(name);
		return false;
	}
	free(name);
	/* the values of the reference, themselves fully expanded */
	str_vec vals = VEC_INIT;
	bool ok = true;
	if (builtin) {
		r->used_builtin = true;
		vec_push(&vals, xstrdup(builtin));
	} else {
		/* v's slot may move while nested references are expanded: copy */
		size_t nv = v->values.len;
		char **raw = xcalloc(nv ? nv : 1, sizeof(*raw));
		for (size_t i = 0; i < nv; i++)
			raw[i] = xstrdup(v->values.items[i]);
		for (size_t i = 0; ok && i < nv; i++)
			ok = expand_rest(r, "", raw[i], loc, depth + 1, &vals);
		for (size_t i = 0; i < nv; i++)
			free(raw[i]);
		free(raw);
	}
	struct strbuf head = STRBUF_INIT;
	for (size_t i = 0; ok && i < vals.len; i++) {
		strbuf_reset(&head);
		strbuf_addstr(&head, done);
		strbuf_add(&head, rest, (size_t)(ref - rest));
		strbuf_addstr(&head, vals.items[i]);
		ok = expand_rest(r, head.buf, end + 1, loc, depth, out);
	}
	strbuf_release(&head);
	for (size_t i = 0; i < vals.len; i++)
		free(vals.items[i]);
	vec_free(&vals);
	return ok;
}

/*
 * Every string text stands for, appended to out: a plain word is one, a
 * variable gives its values with nested references multiplied out. Returns
 * false after reporting an error.
 */
static bool expand_value_set(struct resolver *r, const char *text, struct source_loc loc,
			     int depth, str_vec *out)
{
	return expand_rest(r, "", text, loc, depth, out);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(str_vec *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(*v->items), cmp_strp);
	size_t k = 0;
	for (size_t i = 0; i < v->len; i++) {
		if (k && strcmp(v->items[k - 1], v->items[i]) == 0)
			free(v->items[i]);
		else
			v->items[k++] = v->items[i];
	}
	v->len = k;
}

static void free_str_vec(str_vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	vec_free(v);
}

/* a ⊆ b, both sorted and unique */
static bool set_includes(const str_vec *a, const str_vec *b)
{
	size_t j = 0;
	for (size_t i = 0; i < a->len; i++) {
		while (j < b->len && strcmp(b->items[j], a->items[i]) < 0)
			j++;
		if (j == b->len || strcmp(b->items[j], a->items[i]) != 0)
			return false;
	}
	return true;
}

/* Lexicographic order of two sorted sets, element by element. */
static int set_compare(const str_vec *a, const str_vec *b)
{
	for (size_t i = 0; i < a->len && i < b->len; i++) {
		int c = strcmp(a->items[i], b->items[i]);
		if (c)
			return c;
	}
	return a->len < b->len ? -1 : a->len > b->len;
}

/*
 * A set is a number when it holds exactly one non-empty value that strtol
 * (any base prefix, optional sign) consumes entirely. 0 = not a number,
 * 1 = number, -1 = out of range (reported).
 */
static int set_number(struct resolver *r, const str_vec *v, struct source_loc loc, long *out)
{
	if (v->len != 1 || !v->items[0][0])
		return 0;
	char *endp;
	errno = 0;
	*out = strtol(v->items[0], &endp, 0);
	if (errno == ERANGE) {
		diag_error(r->diag, loc, "value '%s' is out of range", v->items[0]);
		return -1;
	}
	return *endp == '\0';
}

static int order_result(enum ast_expr_op op, int c)
{
	switch (op) {
	case EXPR_GT: return c > 0;
	case EXPR_GE: return c >= 0;
	case EXPR_LT: return c < 0;
	default: return c <= 0;
	}
}

/*
 * Comparisons between value sets: == and != compare sets, 'in' is the
 * subset relation, and the ordering operators compare two numbers
 * numerically or two non-numbers as sets (lexicographically, element by
 * element); a number against a non-number is an error, as upstream has it.
 */
static int compare_sets(struct resolver *r, const struct ast_expr *e, const str_vec *a,
			const str_vec *b)
{
	switch (e->op) {
	case EXPR_EQ:
		return a->len == b->len && set_includes(a, b);
	case EXPR_NE:
		return !(a->len == b->len && set_includes(a, b));
	case EXPR_IN:
		return set_includes(a, b);
	default:
		break;
	}
	long x = 0, y = 0;
	int na = set_number(r, a, e->a.loc, &x);
	int nb = na < 0 ? -1 : set_number(r, b, e->b.loc, &y);
	if (na < 0 || nb < 0)
		return -1;
	if (na && nb)
		return order_result(e->op, x < y ? -1 : x > y);
	if (!na && !nb)
		return order_result(e->op, set_compare(a, b));
	const struct ast_word *num = na ? &e->a : &e->b, *other = na ? &e->b : &e->a;
	diag_error_hint(r->diag, e->loc,
			"ordering comparisons take two numbers or two sets of strings",
			"cannot compare the number '%s' with '%s'", num->text, other->text);
	return -1;
}

static int compare_values(struct resolver *r, const struct ast_expr *e)
{
	str_vec a = VEC_INIT, b = VEC_INIT;
	int res = -1;
	if (expand_value_set(r, e->a.text, e->a.loc, 0, &a) &&
	    expand_value_set(r, e->b.text, e->b.loc, 0, &b)) {
		sort_unique(&a);
		sort_unique(&b);
		res = compare_sets(r, e, &a, &b);
	}
	free_str_vec(&a);
	free_str_vec(&b);
	return res;
}

static int eval_expr(struct resolver *r, const struct ast_expr *e)
{
	int a, b;
	switch (e->op) {
	case EXPR_OR:
		a = eval_expr(r, e->left);
		b = a < 0 ? -1 : eval_expr(r, e->right);
		return (a < 0 || b < 0) ? -1 : (a || b);
	case EXPR_AND:
		a = eval_expr(r, e->left);
		b = a < 0 ? -1 : eval_expr(r, e->right);
		return (a < 0 || b < 0) ? -1 : (a && b);
	case EXPR_NOT:
		a = eval_expr(r, e->left);
		return a < 0 ? -1 : !a;
	case EXPR_BOOL_VAR: {
		const char *name = var_base_name(r, e->a.text);
		struct variable *v = find_var(r, name);
		if (!v || !v->is_bool) {
			diag_error_hint(r->diag, e->a.loc, "define it before use: ${NAME} = true",
					"boolean variable ${%s} is not defined", name);
			return -1;
		}
		return v->value_bool;
	}
	case EXPR_DEFINED: {
		struct variable *v = find_var(r, var_base_name(r, e->a.text));
		if (!v)
			return 0;
		return e->a.kind == TOK_BOOL_VAR ? v->is_bool : !v->is_bool;
	}
	case EXPR_VALUE:
		return word_bool(r, &e->a);
	default:
		return compare_values(r, e);
	}
}

/* ---- profiles ------------------------------------------------------------------ */

static bool parse_flag(struct resolver *r, struct policy_profile *p, const struct ast_word *w)
{
	struct profile_flags *f = &p->flags;
	const char *s = w->text;
	enum profile_mode mode = PROFILE_MODE_UNSPEC;
	if (strcmp(s, "complain") == 0)
		mode = PROFILE_MODE_COMPLAIN;
	else if (strcmp(s, "enforce") == 0)
		mode = PROFILE_MODE_ENFORCE;
	else if (strcmp(s, "kill") == 0)
		mode = PROFILE_MODE_KILL;
	else if (strcmp(s, "unconfined") == 0)
		mode = PROFILE_MODE_UNCONFINED;
	else if (strcmp(s, "prompt") == 0)
		mode = PROFILE_MODE_PROMPT;
	else if (strcmp(s, "default_allow") == 0)
		mode = PROFILE_MODE_DEFAULT_ALLOW;
	if (mode != PROFILE_MODE_UNSPEC) {
		if (f->mode != PROFILE_MODE_UNSPEC && f->mode != mode) {
			diag_error_hint(r->diag, w->loc, "a profile has one mode",
					"conflicting profile mode flag '%s'", s);
			return false;
		}
		f->mode = mode;
		return true;
	}
	if (strcmp(s, "audit") == 0)
		f->audit = true;
	else if (strcmp(s, "debug") == 0)
		f->debug = true;
	else if (strcmp(s, "interruptible") == 0)
		f->interruptible = true;
	else if (strcmp(s, "chroot_relative") == 0)
		f->chroot_relative = true;
	else if (strcmp(s, "namespace_relative") == 0)
		f->namespace_relative = true;
	else if (strcmp(s, "mediate_deleted") == 0)
		f->mediate_deleted = true;
	else if (strcmp(s, "delegate_deleted") == 0)
		f->delegate_deleted = true;
	else if (strcmp(s, "attach_disconnected") == 0)
		f->attach_disconnected = true;
	else if (strcmp(s, "no_attach_disconnected") == 0)
		f->no_attach_disconnected = true;
	else if (strcmp(s, "chroot_attach") == 0)
		f->chroot_attach = true;
	else if (strcmp(s, "chroot_no_attach") == 0)
		f->chroot_no_attach = true;
	else if (strncmp(s, "attach_disconnected.path=", 25) == 0) {
		if (s[25] != '/') {
			diag_error_hint(r->diag, w->loc, "for example: attach_disconnected.path=/dev/null",
					"attach_disconnected.path must be an absolute path");
			return false;
		}
		f->attach_disconnected = true;
		f->disconnected_path = s + 25;
	} else if (strcmp(s, "attach_disconnected.ipc") == 0) {
		f->disconnected_ipc = true;
	} else if (strncmp(s, "attach_disconnected.ipc=", 24) == 0) {
		if (s[24] != '/') {
			diag_error_hint(r->diag, w->loc, "for example: attach_disconnected.ipc=/dev/null",
					"attach_disconnected.ipc must be an absolute path");
			return false;
		}
		f->disconnected_ipc = true;
		f->disconnected_ipc_path = s + 24;
	} else if (strncmp(s, "kill.signal=", 12) == 0) {
		int sig = signal_number(s + 12);
		if (sig <= 0) {
			diag_error(r->diag, w->loc, "unknown signal '%s' in kill.signal", s + 12);
			return false;
		}
		f->kill_signal = sig;
	} else if (strncmp(s, "error=", 6) == 0) {
		int e = errno_number(s + 6);
		if (e <= 0) {
			diag_error_hint(r->diag, w->loc, "for example: error=EPERM",
					"unknown error code '%s'", s + 6);
			return false;
		}
		f->error_code = e;
	} else {
		diag_error_hint(r->diag, w->loc,
				"valid flags include complain, enforce, kill, unconfined, prompt, audit, attach_disconnected, mediate_deleted, chroot_relative",
				"invalid profile flag '%s'", s);
		return false;
	}
	if (f->chroot_relative && f->namespace_relative) {
		diag_error(r->diag, w->loc, "flags chroot_relative and namespace_relative conflict");
		return false;
	}
	if (f->mediate_deleted && f->delegate_deleted) {
		diag_error(r->diag, w->loc, "flags mediate_deleted and delegate_deleted conflict");
		return false;
	}
	if ((f->attach_disconnected || f->disconnected_ipc) && f->no_attach_disconnected) {
		diag_error(r->diag, w->loc,
			   "flags attach_disconnected and no_attach_disconnected conflict");
		return false;
	}
	if (f->chroot_attach && f->chroot_no_attach) {
		diag_error(r->diag, w->loc, "flags chroot_attach and chroot_no_attach conflict");
		return false;
	}
	return true;
}

/* split ":ns:name" / ":ns://name"; returns false after an error */
static bool split_label(struct resolver *r, const char *label, struct source_loc loc,
			const char **ns, const char **name, bool *stack)
{
	*stack = false;
	*ns = NULL;
	if (label[0] == '&') {
		*stack = true;
		label++;
	}
	if (label[0] != ':') {
		*name = label;
	} else {
		const char *start = label + 1;
		const char *end = strchr(start, ':');
		if (!end) {
			diag_error_hint(r->diag, loc, "write :namespace:name",
					"namespace not terminated in '%s'", label);
			return false;
		}
		if (end == start) {
			diag_error(r->diag, loc, "empty namespace in '%s'", label);
			return false;
		}
		*ns = arena_strndup(r->arena, start, (size_t)(end - start));
		*name = end + 1;
		if (strncmp(*name, "//", 2) == 0)
			*name += 2;
	}
	if (!**name) {
		diag_error(r->diag, loc, "empty profile name in '%s'", label);
		return false;
	}
	return true;
}

static void walk_body(struct resolver *r, struct policy_profile *p, const struct ast_node *items,
		      const struct ast_prefix *outer, path_vec *seen_includes);

static bool combine_prefix(struct resolver *r, struct ast_prefix *out, const struct ast_prefix *outer,
			   const struct ast_prefix *inner, struct source_loc loc)
{
	*out = *inner;
	if (!outer || !outer->any)
		return true;
	if (outer->mode != RULE_MODE_UNSPEC) {
		if (inner->mode != RULE_MODE_UNSPEC && inner->mode != outer->mode) {
			diag_error(r->diag, inner->mode_loc, "conflicting mode qualifiers (the enclosing block says %s)",
				   outer->mode == RULE_MODE_DENY ? "deny"
				   : outer->mode == RULE_MODE_ALLOW ? "allow" : "prompt");
			return false;
		}
		out->mode = outer->mode;
		out->mode_loc = outer->mode_loc;
	}
	if (outer->audit) {
		out->audit = true;
		out->audit_loc = outer->audit_loc;
	}
	if (outer->owner != OWNER_UNSPEC) {
		if (inner->owner != OWNER_UNSPEC && inner->owner != outer->owner) {
			diag_error(r->diag, inner->owner_loc, "conflicting owner qualifiers");
			return false;
		}
		out->owner = outer->owner;
		out->owner_loc = outer->owner_loc;
	}
	out->any = true;
	(void)loc;
	return true;
}

static void build_profile(struct resolver *r, const struct ast_node *n, struct policy_profile *parent);
static void check_abi(struct resolver *r, const struct ast_node *n);

/* Expansion goes into a file: on the stack (cycles), and in the model's sources. */
static void enter_file(struct resolver *r, const struct source_file *src)
{
	vec_push(&r->stack, src);
	policy_note_source(r->pol, src);
}

static void walk_include(struct resolver *r, struct policy_profile *p, const struct ast_node *n,
			 const struct ast_prefix *outer, path_vec *seen);

static void add_rule(struct resolver *r, struct policy_profile *p, const struct ast_node *n,
		     const struct ast_prefix *outer)
{
	struct ast_prefix px;
	if (!combine_prefix(r, &px, outer, &n->prefix, n->loc))
		return;
	struct policy_rule *rule = policy_add_rule(p);
	rule->node = n;
	rule->prefix = px;
	struct policy_profile *saved = r->current;
	r->current = p;
	policy_check_rule(&r->check, rule);
	r->current = saved;
}

static void walk_body(struct resolver *r, struct policy_profile *p, const struct ast_node *items,
		      const struct ast_prefix *outer, path_vec *seen)
{
	for (const struct ast_node *n = items; n; n = n->next) {
		switch (n->kind) {
		case AST_INCLUDE:
			walk_include(r, p, n, outer, seen);
			break;
		case AST_ABI:
			check_abi(r, n);
			break;
		case AST_PROFILE:
			build_profile(r, n, p);
			break;
		case AST_BLOCK: {
			if (n->prefix.has_priority) {
				diag_error(r->diag, n->prefix.priority_loc,
					   "priority is not allowed on rule blocks");
				break;
			}
			struct ast_prefix px;
			if (!combine_prefix(r, &px, outer, &n->prefix, n->loc))
				break;
			walk_body(r, p, n->u.block.body, &px, seen);
			break;
		}
		case AST_IF: {
			const struct ast_node *c = n;
			while (c) {
				int v = eval_expr(r, c->u.cond.cond);
				if (v < 0)
					break;
				if (v) {
					walk_body(r, p, c->u.cond.then_body, outer, seen);
					break;
				}
				if (!c->u.cond.has_else)
					break;
				if (c->u.cond.else_is_if) {
					c = c->u.cond.else_body;
					continue;
				}
				walk_body(r, p, c->u.cond.else_body, outer, seen);
				break;
			}
			break;
		}
		case AST_ALIAS:
		case AST_SET_VAR:
		case AST_BOOL_VAR:
			diag_error_hint(r->diag, n->loc, "move it before the first profile",
					"%s inside a profile", ast_kind_name(n->kind));
			break;
		default:
			add_rule(r, p, n, outer);
			break;
		}
	}
}

static bool on_stack(struct resolver *r, const struct source_file *f)
{
	for (size_t i = 0; i < r->stack.len; i++)
		if (r->stack.items[i] == f || strcmp(r->stack.items[i]->path, f->path) == 0)
			return true;
	return false;
}

/*
 * Whether a unit should be expanded here. Like upstream, a file already
 * included in the same scope (a profile, or the top level of the file) is
 * skipped, which also ends include cycles; a cycle is worth a warning.
 */
static bool include_once(struct resolver *r, path_vec *seen, const struct ast_unit *u,
			 const struct ast_node *n)
{
	if (on_stack(r, u->src)) {
		diag_warn(r->diag, WARN_UNEXPECTED, n->loc,
			  "include cycle: '%s' is already being included; skipped", u->src->path);
		return false;
	}
	for (size_t i = 0; i < seen->len; i++)
		if (strcmp(seen->items[i], u->src->path) == 0)
			return false;
	vec_push(seen, u->src->path);
	if (r->stack.len >= MAX_INCLUDE_DEPTH) {
		diag_error(r->diag, n->loc, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
		return false;
	}
	return true;
}

static void walk_include(struct resolver *r, struct policy_profile *p, const struct ast_node *n,
			 const struct ast_prefix *outer, path_vec *seen)
{
	struct ast_unit **units;
	int k = include_resolve(r->ic, n, true, &units, NULL);
	for (int i = 0; i < k; i++) {
		struct ast_unit *u = units[i];
		if (!u->ok || !include_once(r, seen, u, n))
			continue;
		enter_file(r, u->src);
		walk_body(r, p, u->items, outer, seen);
		r->stack.len--;
	}
}

/*
 * An abi rule names a features file: <name> on the include path ("kernel"
 * and "default" are built in), or a path. It must exist and be a file.
 */
static void check_abi(struct resolver *r, const struct ast_node *n)
{
	const char *name = n->u.abi.name.text;
	if (!name || !*name) {
		diag_error_hint(r->diag, n->loc, "for example: abi <abi/4.0>,", "empty abi name");
		return;
	}
	if (n->u.abi.search && (strcmp(name, "kernel") == 0 || strcmp(name, "default") == 0))
		return;
	struct ast_node probe = *n;
	probe.kind = AST_INCLUDE;
	probe.u.include.name = n->u.abi.name;
	probe.u.include.search = n->u.abi.search;
	probe.u.include.if_exists = false;
	probe.u.include.pound = false;
	const char *path = include_find(r->ic, &probe);
	if (!path)
		return;   /* include_find reported it */
	/* every abstraction repeats the file's abi rule: check a path once */
	bool known = r->pol->abi && strcmp(r->pol->abi, path) == 0;
	struct stat st;
	if (!known && (stat(path, &st) < 0 || !S_ISREG(st.st_mode)))
		diag_error(r->diag, n->loc, "abi '%s' is not a features file", path);
	else if (!r->pol->abi)
		r->pol->abi = path;
	if (r->opts && r->opts->abis) {
		/* the file's rules are gated by what its abi (and the kernel) support */
		const struct features *f = abi_cache_get(r->opts->abis, path, r->diag, n->loc);
		if (f)
			r->check.features = f;
	}
}

static bool has_var(const char *s)
{
	return strstr(s, "@{") != NULL;
}

/*
 * Whether every string an attachment glob can match begins with '/'. A
 * variable with several values expands to a leading {a,b} alternation, so
 * each alternative is checked (an empty one by what follows the group).
 */
static bool glob_is_absolute(const char *g)
{
	if (g[0] != '{')
		return g[0] == '/';
	int depth = 0;
	const char *alt = g + 1, *close = NULL;
	for (const char *p = g + 1; *p && !close; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '{')
			depth++;
		else if (*p == '}' && depth)
			depth--;
		else if (*p == '}')
			close = p;
	}
	if (!close)
		return false;
	for (const char *p = alt; p <= close; p++) {
		if (*p == '\\' && p < close)
			p++;
		else if (*p == '{')
			depth++;
		else if (*p == '}' && depth)
			depth--;
		else if ((*p == ',' && !depth) || p == close) {
			if (p == alt ? !glob_is_absolute(close + 1) : (*alt != '/' && *alt != '{'))
				return false;
			alt = p + 1;
		}
	}
	return true;
}

static void build_profile(struct resolver *r, const struct ast_node *n, struct policy_profile *parent)
{
	const struct ast_word *nw = &n->u.profile.name;
	struct policy_profile *saved = r->current;
	struct policy_profile *p = policy_add_profile(r->arena, r->pol, parent);
	p->node = n;
	p->keyword = n->u.profile.keyword;
	p->is_hat = n->u.profile.keyword == 2;
	r->current = p;

	const char *ns, *name;
	bool stack;
	const char *text = nw->text;
	char *expanded = NULL;
	if (has_var(text)) {
		expanded = expand_text(r, text, nw->loc, 0);
		if (expanded)
			text = expanded;
	}
	if (split_label(r, text, nw->loc, &ns, &name, &stack)) {
		if (stack)
			diag_error(r->diag, nw->loc, "profile names must begin with '/' or a namespace, not '&'");
		p->ns = ns;
		p->name = arena_strdup(r->arena, name);
		if (r->opts && r->opts->namespace_override)
			p->ns = r->opts->namespace_override;
		if (!parent && name[0] != '/' && !n->u.profile.keyword && !ns)
			diag_error_hint(r->diag, nw->loc,
					"write 'profile NAME {' or use an absolute path as the name",
					"profile name '%s' must begin with '/', a namespace, or the keyword 'profile' or 'hat'",
					name);
		if (parent && ns)
			diag_error(r->diag, nw->loc, "a hat or child profile cannot name a namespace");
	} else {
		p->name = arena_strdup(r->arena, text);
	}
	free(expanded);
	p->fqname = parent ? arena_printf(r->arena, "%s//%s", parent->fqname, p->name) : p->name;

	if (n->u.profile.attach.text) {
		const struct ast_word *aw = &n->u.profile.attach;
		const char *a = expand_word(r, aw);
		if (a && !glob_is_absolute(a))
			diag_error_hint(r->diag, aw->loc, "for example: profile foo /usr/bin/foo {",
					"profile attachment '%s' must begin with '/'%s", a,
					strcmp(a, aw->text) ? " after variable expansion" : "");
		else if (a && p->is_hat)
			diag_error(r->diag, aw->loc, "a hat cannot have an attachment");
		else
			p->attachment = a;
	}
	if (p->name[0] == '^' && !parent)
		diag_error_hint(r->diag, nw->loc, "declare hats inside their profile: ^hatname { ... }",
				"profile name '%s' contains '^' (old-style hat syntax is not supported)",
				p->name);
	if (n->u.profile.has_xattrs && p->is_hat)
		diag_error(r->diag, n->loc, "hats cannot use xattrs conditions");
	/* like a rule class the kernel lacks: accepted, left out of the attachment */
	if (n->u.profile.xattrs.n && r->check.features &&
	    !features_supports(r->check.features, "domain/attach_conditions/xattr"))
		diag_report(r->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, n->loc,
			    "the kernel's features (or the policy abi) lack it; the profile attaches by its path alone",
			    "xattrs conditions are not enforced: feature 'domain/attach_conditions/xattr' is not supported");
	/* an xattr is matched against one value pattern (upstream: a syntax error) */
	for (size_t i = 0; i < n->u.profile.xattrs.n; i++) {
		const struct ast_cond *c = &n->u.profile.xattrs.items[i];
		if (c->values.n > 1 || c->paren)
			diag_error_hint(r->diag, c->name.loc, "write NAME=VALUE, or NAME alone for any value",
					"xattr '%.*s' takes a single value (a pattern), not a list",
					(int)c->name.len, c->name.text);
	}
	for (size_t i = 0; i < n->u.profile.flags.n; i++) {
		struct ast_word fw = n->u.profile.flags.items[i];
		fw.text = expand_word(r, &fw);
		if (fw.text)
			parse_flag(r, p, &fw);
	}

	/* duplicate names among siblings */
	struct policy_profile **sibs = parent ? parent->children : r->pol->profiles;
	size_t nsibs = parent ? parent->nchildren : r->pol->nprofiles;
	for (size_t i = 0; i + 1 < nsibs; i++) {
		const struct policy_profile *o = sibs[i];
		bool same_ns = (!o->ns && !p->ns) || (o->ns && p->ns && strcmp(o->ns, p->ns) == 0);
		if (same_ns && strcmp(o->name, p->name) == 0) {
			diag_error(r->diag, nw->loc, "%s '%s' is defined more than once",
				   parent ? "hat or child profile" : "profile", p->fqname);
			break;
		}
	}

	path_vec seen = VEC_INIT;
	walk_body(r, p, n->u.profile.body, NULL, &seen);
	vec_free(&seen);
	/* checks that look at the profile's rules together (needs all of them) */
	if (!failed(r) && !(r->opts && r->opts->skip_profile_checks))
		policy_check_profile(&r->check, p);
	r->current = saved;
}

/* ---- top level ------------------------------------------------------------------ */

static void walk_top(struct resolver *r, const struct ast_node *items)
{
	for (const struct ast_node *n = items; n; n = n->next) {
		switch (n->kind) {
		case AST_INCLUDE: {
			struct ast_unit **units;
			int k = include_resolve(r->ic, n, false, &units, NULL);
			for (int i = 0; i < k; i++) {
				struct ast_unit *u = units[i];
				if (!u->ok || !include_once(r, &r->top_seen, u, n))
					continue;
				enter_file(r, u->src);
				walk_top(r, u->items);
				r->stack.len--;
			}
			break;
		}
		case AST_ABI:
			check_abi(r, n);
			break;
		case AST_ALIAS:
		case AST_SET_VAR:
		case AST_BOOL_VAR:
			if (r->seen_profile) {
				diag_error_hint(r->diag, n->loc, "move it before the first profile",
						"%s after a profile", ast_kind_name(n->kind));
				break;
			}
			if (n->kind == AST_SET_VAR)
				set_var_assign(r, n);
			else if (n->kind == AST_BOOL_VAR)
				bool_var_assign(r, n);
			else {
				const char *from = n->u.alias.from.text, *to = n->u.alias.to.text;
				if (from[0] != '/' || to[0] != '/') {
					diag_error(r->diag, n->loc, "alias paths must be absolute");
					break;
				}
				struct policy *pol = r->pol;
				if (pol->naliases == pol->aliases_cap) {
					pol->aliases_cap = pol->aliases_cap ? pol->aliases_cap * 2 : 4;
					pol->aliases = xreallocarray(pol->aliases, pol->aliases_cap,
								     sizeof(*pol->aliases));
				}
				pol->aliases[pol->naliases].from = from;
				pol->aliases[pol->naliases].to = to;
				pol->naliases++;
			}
			break;
		case AST_PROFILE:
			r->seen_profile = true;
			build_profile(r, n, NULL);
			break;
		default:
			diag_error(r->diag, n->loc, "%s outside a profile", ast_kind_name(n->kind));
			break;
		}
	}
}

static void free_variables(struct resolver *r)
{
	for (size_t i = 0; i < r->vars.len; i++)
		free_var(&r->vars.items[i]);
	vec_free(&r->vars);
	free(r->var_index);
	r->var_index = NULL;
}

/*
 * The compiler expands rule words after resolution: the variables are final
 * once the first profile is seen (assignments after it are errors), so a
 * resolver holding only the variable table is kept, on the heap, with the
 * model.
 */
static const char *kept_expand(void *k, struct diag_engine *diag, const struct policy_profile *p,
			       const struct ast_word *w)
{
	struct resolver *r = k;
	struct policy_profile *saved = r->current;
	struct diag_engine *saved_diag = r->diag;
	r->current = (struct policy_profile *)p;
	r->diag = diag;
	const char *out = expand_word(r, w);
	r->current = saved;
	r->diag = saved_diag;
	return out;
}

static void kept_free(void *k)
{
	free_variables(k);
	free(k);
}

int resolve_unit(struct include_ctx *ic, const struct resolve_options *opts,
		 struct ast_unit *unit, struct policy *pol)
{
	struct resolver r;
	memset(&r, 0, sizeof(r));
	r.ic = ic;
	r.diag = ic->diag;
	r.arena = &pol->arena;   /* per file: freed with the model */
	r.opts = opts;
	r.pol = pol;
	r.errors_at_start = ic->diag->errors;
	r.check.diag = ic->diag;
	r.check.arena = &pol->arena;
	r.check.features = opts ? opts->features : NULL;
	r.check.expand = expand_word;
	r.check.resolver = &r;
	if (unit->ok) {
		enter_file(&r, unit->src);
		walk_top(&r, unit->items);
	}
	pol->features = r.check.features;
	int rc = (!unit->ok || failed(&r)) ? -1 : 0;
	if (rc == 0 && opts && opts->keep_variables) {
		struct resolver *kept = xcalloc(1, sizeof(*kept));
		kept->diag = r.diag;
		kept->arena = r.arena;
		kept->pol = pol;
		kept->vars = r.vars;
		kept->var_gen = r.var_gen;
		kept->var_index = r.var_index;
		kept->index_cap = r.index_cap;
		kept->index_stale = r.index_stale;
		memset(&r.vars, 0, sizeof(r.vars));
		r.var_index = NULL;
		pol->expander = kept;
		pol->expand = kept_expand;
		pol->expander_free = kept_free;
	}
	free_variables(&r);
	vec_free(&r.stack);
	vec_free(&r.top_seen);
	return rc;
}
