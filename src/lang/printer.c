/*
 * printer: see printer.h.
 *
 * Three parts: the trivia of a source (comments and blank lines, recovered by
 * lexing the source again: whatever lies between two tokens is whitespace,
 * separators or a comment), the spelling of words (decided by asking the
 * lexer how a candidate spelling reads back in the place the word is
 * printed), and the layout of items, which walks the tree.
 */
#include "lang/printer.h"
#include "lang/lexer.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/vec.h"

#include <stdint.h>
#include <string.h>

/* ---- trivia ------------------------------------------------------------------ */

struct comment {
	size_t offset;        /* of the '#' */
	size_t len;           /* up to the end of the line, trailing blanks removed */
	bool trailing;        /* code precedes it on its line */
	bool blank_before;    /* an empty line separates it from what precedes it */
};

struct tok_pos {
	size_t offset;
	enum token_kind kind;
	bool blank_before;    /* an empty line lies between this token and what precedes it */
};

struct trivia {
	const struct source_file *src;
	VEC(struct comment) comments;
	VEC(struct tok_pos) toks;
	size_t next;          /* first comment not printed yet */
};

/* State of the gap scan between two tokens. */
struct gap_scan {
	unsigned newlines;    /* newlines since the last code or comment */
	bool seen;            /* any token or comment so far */
};

static bool is_line_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Record the comment starting at text[i]; returns the offset just after it. */
static size_t take_comment(struct trivia *tv, struct gap_scan *g, size_t i, size_t end)
{
	const char *text = tv->src->text;
	size_t j = i;
	while (j < end && text[j] != '\n')
		j++;
	size_t k = j;
	while (k > i && is_line_blank((unsigned char)text[k - 1]))
		k--;
	struct comment c = { i, k - i, g->seen && g->newlines == 0, g->newlines >= 2 };
	vec_push(&tv->comments, c);
	g->seen = true;
	g->newlines = 0;
	return j;
}

/* Scan the text between two tokens: comments, separators, line breaks. */
static void scan_gap(struct trivia *tv, struct gap_scan *g, size_t from, size_t to)
{
	const char *text = tv->src->text;
	for (size_t i = from; i < to; i++) {
		int c = (unsigned char)text[i];
		if (c == '\n')
			g->newlines++;
		else if (c == '#')
			i = take_comment(tv, g, i, to) - 1;
		else if (!is_line_blank(c))
			g->newlines = 0;   /* a separator the lexer skips: ',' ( ) \ */
	}
}

static void trivia_init(struct trivia *tv, const struct source_file *src)
{
	memset(tv, 0, sizeof(*tv));
	tv->src = src;
	struct arena scratch;
	struct diag_engine quiet;
	arena_init(&scratch);
	diag_init(&quiet, NULL);
	struct lexer lx;
	lexer_init(&lx, src, &scratch, &quiet);
	struct gap_scan g = { 0, false };
	size_t prev_end = 0;
	for (;;) {
		struct token t = lexer_next(&lx);
		size_t off = t.kind == TOK_EOF ? src->len : t.offset;
		if (off < prev_end)
			off = prev_end;
		scan_gap(tv, &g, prev_end, off);
		if (t.kind == TOK_EOF || t.kind == TOK_ERROR)
			break;
		struct tok_pos tp = { t.offset, t.kind, g.seen && g.newlines >= 2 };
		vec_push(&tv->toks, tp);
		g.seen = true;
		g.newlines = 0;
		prev_end = t.offset + t.raw_len;
	}
	diag_destroy(&quiet);
	arena_destroy(&scratch);
}

static void trivia_destroy(struct trivia *tv)
{
	vec_free(&tv->comments);
	vec_free(&tv->toks);
}

