/* frontend: see frontend.h. */
#include "lang/frontend.h"
#include "features/features.h"
#include "lang/lexer.h"
#include "lang/parser.h"
#include "support/vec.h"
#include "support/xalloc.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void frontend_init(struct frontend *fe, struct diag_engine *diag)
{
	memset(fe, 0, sizeof(*fe));
	arena_init(&fe->arena);
	source_set_init(&fe->sources);
	fe->diag = diag;
	include_ctx_init(&fe->ic, &fe->arena, diag, &fe->sources);
	abi_cache_init(&fe->abis, NULL);
	fe->ropts.abis = &fe->abis;
}

void frontend_destroy(struct frontend *fe)
{
	abi_cache_destroy(&fe->abis);
	features_free(fe->features);
	features_free(fe->policy_features);
	features_free(fe->policy_gate);
	include_ctx_destroy(&fe->ic);
	source_set_destroy(&fe->sources);
	arena_destroy(&fe->arena);
}

void frontend_add_search_dir(struct frontend *fe, const char *dir)
{
	include_add_search_dir(&fe->ic, dir);
}

/*
 * The sets the resolver gates by follow the kernel's and the policy's: the
 * abi cache intersects with the kernel's, files without an abi rule use
 * kernel ∩ policy, and an override makes abi rules name a file only.
 */
static int update_gates(struct frontend *fe)
{
	features_free(fe->policy_gate);
	fe->policy_gate = NULL;
	const struct features *gate = fe->features;
	int rc = 0;
	if (fe->policy_features && fe->features) {
		struct features_error err;
		memset(&err, 0, sizeof(err));
		if (features_intersection(fe->features, fe->policy_features, &fe->policy_gate, &err) < 0) {
			diag_error(fe->diag, (struct source_loc){ 0 },
				   "cannot combine the policy features with the kernel's: %s", err.message);
			fe->policy_gate = NULL;
			rc = -1;
		}
		gate = fe->policy_gate;
	} else if (fe->policy_features) {
		gate = fe->policy_features;
	}
	fe->ropts.features = gate;
	/* cached abi sets were intersected with the old kernel set */
	abi_cache_destroy(&fe->abis);
	abi_cache_init(&fe->abis, fe->features);
	fe->ropts.abis = fe->override_abi ? NULL : &fe->abis;
	return rc;
}

int frontend_set_features(struct frontend *fe, struct features *f)
{
	features_free(fe->features);
	fe->features = f;
	return update_gates(fe);
}

int frontend_set_policy_features(struct frontend *fe, struct features *f, bool override)
{
	features_free(fe->policy_features);
	fe->policy_features = f;
	fe->override_abi = override;
	return update_gates(fe);
}

static int load_source(struct frontend *fe, const char *path, struct source_file **src)
{
	int r;
	if (!path || strcmp(path, "-") == 0)
		r = source_set_load_fd(&fe->sources, STDIN_FILENO, "<stdin>", src);
	else
		r = source_set_load(&fe->sources, path, src);
	if (r < 0) {
		diag_error(fe->diag, (struct source_loc){ 0 }, "cannot read '%s': %s",
			   path ? path : "<stdin>",
			   r == -EFBIG ? "file too large" : strerror(-r));
		return -1;
	}
	return 0;
}

int frontend_load(struct frontend *fe, const char *path, struct policy *pol)
{
	struct source_file *src;
	if (load_source(fe, path, &src) < 0)
		return -1;
	/*
	 * The file's syntax tree lives in the model's arena: the model points
	 * into it, and both go when the model is freed. Over a whole policy
	 * tree compiled in one run that is most of the front end's memory
	 * (included files stay in the run's include cache).
	 */
	struct ast_unit *u = parse_unit(&pol->arena, fe->diag, src, false);
	return resolve_unit(&fe->ic, &fe->ropts, u, pol);
}

/*
 * Preprocessing state of one input: the files being expanded (an include of
 * one of them is a cycle and is not expanded again) and a budget of
 * expansions, since the same file reached by many names or a directory of
 * files including each other would otherwise expand combinatorially.
 */
#define PREPROCESS_MAX_DEPTH 64
#define PREPROCESS_MAX_EXPANSIONS 10000

struct preprocess {
	struct frontend *fe;
	struct strbuf *out;
	VEC(const struct source_file *) stack;
	size_t expansions;
	int rc;
	/*
	 * Like upstream, a file is expanded once per profile: a second include
	 * of it prints "##skipped duplicate include". Each profile or hat
	 * starts a fresh list (seen[scope..]); when it closes, the enclosing
	 * profile's list is in force again. braces records, per open '{',
	 * whether it opened a profile (rule blocks and conditionals do not).
	 */
	VEC(const char *) seen;
	size_t scope;
	VEC(size_t) scopes;         /* saved scope of each open profile */
	VEC(bool) braces;
	enum token_kind stmt_first; /* first token of the current statement */
};

static bool pp_seen(const struct preprocess *pp, const char *path)
{
	for (size_t i = pp->scope; i < pp->seen.len; i++)
		if (strcmp(pp->seen.items[i], path) == 0)
			return true;
	return false;
}

/* A '{' opens a rule block or conditional when its statement starts with a
 * qualifier or if/else; otherwise it opens a profile or hat. */
static bool opens_block(enum token_kind first)
{
	switch (first) {
	case TOK_AUDIT: case TOK_DENY: case TOK_ALLOW: case TOK_PROMPT: case TOK_OWNER:
	case TOK_OTHER: case TOK_PRIORITY: case TOK_IF: case TOK_ELSE:
		return true;
	default:
		return false;
	}
}

