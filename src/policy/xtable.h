/*
 * xtable: a profile's table of named exec transitions ("px -> name",
 * "cx -> child"), as upstream's add_named_transition fills it.
 *
 * Owns which name a transition designates and which exec index it gets:
 * 3 (the local child) when the name is the rule's own path, otherwise slot
 * 4 + n of the table (at most 12 names, each listed once, in order of first
 * use). Used by the exec-conflict check (policy/check_exec.c) and by the
 * compiler (compile/lower_file.c), so both agree on every index.
 */
#ifndef CONFINE_POLICY_XTABLE_H
#define CONFINE_POLICY_XTABLE_H

#include "support/arena.h"

#include <stdbool.h>
#include <stdint.h>

#define XTABLE_FIRST_INDEX 4u
#define XTABLE_MAX 12u

/* Whether a label names a namespace (":ns:name", "&:ns:name"). */
bool xtable_label_has_ns(const char *label);

/*
 * The slot index (4 + n) of name in the table names[0 .. *n) (room for
 * XTABLE_MAX), adding it when new; 0 when the table is full.
 */
unsigned xtable_add(const char **names, unsigned *n, const char *name);

/*
 * The exec index of "path letters -> target" in profile pname (the name
 * under which 'cx -> child' targets are qualified: pname//child), adding
 * the name to the table names[0 .. *n) (room for XTABLE_MAX) when new.
 * Returns 0 when the table is full (the caller reports it).
 */
unsigned xtable_named_index(const char **names, unsigned *n, struct arena *a, const char *pname,
			    const char *target, const char *path, uint32_t letters);

#endif