/* Index of the first token at or after offset (toks.len if none). */
static size_t tok_index(const struct trivia *tv, size_t offset)
{
	size_t lo = 0, hi = tv->toks.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tv->toks.items[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Offset of the '}' closing the first '{' at or after offset; SIZE_MAX if none. */
static size_t close_after(const struct trivia *tv, size_t offset)
{
	size_t i = tok_index(tv, offset);
	while (i < tv->toks.len && tv->toks.items[i].kind != TOK_OPEN)
		i++;
	int depth = 0;
	for (; i < tv->toks.len; i++) {
		enum token_kind k = tv->toks.items[i].kind;
		if (k == TOK_OPEN)
			depth++;
		else if (k == TOK_CLOSE && --depth == 0)
			return tv->toks.items[i].offset;
	}
	return SIZE_MAX;
}

/* ---- printer state -------------------------------------------------------------- */

struct printer {
	struct strbuf *out;
	struct trivia *tv;        /* NULL: comments are not printed */
	struct arena scratch;     /* token text of spelling probes */
	struct diag_engine quiet; /* lexer complaints about rejected spellings */
	struct strbuf probe;
	unsigned probes;          /* since scratch and quiet were last emptied */
	bool want_blank;          /* an empty line is due before the next line */
	bool body_start;          /* no line printed yet in the current body */
	bool last_blank;          /* the last line printed is empty */
	bool last_commented;      /* the last line ends in a comment */
	size_t last_line;         /* offset in out of the last line; SIZE_MAX: none */
	size_t operand;           /* offset in out of the last expression operand printed */
	int level;                /* nesting level of the current line */
	bool unspellable;         /* some word has no spelling that reads back */
};

static void printer_init(struct printer *pr, struct strbuf *out, struct trivia *tv)
{
	memset(pr, 0, sizeof(*pr));
	pr->out = out;
	pr->tv = tv;
	arena_init(&pr->scratch);
	diag_init(&pr->quiet, NULL);
	strbuf_init(&pr->probe);
	pr->body_start = true;
	pr->last_line = SIZE_MAX;
}

static void printer_destroy(struct printer *pr)
{
	strbuf_release(&pr->probe);
	diag_destroy(&pr->quiet);
	arena_destroy(&pr->scratch);
}

static void put(struct printer *pr, const char *s)
{
	strbuf_addstr(pr->out, s);
}

static void put_text(struct printer *pr, const struct ast_word *w)
{
	if (w->text)
		strbuf_add(pr->out, w->text, w->len);
}

static void line_begin(struct printer *pr, int level)
{
	if (pr->want_blank && !pr->body_start && !pr->last_blank)
		strbuf_addch(pr->out, '\n');
	pr->want_blank = false;
	pr->body_start = false;
	pr->last_blank = false;
	pr->last_commented = false;
	pr->last_line = pr->out->len;
	pr->level = level;
	for (int i = 0; i < level * PRINTER_INDENT; i++)
		strbuf_addch(pr->out, ' ');
}

static void line_end(struct printer *pr)
{
	strbuf_addch(pr->out, '\n');
}

/* ---- comments ------------------------------------------------------------------- */

static void put_comment_text(struct printer *pr, const struct comment *c)
{
	const char *s = pr->tv->src->text + c->offset;
	/* '#include' at the start of a line is a directive, not a comment */
	if (c->len >= 8 && memcmp(s, "#include", 8) == 0) {
		put(pr, "# ");
		strbuf_add(pr->out, s + 1, c->len - 1);
		return;
	}
	strbuf_add(pr->out, s, c->len);
}

/* Append a comment to the last printed line, if that line can take it. */
static bool append_trailing(struct printer *pr, const struct comment *c)
{
	if (pr->last_line == SIZE_MAX || pr->last_blank || pr->last_commented ||
	    pr->out->len == 0 || pr->out->buf[pr->out->len - 1] != '\n')
		return false;
	pr->out->len--;   /* reopen the line */
	put(pr, " ");
	put_comment_text(pr, c);
	line_end(pr);
	pr->last_commented = true;
	return true;
}

/* Print the comments that lie before offset `before` in the source. */
static void flush_comments(struct printer *pr, size_t before, int level)
{
	struct trivia *tv = pr->tv;
	if (!tv)
		return;
	while (tv->next < tv->comments.len && tv->comments.items[tv->next].offset < before) {
		const struct comment *c = &tv->comments.items[tv->next++];
		if (c->trailing && append_trailing(pr, c))
			continue;
		if (c->blank_before)
			pr->want_blank = true;
		line_begin(pr, level);
		put_comment_text(pr, c);
		line_end(pr);
		pr->last_commented = true;
	}
}

/* Byte offset of a node's first token in the printed source; SIZE_MAX if unknown. */
static size_t node_offset(const struct printer *pr, const struct ast_node *n)
{
	const struct source_file *f = pr->tv ? pr->tv->src : NULL;
	if (!f || n->loc.file != f || n->loc.line == 0 || n->loc.line > f->nlines)
		return SIZE_MAX;
	return f->line_starts[n->loc.line - 1] + n->loc.col - 1;
}

/* Whether the source has an empty line right before the token at offset. */
static bool blank_before_offset(const struct printer *pr, size_t offset)
{
	if (!pr->tv || offset == SIZE_MAX)
		return false;
	size_t i = tok_index(pr->tv, offset);
	return i < pr->tv->toks.len && pr->tv->toks.items[i].offset == offset &&
	       pr->tv->toks.items[i].blank_before;
}

/* ---- spelling of words ------------------------------------------------------------ */

/*
 * Where a word is printed. Each place is a lexer mode, reproduced for the
 * probe by a prefix that puts a fresh lexer in that mode.
 */
enum wctx {
	W_LABEL,       /* paths, attachments: a name or a variable */
	W_LABEL_ID,    /* profile names without keyword, alias sources */
	W_SUBID,       /* after profile/hat/^ and after '->' */
	W_VALUE,       /* name=value */
	W_LIST,        /* (a, b) */
	W_LISTCOND,    /* peer=(name=value), xattrs=(name=value) */
	W_ASSIGN,      /* @{X} = values */
	W_NETWORK,     /* positional words of network rules */
	W_MOUNT,       /* positional words of mount rules */
	W_MQUEUE,      /* the queue name of mqueue rules */
	W_CP,          /* the exec condition of change_profile */
	W_EXPR,        /* operands in 'if' conditions */
	W_AEXPR,       /* operands in boolean assignments */
	W_GROUPNAME,   /* conditional names inside peer=(...) and xattrs=(...) */
	W_CAPABILITY,  /* capability names */
};

static const struct {
	const char *prefix;
	enum token_kind kind, alt;   /* token kinds the parser accepts there */
} probes[] = {
	[W_LABEL] = { "", TOK_ID, TOK_SET_VAR },
	[W_LABEL_ID] = { "", TOK_ID, TOK_ID },
	[W_SUBID] = { "profile ", TOK_ID, TOK_ID },
	[W_VALUE] = { "dbus path=", TOK_VALUE, TOK_VALUE },
	[W_LIST] = { "dbus bus=(", TOK_VALUE, TOK_VALUE },
	[W_LISTCOND] = { "dbus peer=(label=", TOK_VALUE, TOK_VALUE },
	[W_ASSIGN] = { "@{X}=", TOK_VALUE, TOK_VALUE },
	[W_NETWORK] = { "network ", TOK_ID, TOK_ID },
	[W_MOUNT] = { "mount ", TOK_ID, TOK_ID },
	[W_MQUEUE] = { "mqueue ", TOK_ID, TOK_ID },
	[W_CP] = { "change_profile ", TOK_ID, TOK_ID },
	[W_EXPR] = { "if ", TOK_ID, TOK_SET_VAR },
	[W_AEXPR] = { "${B} = ", TOK_ID, TOK_SET_VAR },
	[W_GROUPNAME] = { "dbus peer=(", TOK_CONDID, TOK_CONDID },
	[W_CAPABILITY] = { "capability ", TOK_ID, TOK_ID },
};

/*
 * Lex prefix+cand+suffix and return the first token that starts at or after
 * the candidate (false if the lexer fails before it).
 */
static bool probe_token(struct printer *pr, const char *prefix, const char *cand, size_t clen,
			const char *suffix, struct token *out)
{
	if (++pr->probes == 4096) {
		/* probes leave token text and rejected spellings' complaints behind */
		arena_destroy(&pr->scratch);
		arena_init(&pr->scratch);
		diag_destroy(&pr->quiet);
		diag_init(&pr->quiet, NULL);
		pr->probes = 0;
	}
	size_t plen = strlen(prefix);
	struct strbuf *b = &pr->probe;
	strbuf_reset(b);
	strbuf_addstr(b, prefix);
	strbuf_add(b, cand, clen);
	strbuf_addstr(b, suffix);
	strbuf_addch(b, '\n');
	size_t line0 = 0;
	struct source_file f = { .path = (char *)"<printer>", .text = b->buf, .len = b->len,
				 .line_starts = &line0, .nlines = 1 };
	struct lexer lx;
	lexer_init(&lx, &f, &pr->scratch, &pr->quiet);
	for (;;) {
		struct token t = lexer_next(&lx);
		if (t.kind == TOK_EOF || t.kind == TOK_ERROR)
			return false;
		if (t.offset >= plen) {
			*out = t;
			return true;
		}
	}
}

static bool token_is_word(const struct token *t, const struct ast_word *w)
{
	return t->len == w->len && memcmp(t->text, w->text, w->len) == 0;
}

/* Does cand, printed in place ctx and followed by suffix, read back as w? */
static bool reads_back(struct printer *pr, enum wctx ctx, const char *cand, size_t clen,
		       const char *suffix, const struct ast_word *w)
{
	struct token t;
	if (!clen || !probe_token(pr, probes[ctx].prefix, cand, clen, suffix, &t))
		return false;
	return t.offset == strlen(probes[ctx].prefix) && t.raw_len == clen &&
	       (t.kind == probes[ctx].kind || t.kind == probes[ctx].alt) && token_is_word(&t, w);
}

/* A quoted word ending in an odd run of backslashes would swallow its closing quote. */
static bool ends_in_escape(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[len - 1 - n] == '\\')
		n++;
	return n % 2 == 1;
}

/*
 * Append the quoted spelling of a decoded word. Backslash pairs are copied:
 * in decoded text they are escapes the pattern language keeps (\* \{ \\ ...)
 * or escapes the lexer did not know, and it leaves both as they are.
 */
static void quote_into(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' && i + 1 < len && s[i + 1] != '"') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, s[++i]);
		} else if (c == '"') {
			strbuf_addstr(sb, "\\\"");
		} else if (c == '\n') {
			strbuf_addstr(sb, "\\n");
		} else if (c == '\t') {
			strbuf_addstr(sb, "\\t");
		} else if (c == '\r') {
			strbuf_addstr(sb, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(sb, "\\%03o", c);
		} else {
			strbuf_addch(sb, (char)c);
		}
	}
	strbuf_addch(sb, '"');
}

