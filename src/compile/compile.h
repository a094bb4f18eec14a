/*
 * compile: the compiler back end — a resolved policy model to the kernel's
 * binary policy (binary-policy-format.md), one profile unit per profile,
 * hat and child profile.
 *
 * Owns the order of work per profile: lowering each rule class to rule
 * entries (lower_file.c: the file DFA and exec table; lower_policydb.c: the
 * policydb classes and their "mediates" markers), building and packing the
 * DFAs with src/automata, capabilities, flags and the attachment, and
 * handing the result to the binary writer. Every choice is gated by the
 * features in force (kernel ∩ policy). Diagnostics go to the diag engine at
 * the rule's position; on error nothing is appended to the output.
 *
 * The semantics follow apparmor_parser 3.0.8 (Debian 12's reference), which
 * the differential tests compare against.
 */
#ifndef CONFINE_COMPILE_COMPILE_H
#define CONFINE_COMPILE_COMPILE_H

#include "policy/policy.h"
#include "support/diag.h"
#include "support/strbuf.h"

#include <stdbool.h>

struct features;

struct compile_options {
	const struct features *features;   /* the kernel's; NULL: none. The policy's
	                                    * are each model's own (policy.features) */
	bool force_complain;               /* -C: every profile in complain mode */
	bool equiv_classes;                /* -O equiv: emit byte equivalence tables */
};

/*
 * Compile every profile of pol (which must have been resolved with
 * keep_variables) and append the units to out. Returns 0, or -1 after
 * reporting errors (out is then unchanged).
 */
int compile_policy(const struct policy *pol, const struct compile_options *opts,
		   struct diag_engine *diag, struct strbuf *out);

#endif
