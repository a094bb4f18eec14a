/*
 * check: semantic checks of resolved rules, one function per rule class.
 *
 * Owns the question "is this rule meaningful?" beyond syntax: valid
 * permission words for the class, valid conditionals and their values,
 * conflicting qualifiers, things the kernel cannot enforce. Each check reports
 * diagnostics at the rule's position and returns false on error. Checks never
 * modify the AST; they may read variable-expanded text through cx->expand.
 *
 * Adding a class: write check_<class>.c with a function declared below and
 * call it from policy_check_rule() in check.c.
 */
#ifndef CONFINE_POLICY_CHECK_H
#define CONFINE_POLICY_CHECK_H

#include "policy/policy.h"
#include "support/diag.h"

struct features;

struct check_ctx {
	struct diag_engine *diag;
	struct arena *arena;
	const struct features *features;   /* policy features in force, NULL = all */
	/* Variable-expanded text of a word (NULL after reporting an error). */
	const char *(*expand)(void *resolver, const struct ast_word *w);
	void *resolver;
};

bool policy_check_rule(struct check_ctx *cx, struct policy_rule *r);
/*
 * Checks across the rules of one profile, run once its body is resolved and
 * only when no error was reported before: conflicting exec modes between
 * overlapping file rules (check_exec.c). Hats and child profiles are checked
 * on their own.
 */
bool policy_check_profile(struct check_ctx *cx, struct policy_profile *p);

/* per profile */
bool check_exec_conflicts(struct check_ctx *cx, struct policy_profile *p);  /* check_exec.c */

/* per class (check_<class>.c) */
bool check_file_rule(struct check_ctx *cx, struct policy_rule *r);
bool check_link_rule(struct check_ctx *cx, struct policy_rule *r);
bool check_change_profile_rule(struct check_ctx *cx, struct policy_rule *r);
bool check_capability_rule(struct check_ctx *cx, struct policy_rule *r);
bool check_rlimit_rule(struct check_ctx *cx, struct policy_rule *r);
bool check_network_rule(struct check_ctx *cx, struct policy_rule *r);   /* check_network.c */
bool check_unix_rule(struct check_ctx *cx, struct policy_rule *r);      /* check_network.c */
bool check_dbus_rule(struct check_ctx *cx, struct policy_rule *r);      /* check_dbus.c */
bool check_signal_rule(struct check_ctx *cx, struct policy_rule *r);    /* check_ipc.c */
bool check_ptrace_rule(struct check_ctx *cx, struct policy_rule *r);    /* check_ipc.c */
bool check_mount_rule(struct check_ctx *cx, struct policy_rule *r);     /* check_mount.c: mount,
                                                                          * remount, umount,
                                                                          * pivot_root */
bool check_mqueue_rule(struct check_ctx *cx, struct policy_rule *r);    /* check_misc.c */
bool check_userns_rule(struct check_ctx *cx, struct policy_rule *r);    /* check_misc.c */
bool check_io_uring_rule(struct check_ctx *cx, struct policy_rule *r);  /* check_misc.c */
bool check_all_rule(struct check_ctx *cx, struct policy_rule *r);       /* check_misc.c */

/* Permission letters of a file rule, parsed (see check_file.c). */
struct file_perms {
	uint32_t perms;     /* AA_* bits of one half (owner layout) */
	bool uppercase;     /* deprecated uppercase letters were used */
};

#endif