/* Control characters are spelled as escapes, inside quotes, to be visible. */
static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

/* The word as it was written, if its source is at hand. */
static bool raw_spelling(const struct ast_word *w, const char **s, size_t *len)
{
	const struct source_file *f = w->loc.file;
	if (!f || w->loc.line == 0 || w->loc.line > f->nlines || !w->loc.len)
		return false;
	size_t off = f->line_starts[w->loc.line - 1] + w->loc.col - 1;
	if (off + w->loc.len > f->len)
		return false;
	*s = f->text + off;
	*len = w->loc.len;
	return true;
}

/*
 * Print a word in place ctx, followed (in the output) by suffix. The bare
 * word if it reads back, else quoted, else as the author wrote it.
 */
static void put_word(struct printer *pr, const struct ast_word *w, enum wctx ctx,
		     const char *suffix)
{
	if (!w->text)
		return;
	if (!has_control(w->text, w->len) && reads_back(pr, ctx, w->text, w->len, suffix, w)) {
		put_text(pr, w);
		return;
	}
	struct strbuf q = STRBUF_INIT;
	quote_into(&q, w->text, w->len);
	if (!ends_in_escape(w->text, w->len) && reads_back(pr, ctx, q.buf, q.len, suffix, w)) {
		strbuf_add(pr->out, q.buf, q.len);
		strbuf_release(&q);
		return;
	}
	const char *raw;
	size_t rawlen;
	if (raw_spelling(w, &raw, &rawlen) && reads_back(pr, ctx, raw, rawlen, suffix, w)) {
		strbuf_add(pr->out, raw, rawlen);
	} else {
		/* nothing reads back in this place (a name like 'r' where a path is due) */
		pr->unspellable = true;
		strbuf_add(pr->out, q.buf, q.len);
	}
	strbuf_release(&q);
}

