/*
 * dump: the resolved policy model as text, for apparmor_parser -d.
 *
 * Owns the debugging view of a policy after includes, variables,
 * conditionals and rule blocks were resolved: every profile by its full
 * name, with namespace, attachment and the flags in force, and every rule
 * that applies to it with its effective qualifiers (block prefixes merged)
 * and the source position it came from. Rule text is the printer's canonical
 * form of the rule as written (variables unexpanded), so the dump shows where
 * each rule came from rather than what it compiles to.
 */
#ifndef CONFINE_POLICY_DUMP_H
#define CONFINE_POLICY_DUMP_H

#include "policy/policy.h"
#include "support/strbuf.h"

void policy_dump(const struct policy *pol, struct strbuf *out);

#endif
