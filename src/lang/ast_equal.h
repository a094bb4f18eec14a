/*
 * ast_equal: whether two syntax trees say the same thing.
 *
 * Owns the notion of "the same tree" used by the printer's round-trip tests
 * and `confine fmt`: same node kinds in the same order, same structure
 * (profiles, blocks, conditionals, expression trees), same prefixes and the
 * same decoded text of every word. Ignored, because they only record how
 * something was spelled: source locations, whether a word was quoted, which
 * token kind carried a word (a path that is a lone variable vs. a name),
 * '#include' vs 'include', 'user' vs 'owner' (the tree does not keep that
 * one), and whether a single value inside a peer=(...)/xattrs=(...) group was
 * parenthesized (the parser cannot tell).
 */
#ifndef CONFINE_LANG_AST_EQUAL_H
#define CONFINE_LANG_AST_EQUAL_H

#include "lang/ast.h"
#include "support/strbuf.h"

#include <stdbool.h>

/* Item lists (and everything below them). */
bool ast_items_equal(const struct ast_node *a, const struct ast_node *b);

/*
 * Units: their item lists. When why is not NULL and the units differ, a
 * description of the first difference is appended to it
 * ("item 3 (file rule) > path: '/a' vs '/b'").
 */
bool ast_unit_equal(const struct ast_unit *a, const struct ast_unit *b, struct strbuf *why);

#endif