/* Words separated by sep, the last one followed by last_suffix. */
static void put_words(struct printer *pr, const struct ast_words *ws, enum wctx ctx,
		      const char *sep, const char *last_suffix)
{
	for (size_t i = 0; i < ws->n; i++) {
		bool last = i + 1 == ws->n;
		put_word(pr, &ws->items[i], ctx, last ? last_suffix : sep);
		if (!last)
			put(pr, sep);
	}
}

/* ( a, b ) */
static void put_list(struct printer *pr, const struct ast_words *ws)
{
	put(pr, "(");
	put_words(pr, ws, W_LIST, ", ", ")");
	put(pr, ")");
}

/* ---- include and abi names ----------------------------------------------------------- */

/* Does `text` (a whole include directive) read back as the directive of n? */
static bool include_reads_back(struct printer *pr, const char *text, size_t len,
			       const struct ast_node *n)
{
	struct token t;
	if (!probe_token(pr, "", text, len, "", &t))
		return false;
	return t.kind == TOK_INCLUDE && t.offset == 0 && t.raw_len == len &&
	       t.include_search == n->u.include.search &&
	       t.include_if_exists == n->u.include.if_exists && token_is_word(&t, &n->u.include.name);
}

/* Append to sb a spelling of name: <name> / "name" (or <"name"> when needed). */
static void name_spelling(struct strbuf *sb, const struct ast_word *w, bool search, bool quoted)
{
	if (search)
		strbuf_addch(sb, '<');
	if (quoted || !search)
		quote_into(sb, w->text, w->len);
	else
		strbuf_add(sb, w->text, w->len);
	if (search)
		strbuf_addch(sb, '>');
}

/* include <name>, else include <"name">, else the directive as written. */
static void print_include(struct printer *pr, const struct ast_node *n)
{
	const struct ast_word *w = &n->u.include.name;
	const char *kw = n->u.include.if_exists ? "include if exists " : "include ";
	struct strbuf sb = STRBUF_INIT;
	for (int attempt = 0; attempt < 2; attempt++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, kw);
		name_spelling(&sb, w, n->u.include.search, attempt == 1);
		if (include_reads_back(pr, sb.buf, sb.len, n)) {
			strbuf_add(pr->out, sb.buf, sb.len);
			strbuf_release(&sb);
			return;
		}
	}
	const char *raw;
	size_t rawlen;   /* the location of an include word spans the directive */
	if (raw_spelling(w, &raw, &rawlen) && include_reads_back(pr, raw, rawlen, n)) {
		strbuf_add(pr->out, raw, rawlen);
	} else {
		pr->unspellable = true;
		strbuf_add(pr->out, sb.buf, sb.len);
	}
	strbuf_release(&sb);
}

/* abi <name>, / abi "name", */
static bool abi_reads_back(struct printer *pr, const char *name, size_t len,
			   const struct ast_node *n)
{
	struct token t;
	if (!probe_token(pr, "abi ", name, len, ",", &t))
		return false;
	enum token_kind want = n->u.abi.search ? TOK_ID : TOK_VALUE;
	return t.kind == want && t.include_search == n->u.abi.search &&
	       token_is_word(&t, &n->u.abi.name) && t.offset + t.raw_len <= 4 + len;
}

static void print_abi(struct printer *pr, const struct ast_node *n)
{
	struct strbuf sb = STRBUF_INIT;
	bool spelled = false;
	for (int attempt = 0; attempt < 2 && !spelled; attempt++) {
		strbuf_reset(&sb);
		name_spelling(&sb, &n->u.abi.name, n->u.abi.search, attempt == 1);
		spelled = abi_reads_back(pr, sb.buf, sb.len, n);
	}
	if (!spelled)
		pr->unspellable = true;
	put(pr, "abi ");
	strbuf_add(pr->out, sb.buf, sb.len);
	put(pr, ",");
	strbuf_release(&sb);
}

/* ---- conditions ------------------------------------------------------------------------ */

