/*
 * resolve: from parsed files to the policy model (policy/policy.h).
 *
 * Owns the meaning of the preamble and of profile structure: include
 * expansion (with cycle detection and upstream's "an include already included
 * in this profile is skipped"), variable and boolean assignments in source
 * order, conditional blocks, aliases, abi declarations, profile names,
 * namespaces, attachments and flags, the combination of rule-block
 * qualifiers, and variable expansion inside rules. It runs the per-class
 * semantic checks (policy/check.h) on every rule it places in a profile.
 */
#ifndef CONFINE_LANG_RESOLVE_H
#define CONFINE_LANG_RESOLVE_H

#include "lang/include.h"
#include "policy/policy.h"
#include "support/diag.h"

struct features;
struct abi_cache;

struct resolve_options {
	const struct features *features;   /* NULL: accept every rule class */
	struct abi_cache *abis;            /* sets named by abi rules; NULL: abi rules
	                                    * are checked for existence only */
	const char *namespace_override;    /* -n */
	bool keep_variables;               /* keep the variables with the model for the
	                                    * compiler (policy.expand) */
	bool skip_profile_checks;          /* -N: leave out the checks upstream makes only
	                                    * while compiling (exec conflicts) */
};

struct resolver;

/*
 * Resolve the top-level unit of one file into pol. Returns 0, or -1 when an
 * error was reported (the model may then be incomplete).
 */
int resolve_unit(struct include_ctx *ic, const struct resolve_options *opts,
		 struct ast_unit *unit, struct policy *pol);

/* Expand @{VAR} references of a text (exported for tests). */
#endif
