/*
 * printer: an AST (ast.h) back to canonical profile-language text.
 *
 * Owns the canonical layout of the language, which `confine fmt` writes:
 *   - indentation of two spaces per nesting level (profiles, hats, child
 *     profiles, rule blocks, conditionals); no tabs;
 *   - one item per line: every rule, include, variable assignment and
 *     profile header on its own line; closing braces on their own line;
 *   - qualifiers in the order priority=N audit allow|deny|prompt owner|other
 *     ('user' is written 'owner', '#include' is written 'include');
 *   - a word is quoted only when it has to be: the printer asks the lexer
 *     whether the bare spelling reads back as the same word in that place
 *     (whitespace, quotes, a keyword where a name is expected, ...); a
 *     quoted word escapes '"', control characters and newlines;
 *   - lists in parentheses are written "(a, b)"; inside peer=(...) and
 *     xattrs=(...) groups, conditionals and their values are separated by
 *     spaces, as the language requires there;
 *   - the one exception to one line per rule: a conditional named peer or
 *     xattrs with a value list (not a group) is written with its '(' on a
 *     continuation line, the only spelling the lexer does not read as a group;
 *   - hats are written ^name (the tree does not keep 'hat name');
 *   - a blank line separates top-level profiles from what surrounds them, and
 *     hats/child profiles from their sibling rules;
 *   - a profile body parsed on its own (an include file such as an
 *     abstraction) is indented one level, as it reads inside a profile; the
 *     comments before its first item (the file's header) stay at the margin.
 *
 * Everything with meaning is kept: includes (<x>, "x", if exists), abi,
 * aliases, variable and boolean assignments (=, +=, ?=, :=), conditionals
 * with their expressions (parenthesized where the tree needs it), profile
 * headers (keyword, name, attachment, xattrs, identities, flags) and every
 * rule class with its prefix. The tree is printed as written: includes are
 * not expanded and variables not substituted.
 *
 * Comments are not part of the AST. With printer_options.comments the
 * printer re-reads the unit's source to recover them (and single blank lines
 * between items): a comment alone on its line is printed before the item that
 * follows it, at that item's indentation; a comment after code on a line is
 * appended to the printed line of the item it follows; comments before a
 * closing brace stay inside that body. Without the option comments are
 * dropped. Either way the output parses back to an equal tree (ast_equal.h)
 * and printing is idempotent.
 */
#ifndef CONFINE_LANG_PRINTER_H
#define CONFINE_LANG_PRINTER_H

#include "lang/ast.h"
#include "support/strbuf.h"

#include <stdbool.h>

#define PRINTER_INDENT 2   /* spaces per nesting level */

struct printer_options {
	bool comments;   /* keep the comments and blank lines of u->src */
};

/*
 * Append the canonical text of a whole unit (top level or profile body) to
 * out. Returns false if some word has no spelling that reads back as itself
 * where it stands (a tree no source could have produced, or an odd corner
 * such as a profile named 'r' without the 'profile' keyword); the text then
 * holds a best-effort spelling and must not replace the original.
 */
bool printer_print_unit(const struct ast_unit *u, const struct printer_options *opts,
			struct strbuf *out);

/*
 * Append the canonical text of one item (a rule, include, assignment, or a
 * profile/block/conditional with everything inside it) at the given nesting
 * level, each line ending in '\n'. Without comments. Returns false as
 * printer_print_unit does.
 */
bool printer_print_node(const struct ast_node *n, int level, struct strbuf *out);

#endif