/*
 * A conditional named peer or xattrs with a parenthesized value list reads
 * as a group (peer=(...)) unless '=' and '(' are on different lines.
 */
static bool looks_like_group(const struct ast_cond *c)
{
	return c->op == COND_EQ && (c->paren || c->values.n != 1) &&
	       ((c->name.len == 4 && memcmp(c->name.text, "peer", 4) == 0) ||
		(c->name.len == 6 && memcmp(c->name.text, "xattrs", 6) == 0));
}

static void put_cond(struct printer *pr, const struct ast_cond *c, bool in_group,
		     const char *suffix)
{
	if (in_group)
		put_word(pr, &c->name, W_GROUPNAME, c->op == COND_BARE ? " " : "=");
	else
		put_text(pr, &c->name);   /* a plain name: letters, digits, '_' */
	switch (c->op) {
	case COND_BARE:
		return;
	case COND_IN:
		put(pr, " in ");
		put_list(pr, &c->values);
		return;
	case COND_EQ:
		break;
	}
	put(pr, "=");
	if (in_group) {
		/* inside a group, a value list is space separated and its parentheses optional */
		if (c->values.n == 1) {
			put_word(pr, &c->values.items[0], W_LISTCOND, suffix);
		} else {
			put(pr, "(");
			put_words(pr, &c->values, W_LISTCOND, " ", ")");
			put(pr, ")");
		}
	} else if (c->paren || c->values.n != 1) {
		if (looks_like_group(c)) {
			line_end(pr);   /* continuation line, deeper than the rule */
			for (int i = 0; i < (pr->level + 2) * PRINTER_INDENT; i++)
				strbuf_addch(pr->out, ' ');
		}
		put_list(pr, &c->values);
	} else {
		put_word(pr, &c->values.items[0], W_VALUE, suffix);
	}
}

/* Conditionals, each preceded by a space. */
static void put_conds(struct printer *pr, const struct ast_conds *cs, const char *last_suffix)
{
	for (size_t i = 0; i < cs->n; i++) {
		put(pr, " ");
		put_cond(pr, &cs->items[i], false, i + 1 == cs->n ? last_suffix : " ");
	}
}

/* peer=( ... ) / xattrs=( ... ) */
static void put_group(struct printer *pr, const struct ast_word *name, const struct ast_conds *cs)
{
	put(pr, " ");
	put_text(pr, name);
	put(pr, "=(");
	for (size_t i = 0; i < cs->n; i++) {
		if (i)
			put(pr, " ");
		put_cond(pr, &cs->items[i], true, i + 1 == cs->n ? ")" : " ");
	}
	put(pr, ")");
}

/* ---- expressions ------------------------------------------------------------------------ */

static int expr_prec(enum ast_expr_op op)
{
	switch (op) {
	case EXPR_OR: return 1;
	case EXPR_AND: return 2;
	case EXPR_NOT: return 3;
	default: return 4;
	}
}

static const char *cmp_op(enum ast_expr_op op)
{
	switch (op) {
	case EXPR_EQ: return "==";
	case EXPR_NE: return "!=";
	case EXPR_IN: return "in";
	case EXPR_GT: return ">";
	case EXPR_GE: return ">=";
	case EXPR_LT: return "<";
	case EXPR_LE: return "<=";
	default: return "?";
	}
}

static void put_expr(struct printer *pr, const struct ast_expr *e, enum wctx ctx);

/*
 * Close a parenthesis after the last operand. Some words take a ')' that
 * follows them into themselves (a variable followed by ')' reads as a path),
 * so the lexer is asked, and a space keeps them apart when needed.
 */
static void close_paren(struct printer *pr, enum wctx ctx)
{
	const char *word = pr->out->buf + pr->operand;
	size_t len = pr->out->len - pr->operand;
	struct token t;
	bool apart = probe_token(pr, probes[ctx].prefix, word, len, ")", &t) &&
		     t.raw_len == len;
	put(pr, apart ? ")" : " )");
}

/*
 * A child at the precedence of its parent needs parentheses on the right
 * (the grammar is left associative), a looser child always.
 */
static void put_subexpr(struct printer *pr, const struct ast_expr *e, int parent, bool right,
			enum wctx ctx)
{
	int p = expr_prec(e->op);
	bool paren = p < parent || (right && p == parent && p < 3);
	if (paren)
		put(pr, "(");
	put_expr(pr, e, ctx);
	if (paren)
		close_paren(pr, ctx);
}

static void put_expr(struct printer *pr, const struct ast_expr *e, enum wctx ctx)
{
	switch (e->op) {
	case EXPR_OR:
	case EXPR_AND:
		put_subexpr(pr, e->left, expr_prec(e->op), false, ctx);
		put(pr, e->op == EXPR_OR ? " or " : " and ");
		put_subexpr(pr, e->right, expr_prec(e->op), true, ctx);
		return;
	case EXPR_NOT:
		put(pr, "not ");
		put_subexpr(pr, e->left, expr_prec(EXPR_NOT), false, ctx);
		return;
	case EXPR_BOOL_VAR:
		pr->operand = pr->out->len;
		put_text(pr, &e->a);
		return;
	case EXPR_DEFINED:
		put(pr, "defined ");
		pr->operand = pr->out->len;
		put_text(pr, &e->a);
		return;
	case EXPR_VALUE:
		pr->operand = pr->out->len;
		put_word(pr, &e->a, ctx, " ");
		return;
	default:
		put_word(pr, &e->a, ctx, " ");
		put(pr, " ");
		put(pr, cmp_op(e->op));
		put(pr, " ");
		pr->operand = pr->out->len;
		put_word(pr, &e->b, ctx, " ");
		return;
	}
}