static void pp_track_braces(struct preprocess *pp, const struct token *t)
{
	if (t->kind == TOK_OPEN) {
		bool profile = !opens_block(pp->stmt_first);
		vec_push(&pp->braces, profile);
		if (profile) {
			vec_push(&pp->scopes, pp->scope);
			pp->scope = pp->seen.len;
		}
	} else if (t->kind == TOK_CLOSE && pp->braces.len) {
		if (pp->braces.items[--pp->braces.len] && pp->scopes.len) {
			pp->seen.len = pp->scope;
			pp->scope = pp->scopes.items[--pp->scopes.len];
		}
	}
	if (t->kind == TOK_OPEN || t->kind == TOK_CLOSE || t->kind == TOK_END_OF_RULE ||
	    t->kind == TOK_INCLUDE)
		pp->stmt_first = TOK_EOF;
	else if (pp->stmt_first == TOK_EOF)
		pp->stmt_first = t->kind;
}

static void preprocess_src(struct preprocess *pp, const struct source_file *src);

static bool pp_on_stack(const struct preprocess *pp, const struct source_file *f)
{
	for (size_t i = 0; i < pp->stack.len; i++)
		if (pp->stack.items[i] == f || strcmp(pp->stack.items[i]->path, f->path) == 0)
			return true;
	return false;
}

static void preprocess_include(struct preprocess *pp, const struct token *t)
{
	struct frontend *fe = pp->fe;
	struct ast_node n;
	memset(&n, 0, sizeof(n));
	n.kind = AST_INCLUDE;
	n.loc = t->loc;
	n.u.include.name.text = t->text;
	n.u.include.name.len = t->len;
	n.u.include.search = t->include_search;
	n.u.include.if_exists = t->include_if_exists;
	const char *open = t->include_search ? "<" : "\"";
	const char *close = t->include_search ? ">" : "\"";
	struct ast_unit **units;
	const char *path = NULL;
	int k = include_resolve(&fe->ic, &n, false, &units, &path);
	if (k < 0) {
		strbuf_addf(pp->out, "\n\n##failed include %s%s%s\n", open, t->text, close);
		pp->rc = -1;
		return;
	}
	bool all_seen = k > 0;
	for (int i = 0; i < k && all_seen; i++)
		all_seen = pp_seen(pp, units[i]->src->path);
	if (all_seen) {
		strbuf_addf(pp->out, "\n\n##skipped duplicate include %s%s%s\n", open, t->text, close);
		return;
	}
	strbuf_addf(pp->out, "\n\n##included %s%s%s\n", open, t->text, close);
	if (pp->stack.len > PREPROCESS_MAX_DEPTH) {
		diag_error(fe->diag, t->loc, "includes nested more than %d deep", PREPROCESS_MAX_DEPTH);
		pp->rc = -1;
		return;
	}
	for (int i = 0; i < k; i++) {
		const struct source_file *f = units[i]->src;
		if (pp_seen(pp, f->path))
			continue;   /* a directory member expanded before in this profile */
		vec_push(&pp->seen, f->path);
		if (pp_on_stack(pp, f)) {
			diag_warn(fe->diag, WARN_UNEXPECTED, t->loc,
				  "include cycle: '%s' is already being included; skipped", f->path);
			continue;
		}
		if (pp->expansions > PREPROCESS_MAX_EXPANSIONS)
			return;   /* over budget: already reported */
		if (++pp->expansions > PREPROCESS_MAX_EXPANSIONS) {
			diag_error_hint(fe->diag, t->loc,
					"is a file included under many different names, or do included files include each other?",
					"more than %d includes expanded", PREPROCESS_MAX_EXPANSIONS);
			pp->rc = -1;
			return;
		}
		preprocess_src(pp, f);
	}
}

static void preprocess_src(struct preprocess *pp, const struct source_file *src)
{
	struct lexer lx;
	struct arena scratch;
	arena_init(&scratch);
	lexer_init(&lx, src, &scratch, pp->fe->diag);
	vec_push(&pp->stack, src);
	size_t done = 0;
	for (;;) {
		struct token t = lexer_next(&lx);
		if (t.kind == TOK_EOF)
			break;
		if (t.kind == TOK_ERROR) {
			pp->rc = -1;
			break;
		}
		pp_track_braces(pp, &t);
		if (t.kind != TOK_INCLUDE)
			continue;
		strbuf_add(pp->out, src->text + done, t.offset - done);
		done = t.offset + t.raw_len;
		preprocess_include(pp, &t);
		if (pp->expansions > PREPROCESS_MAX_EXPANSIONS)
			break;   /* reported once; stop expanding */
	}
	strbuf_add(pp->out, src->text + done, src->len - done);
	pp->stack.len--;
	arena_destroy(&scratch);
}

int frontend_preprocess(struct frontend *fe, const char *path, struct strbuf *out)
{
	struct source_file *src;
	if (load_source(fe, path, &src) < 0)
		return -1;
	/* included files are copied, not parsed: they may be rules meant for a profile body */
	bool saved = fe->ic.no_parse;
	fe->ic.no_parse = true;
	struct preprocess pp = { .fe = fe, .out = out };
	preprocess_src(&pp, src);
	fe->ic.no_parse = saved;
	vec_free(&pp.stack);
	vec_free(&pp.seen);
	vec_free(&pp.scopes);
	vec_free(&pp.braces);
	return pp.rc;
}
