/*
 * check_exec: the pattern syntax check of check_exec.c, shared with the
 * per-rule checks (check_file.c) which hold the variable-expanded text.
 */
#ifndef CONFINE_POLICY_CHECK_EXEC_H
#define CONFINE_POLICY_CHECK_EXEC_H

#include "policy/check.h"

/*
 * Report (at w) a pattern that the glob converter rejects, as upstream does:
 * unbalanced braces or brackets, an alternation with a single choice, a
 * trailing backslash, an empty or reversed class. text is w's text with
 * variables expanded. Returns false after reporting.
 */
bool check_pattern_syntax(struct check_ctx *cx, const struct ast_word *w, const char *text);

#endif