/* ---- rules ----------------------------------------------------------------------------- */

static void put_prefix(struct printer *pr, const struct ast_prefix *px)
{
	if (px->has_priority)
		strbuf_addf(pr->out, "priority=%ld ", px->priority);
	if (px->audit)
		put(pr, "audit ");
	switch (px->mode) {
	case RULE_MODE_ALLOW: put(pr, "allow "); break;
	case RULE_MODE_DENY: put(pr, "deny "); break;
	case RULE_MODE_PROMPT: put(pr, "prompt "); break;
	case RULE_MODE_UNSPEC: break;
	}
	switch (px->owner) {
	case OWNER_OWNER: put(pr, "owner "); break;
	case OWNER_OTHER: put(pr, "other "); break;
	case OWNER_UNSPEC: break;
	}
}

static void put_exec_mode(struct printer *pr, enum ast_exec_mode m)
{
	if (m == EXEC_MODE_SAFE)
		put(pr, "safe ");
	else if (m == EXEC_MODE_UNSAFE)
		put(pr, "unsafe ");
}

/* ' -> target' ahead of the rule's ',' */
static void put_target(struct printer *pr, const struct ast_word *target)
{
	if (!target->text)
		return;
	put(pr, " -> ");
	put_word(pr, target, W_SUBID, ",");
}

static void print_file(struct printer *pr, const struct ast_node *n)
{
	if (n->u.file.file_keyword)
		put(pr, n->u.file.bare ? "file" : "file ");
	if (n->u.file.bare)
		return;
	put_exec_mode(pr, n->u.file.exec_mode);
	if (n->u.file.perms_first) {
		put_text(pr, &n->u.file.perms);
		put(pr, n->u.file.subset ? " subset " : " ");
		put_word(pr, &n->u.file.path, W_LABEL, n->u.file.target.text ? " " : ",");
	} else {
		put_word(pr, &n->u.file.path, W_LABEL, " ");
		put(pr, " ");
		put_text(pr, &n->u.file.perms);
	}
	put_target(pr, &n->u.file.target);
}

static void print_link(struct printer *pr, const struct ast_node *n)
{
	put(pr, n->u.file.subset ? "link subset " : "link ");
	put_word(pr, &n->u.file.path, W_LABEL, " ");
	put_target(pr, &n->u.file.target);
}

static void print_change_profile(struct printer *pr, const struct ast_node *n)
{
	put(pr, "change_profile");
	if (n->u.change_profile.exec_mode != EXEC_MODE_NONE) {
		put(pr, " ");
		put(pr, n->u.change_profile.exec_mode == EXEC_MODE_SAFE ? "safe" : "unsafe");
	}
	if (n->u.change_profile.exec.text) {
		put(pr, " ");
		put_word(pr, &n->u.change_profile.exec, W_CP,
			 n->u.change_profile.target.text ? " " : ",");
	}
	put_target(pr, &n->u.change_profile.target);
}

static void print_capability(struct printer *pr, const struct ast_node *n)
{
	put(pr, "capability");
	if (n->u.capability.names.n)
		put(pr, " ");
	put_words(pr, &n->u.capability.names, W_CAPABILITY, " ", ",");
}

static const char *class_keyword(enum ast_kind k)
{
	switch (k) {
	case AST_NETWORK: return "network";
	case AST_UNIX: return "unix";
	case AST_DBUS: return "dbus";
	case AST_SIGNAL: return "signal";
	case AST_PTRACE: return "ptrace";
	case AST_MOUNT: return "mount";
	case AST_REMOUNT: return "remount";
	case AST_UMOUNT: return "umount";
	case AST_PIVOT_ROOT: return "pivot_root";
	case AST_USERNS: return "userns";
	case AST_MQUEUE: return "mqueue";
	case AST_IO_URING: return "io_uring";
	default: return "?";
	}
}

/* The lexer mode of a class rule's positional words. */
static enum wctx class_id_ctx(enum ast_kind k)
{
	switch (k) {
	case AST_NETWORK: return W_NETWORK;
	case AST_MQUEUE: return W_MQUEUE;
	case AST_PIVOT_ROOT: return W_LABEL;
	default: return W_MOUNT;
	}
}

/* What follows the positional words: conditionals, a group, '->' or ','. */
static const char *after_ids(const struct ast_node *n, bool conds_follow)
{
	if (conds_follow && n->u.cls.conds.n)
		return " ";
	if (n->u.cls.list_name.text || n->u.cls.has_arrow)
		return " ";
	return ",";
}

