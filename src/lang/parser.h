/*
 * parser: profile-language tokens to an AST (ast.h), one source file at a time.
 *
 * Owns the grammar: which constructs may appear where, and the syntax errors
 * ("expected ',' after the permissions"). It does not open include files,
 * expand variables or judge whether a rule makes sense (resolver and policy
 * checks do); it records what was written. A file is parsed either as top
 * level (preamble and profiles) or as a profile body (rules, hats, child
 * profiles), because an include file is text inserted where the directive
 * stands. Parsing stops at the first syntax error of a file.
 */
#ifndef CONFINE_LANG_PARSER_H
#define CONFINE_LANG_PARSER_H

#include "lang/ast.h"
#include "support/arena.h"
#include "support/diag.h"

#define PARSER_MAX_NESTING 64   /* profiles/blocks/conditionals within each other */

/* Parse src; returns the unit (never NULL; unit->ok false after a syntax error). */
struct ast_unit *parse_unit(struct arena *arena, struct diag_engine *diag,
			    const struct source_file *src, bool body);

#endif
