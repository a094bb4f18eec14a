/*
 * lexer: turns the text of one source file into tokens of the profile language.
 *
 * Owns the scanning of one source_file: position, line tracking and the stack of
 * lexical modes. The language is context sensitive (a word after 'network' or
 * inside 'peer=(...)' is scanned differently than a path), so, like upstream's
 * scanner, the lexer switches modes itself when it sees the keywords and
 * punctuation that open a context; at each position it takes the longest match
 * among the patterns of the current mode, ties going to the pattern listed
 * first. Token text is stored in the caller's arena with quotes removed and
 * escape sequences decoded (characters special to patterns stay escaped).
 *
 * The lexer does not open include files: it returns TOK_INCLUDE with the file
 * name, and the parser decides what to do with it.
 */
#ifndef CONFINE_LANG_LEXER_H
#define CONFINE_LANG_LEXER_H

#include "lang/token.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"

#include <stdbool.h>
#include <stddef.h>

struct token {
	enum token_kind kind;
	const char *text;        /* processed text (NUL-terminated), never NULL */
	size_t len;              /* length of text (it may contain NUL bytes) */
	struct source_loc loc;   /* start of the token, length of its raw text */
	size_t offset;           /* byte offset of the raw text in the source */
	size_t raw_len;          /* length of the raw text */
	/* TOK_INCLUDE / abi names: */
	bool include_search;     /* <name>: search the include path */
	bool include_if_exists;  /* 'include if exists' */
	bool pound_include;      /* written '#include' */
	bool quoted;             /* the token was a quoted string */
};

#define LEXER_MAX_DEPTH 256

struct lexer {
	const struct source_file *src;
	const char *start;       /* first byte of the text */
	const char *p;           /* current position */
	const char *end;
	struct arena *arena;
	struct diag_engine *diag;
	int state;
	int stack[LEXER_MAX_DEPTH];
	int depth;
	unsigned errors;         /* errors reported by the lexer */
};

void lexer_init(struct lexer *lx, const struct source_file *src, struct arena *arena,
		struct diag_engine *diag);
/* The next token; TOK_EOF at the end (repeatedly). */
struct token lexer_next(struct lexer *lx);

/*
 * Decode escape sequences in a word as the language does: \n \t \r \a \e \f,
 * \\ \" , octal \ooo, hex \xHH, decimal \dNNN. Characters special to AppArmor
 * patterns (* ? [ ] { } ^ , \) stay escaped so the pattern converter sees them
 * as literals; unknown escapes keep their backslash.
 */
char *lang_unescape(struct arena *a, const char *s, size_t len, size_t *outlen);

#endif