static void put_ids(struct printer *pr, const struct ast_node *n, bool conds_follow)
{
	for (size_t i = 0; i < n->u.cls.ids.n; i++) {
		put(pr, " ");
		bool last = i + 1 == n->u.cls.ids.n;
		put_word(pr, &n->u.cls.ids.items[i], class_id_ctx(n->kind),
			 last ? after_ids(n, conds_follow) : " ");
	}
}

static void put_class_perms(struct printer *pr, const struct ast_node *n)
{
	if (n->u.cls.perms_paren) {
		put(pr, " ");
		put_list(pr, &n->u.cls.perms);
		return;
	}
	for (size_t i = 0; i < n->u.cls.perms.n; i++) {
		put(pr, " ");
		put_text(pr, &n->u.cls.perms.items[i]);   /* a keyword or permission letters */
	}
}

/* -> [conditionals] destination */
static void put_class_arrow(struct printer *pr, const struct ast_node *n)
{
	if (!n->u.cls.has_arrow)
		return;
	put(pr, " ->");
	put_conds(pr, &n->u.cls.dst_conds, " ");
	put(pr, " ");
	put_word(pr, &n->u.cls.dst, n->kind == AST_PIVOT_ROOT ? W_SUBID : W_MOUNT, ",");
}

static void print_class(struct printer *pr, const struct ast_node *n)
{
	put(pr, class_keyword(n->kind));
	put_class_perms(pr, n);
	bool ids_first = n->kind == AST_NETWORK;
	if (ids_first)
		put_ids(pr, n, true);
	bool more = n->u.cls.list_name.text || n->u.cls.has_arrow || (!ids_first && n->u.cls.ids.n);
	put_conds(pr, &n->u.cls.conds, more ? " " : ",");
	if (!ids_first)
		put_ids(pr, n, false);
	if (n->u.cls.list_name.text)
		put_group(pr, &n->u.cls.list_name, &n->u.cls.list_conds);
	put_class_arrow(pr, n);
}

static void print_rlimit(struct printer *pr, const struct ast_node *n)
{
	put(pr, "set rlimit ");
	put_text(pr, &n->u.rlimit.name);
	put(pr, " <= ");
	put_text(pr, &n->u.rlimit.value);
	put_text(pr, &n->u.rlimit.unit);
}

static const char *assign_op(enum ast_assign_op op)
{
	switch (op) {
	case ASSIGN_ADD: return "+=";
	case ASSIGN_COND: return "?=";
	case ASSIGN_OVERRIDE: return ":=";
	case ASSIGN_SET: break;
	}
	return "=";
}

static void print_var(struct printer *pr, const struct ast_node *n)
{
	put_text(pr, &n->u.var.name);
	put(pr, " ");
	put(pr, assign_op(n->u.var.op));
	put(pr, " ");
	if (n->kind == AST_BOOL_VAR)
		put_expr(pr, n->u.var.expr, W_AEXPR);
	else
		put_words(pr, &n->u.var.values, W_ASSIGN, " ", "");
}

static void print_alias(struct printer *pr, const struct ast_node *n)
{
	put(pr, "alias ");
	put_word(pr, &n->u.alias.from, W_LABEL_ID, " ");
	put(pr, " -> ");
	put_word(pr, &n->u.alias.to, W_SUBID, ",");
	put(pr, ",");
}

/* The text of a one-line item, without indentation and line end. */
static void print_simple(struct printer *pr, const struct ast_node *n)
{
	put_prefix(pr, &n->prefix);
	switch (n->kind) {
	case AST_INCLUDE: print_include(pr, n); return;
	case AST_ABI: print_abi(pr, n); return;
	case AST_SET_VAR:
	case AST_BOOL_VAR: print_var(pr, n); return;
	case AST_ALIAS: print_alias(pr, n); return;
	case AST_FILE: print_file(pr, n); break;
	case AST_LINK: print_link(pr, n); break;
	case AST_CHANGE_PROFILE: print_change_profile(pr, n); break;
	case AST_CAPABILITY: print_capability(pr, n); break;
	case AST_ALL: put(pr, "all"); break;
	case AST_RLIMIT: print_rlimit(pr, n); break;
	default: print_class(pr, n); break;
	}
	put(pr, ",");
}

/* ---- structure ----------------------------------------------------------------------- */

static void print_items(struct printer *pr, const struct ast_node *items, int level);
static void print_item(struct printer *pr, const struct ast_node *n, int level);

/* After a '{' line: the items, the comments before the '}', the '}' line's indentation. */
static void print_body(struct printer *pr, const struct ast_node *body, int level, size_t close)
{
	pr->body_start = true;
	print_items(pr, body, level + 1);
	if (close != SIZE_MAX)
		flush_comments(pr, close, level + 1);
	pr->want_blank = false;
	line_begin(pr, level);
}

