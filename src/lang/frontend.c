/* frontend: see frontend.h. */
#include "lang/frontend.h"
#include "features/features.h"
#include "lang/lexer.h"
#include "lang/parser.h"
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
}

void frontend_destroy(struct frontend *fe)
{
	features_free(fe->features);
	include_ctx_destroy(&fe->ic);
	source_set_destroy(&fe->sources);
	arena_destroy(&fe->arena);
}

void frontend_add_search_dir(struct frontend *fe, const char *dir)
{
	include_add_search_dir(&fe->ic, dir);
}

void frontend_set_features(struct frontend *fe, struct features *f)
{
	features_free(fe->features);
	fe->features = f;
	fe->ropts.features = f;
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
	struct ast_unit *u = parse_unit(&fe->arena, fe->diag, src, false);
	return resolve_unit(&fe->ic, &fe->ropts, u, pol);
}

static int preprocess_src(struct frontend *fe, const struct source_file *src, struct strbuf *out,
			  int depth);

static void preprocess_include(struct frontend *fe, const struct token *t, struct strbuf *out,
			       int depth, int *rc)
{
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
		strbuf_addf(out, "\n\n##failed include %s%s%s\n", open, t->text, close);
		*rc = -1;
		return;
	}
	strbuf_addf(out, "\n\n##included %s%s%s\n", open, t->text, close);
	if (depth > 64) {
		diag_error(fe->diag, t->loc, "includes nested more than 64 deep");
		*rc = -1;
		return;
	}
	for (int i = 0; i < k; i++)
		if (preprocess_src(fe, units[i]->src, out, depth + 1) < 0)
			*rc = -1;
}

static int preprocess_src(struct frontend *fe, const struct source_file *src, struct strbuf *out,
			  int depth)
{
	struct lexer lx;
	struct arena scratch;
	arena_init(&scratch);
	lexer_init(&lx, src, &scratch, fe->diag);
	size_t done = 0;
	int rc = 0;
	for (;;) {
		struct token t = lexer_next(&lx);
		if (t.kind == TOK_EOF)
			break;
		if (t.kind == TOK_ERROR) {
			rc = -1;
			break;
		}
		if (t.kind != TOK_INCLUDE)
			continue;
		strbuf_add(out, src->text + done, t.offset - done);
		done = t.offset + t.raw_len;
		preprocess_include(fe, &t, out, depth, &rc);
	}
	strbuf_add(out, src->text + done, src->len - done);
	arena_destroy(&scratch);
	return rc;
}

int frontend_preprocess(struct frontend *fe, const char *path, struct strbuf *out)
{
	struct source_file *src;
	if (load_source(fe, path, &src) < 0)
		return -1;
	return preprocess_src(fe, src, out, 0);
}
