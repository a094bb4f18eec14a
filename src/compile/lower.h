/*
 * lower: shared state of the lowering of one profile (internal to
 * src/compile). A profile has two rule sets — the file DFA's and the
 * policydb's — and an exec transition table; lowering adds rule entries to
 * them, building pattern trees with the automata API.
 */
#ifndef CONFINE_COMPILE_LOWER_H
#define CONFINE_COMPILE_LOWER_H

#include "automata/automata.h"
#include "compile/compile.h"
#include "features/features.h"
#include "policy/xtable.h"
#include "support/arena.h"

#include <stdbool.h>
#include <stdint.h>


/* policydb class numbers: the first byte of every policydb string (§4.6) */
enum {
	CLASS_FILE = 2,
	CLASS_NET = 4,
	CLASS_MOUNT = 7,
	CLASS_PTRACE = 9,
	CLASS_SIGNAL = 10,
	CLASS_NETV8 = 14,
	CLASS_LABEL = 16,
	CLASS_POSIX_MQUEUE = 17,
	CLASS_SYSV_MQUEUE = 18,
	CLASS_NS = 21,
	CLASS_IO_URING = 22,
	CLASS_DBUS = 32,
};

struct lower_ctx {
	const struct policy *pol;
	const struct policy_profile *p;
	const struct compile_options *opts;
	/* what the features in force allow, computed once per policy (all
	 * false without features: opts->features says whether there are any) */
	const struct features_support *sup;
	struct diag_engine *diag;
	struct arena *arena;              /* labels and expanded strings */
	struct aut_ruleset *file;         /* the file DFA's rules */
	struct aut_ruleset *policydb;     /* the policydb's rules */
	size_t file_rules, policydb_rules;
	const char *xtable[XTABLE_MAX];   /* named exec transitions */
	unsigned nxtable;
	bool has_change_profile;
	bool failed;
	/* network rules accumulate per address family (a bit per socket type),
	 * and are emitted once the profile is complete, as apparmor_parser 3.0.8
	 * does */
	bool has_network;
	uint32_t net_allow[64], net_audit[64], net_deny[64], net_quiet[64];
};

/* Expanded text of a rule word (NULL after an error was reported). */
const char *lower_expand(struct lower_ctx *lx, const struct ast_word *w);
/* Report an error at loc and mark the lowering failed. */
void lower_error(struct lower_ctx *lx, struct source_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add one rule built from a pattern to a rule set; label names it in errors. */
void lower_add(struct lower_ctx *lx, struct aut_ruleset *rs, struct aut_node *n,
	       enum aut_rule_mode mode, uint32_t perms, uint32_t audit, const char *label);
/* A glob (AppArmor syntax) as a pattern; NULL after an error. */
struct aut_node *lower_glob(struct lower_ctx *lx, struct aut_ruleset *rs, const char *glob,
			    bool filter, struct source_loc loc);
/* Add rule r's entry n with perms, r's mode and audit, named after r. */
void lower_add_rule(struct lower_ctx *lx, struct aut_ruleset *rs, const struct policy_rule *r,
		    struct aut_node *n, uint32_t perms);
/*
 * A label conditional's single value as a pattern, or the regex any when
 * there is no conditional (c NULL). *ok false after an error.
 */
struct aut_node *lower_label(struct lower_ctx *lx, struct aut_ruleset *rs,
			     const struct ast_cond *c, const char *any, bool *ok);
/* Upstream's internal regex dialect as a pattern (fixed strings of ours). */
struct aut_node *lower_regex(struct lower_ctx *lx, struct aut_ruleset *rs, const char *re);

/* lower_file.c: file, link and change_profile rules, and the implied rules */
void lower_file_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_link_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_change_profile_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_implied_file_rules(struct lower_ctx *lx);

/* lower_policydb.c: the policydb classes */
void lower_signal_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_ptrace_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_network_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_network_finish(struct lower_ctx *lx);
/* Record family af / socket types (a bit each) in the profile's network
 * masks as rule r grants or denies them; emitted by lower_network_finish. */
void lower_network_add(struct lower_ctx *lx, const struct policy_rule *r, int af, uint32_t types);
/* The "mediates" markers of every class the features enforce (§4.6). */
void lower_markers(struct lower_ctx *lx);
/* One class marker: the class byte alone, readable. */
void lower_class_marker(struct lower_ctx *lx, unsigned char cls);

/*
 * How the kernel takes network rules (decided from the features, in one
 * place): policydb entries (network_v8), the profile's net_allowed_af array
 * (old kernels with "network" only), or not at all.
 */
enum lower_net_format { LOWER_NET_NONE, LOWER_NET_V8, LOWER_NET_OLD };
enum lower_net_format lower_network_format(const struct lower_ctx *lx);

/* helpers shared by the lowering files (compile.c) */
const struct ast_cond *lower_find_cond(const struct ast_conds *c, const char *name);
const char *lower_rule_label(struct lower_ctx *lx, const struct policy_rule *r);
/*
 * The permissions written in rule r, read with the class's vocabulary
 * (policy/check_cls.h); all when none are written. False after an error.
 */
struct cls_perm_spec;
bool lower_rule_perms(struct lower_ctx *lx, const struct policy_rule *r,
		      const struct cls_perm_spec *spec, uint32_t all, uint32_t *out);
/* the audit word of a rule entry: audit bits (allow) or quiet bits (deny) */
uint32_t lower_rule_audit(const struct policy_rule *r, uint32_t perms);
enum aut_rule_mode lower_rule_mode(const struct policy_rule *r);
/* socket type number of a type word (stream 1, ...), -1 if unknown */
int lower_socket_type(const char *w);

/* lower_unix.c: unix rules (fine-grained af_unix, or downgraded to network) */
void lower_unix_rule(struct lower_ctx *lx, const struct policy_rule *r);
/* the af_unix entries of a network rule that covers AF_UNIX sockets of one
 * type (-1: all types), when the kernel mediates af_unix */
void lower_unix_network_rule(struct lower_ctx *lx, const struct policy_rule *r, int type);

/* lower_mount.c: mount, remount, umount and pivot_root */
void lower_mount_rule(struct lower_ctx *lx, const struct policy_rule *r);

/* lower_misc.c: mqueue, userns and io_uring rules */
void lower_mqueue_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_userns_rule(struct lower_ctx *lx, const struct policy_rule *r);
void lower_io_uring_rule(struct lower_ctx *lx, const struct policy_rule *r);
/* lower_dbus.c: dbus rules */
void lower_dbus_rule(struct lower_ctx *lx, const struct policy_rule *r);

#endif