static void print_profile_header(struct printer *pr, const struct ast_node *n)
{
	const struct ast_word *name = &n->u.profile.name;
	switch (n->u.profile.keyword) {
	case 1:
		put(pr, "profile ");
		put_word(pr, name, W_SUBID, " ");
		break;
	case 2:
		put(pr, "^");
		put_word(pr, name, W_SUBID, " ");
		break;
	default:
		put_word(pr, name, W_LABEL_ID, " ");
		break;
	}
	if (n->u.profile.attach.text) {
		put(pr, " ");
		put_word(pr, &n->u.profile.attach, W_LABEL, " ");
	}
	if (n->u.profile.has_xattrs)
		put_group(pr, &(struct ast_word){ .text = "xattrs", .len = 6 }, &n->u.profile.xattrs);
	if (n->u.profile.identities.n) {
		put(pr, " +identities=");
		put_list(pr, &n->u.profile.identities);
	}
	if (n->u.profile.has_flags) {
		put(pr, " flags=");
		put_list(pr, &n->u.profile.flags);
	}
	put(pr, " {");
}

static void print_profile(struct printer *pr, const struct ast_node *n, int level)
{
	size_t start = node_offset(pr, n);
	line_begin(pr, level);
	print_profile_header(pr, n);
	line_end(pr);
	size_t close = pr->tv && start != SIZE_MAX ? close_after(pr->tv, start) : SIZE_MAX;
	print_body(pr, n->u.profile.body, level, close);
	put(pr, "}");
	line_end(pr);
}

static void print_block(struct printer *pr, const struct ast_node *n, int level)
{
	size_t start = node_offset(pr, n);
	line_begin(pr, level);
	put_prefix(pr, &n->prefix);
	put(pr, "{");
	line_end(pr);
	size_t close = pr->tv && start != SIZE_MAX ? close_after(pr->tv, start) : SIZE_MAX;
	print_body(pr, n->u.block.body, level, close);
	put(pr, "}");
	line_end(pr);
}

/* 'if' chains: the caller has begun the line (and written '} else ' for an else-if). */
static void print_if_chain(struct printer *pr, const struct ast_node *n, int level)
{
	size_t start = node_offset(pr, n);
	put(pr, "if ");
	put_expr(pr, n->u.cond.cond, W_EXPR);
	put(pr, " {");
	line_end(pr);
	size_t close = pr->tv && start != SIZE_MAX ? close_after(pr->tv, start) : SIZE_MAX;
	print_body(pr, n->u.cond.then_body, level, close);
	put(pr, "}");
	if (!n->u.cond.has_else) {
		line_end(pr);
		return;
	}
	if (n->u.cond.else_is_if) {
		put(pr, " else ");
		print_if_chain(pr, n->u.cond.else_body, level);
		return;
	}
	put(pr, " else {");
	line_end(pr);
	size_t else_close = close != SIZE_MAX ? close_after(pr->tv, close + 1) : SIZE_MAX;
	print_body(pr, n->u.cond.else_body, level, else_close);
	put(pr, "}");
	line_end(pr);
}

static void print_item(struct printer *pr, const struct ast_node *n, int level)
{
	switch (n->kind) {
	case AST_PROFILE:
		print_profile(pr, n, level);
		return;
	case AST_BLOCK:
		print_block(pr, n, level);
		return;
	case AST_IF:
		line_begin(pr, level);
		print_if_chain(pr, n, level);
		return;
	default:
		line_begin(pr, level);
		print_simple(pr, n);
		line_end(pr);
		return;
	}
}

/* Profiles (hats, child profiles) are set apart from their neighbours by an empty line. */
static bool separated(const struct ast_node *prev, const struct ast_node *n)
{
	return prev && (prev->kind == AST_PROFILE || n->kind == AST_PROFILE);
}

/*
 * The items of one list. header_level: the indentation of the comments
 * before the first item (a file's header comments stay at the margin even
 * when the file's rules are indented).
 */
static void print_item_list(struct printer *pr, const struct ast_node *items, int level,
			    int header_level)
{
	const struct ast_node *prev = NULL;
	for (const struct ast_node *n = items; n; prev = n, n = n->next) {
		size_t start = node_offset(pr, n);
		if (separated(prev, n))
			pr->want_blank = true;
		if (start != SIZE_MAX)
			flush_comments(pr, start, prev ? level : header_level);
		if (blank_before_offset(pr, start))
			pr->want_blank = true;
		print_item(pr, n, level);
	}
}

static void print_items(struct printer *pr, const struct ast_node *items, int level)
{
	print_item_list(pr, items, level, level);
}

/* ---- entry points ---------------------------------------------------------------------- */

bool printer_print_unit(const struct ast_unit *u, const struct printer_options *opts,
			struct strbuf *out)
{
	struct trivia tv;
	bool comments = opts && opts->comments && u->src;
	if (comments)
		trivia_init(&tv, u->src);
	struct printer pr;
	printer_init(&pr, out, comments ? &tv : NULL);
	/* a profile body (an include file) is indented as it is inside a profile */
	int level = u->body ? 1 : 0;
	print_item_list(&pr, u->items, level, 0);
	flush_comments(&pr, SIZE_MAX, u->items ? level : 0);
	bool ok = !pr.unspellable;
	printer_destroy(&pr);
	if (comments)
		trivia_destroy(&tv);
	return ok;
}

bool printer_print_node(const struct ast_node *n, int level, struct strbuf *out)
{
	struct printer pr;
	printer_init(&pr, out, NULL);
	print_item(&pr, n, level);
	bool ok = !pr.unspellable;
	printer_destroy(&pr);
	return ok;
}
