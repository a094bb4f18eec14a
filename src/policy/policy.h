/*
 * policy: the resolved policy model — profiles, their hats and child
 * profiles, and the rules that apply to each, after includes, variables,
 * conditionals and rule blocks have been resolved.
 *
 * Owns the shape of the model (built by lang/resolve.c, consumed by checks,
 * the printer and the compiler back end). Rules point back to their AST node
 * for their text and position; the prefix stored with a rule is the
 * effective one (the rule's own qualifiers combined with those of enclosing
 * rule blocks). The model and the strings made while resolving it live in the
 * policy's own arena, so a tool that handles many files one at a time frees
 * each file's model before the next; the source text and syntax trees it
 * points into belong to the longer-lived front end (and its include cache).
 */
#ifndef CONFINE_POLICY_POLICY_H
#define CONFINE_POLICY_POLICY_H

#include "lang/ast.h"
#include "support/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct diag_engine;
struct features;

enum profile_mode {
	PROFILE_MODE_UNSPEC = 0,
	PROFILE_MODE_ENFORCE,
	PROFILE_MODE_COMPLAIN,
	PROFILE_MODE_KILL,
	PROFILE_MODE_UNCONFINED,
	PROFILE_MODE_PROMPT,
	PROFILE_MODE_DEFAULT_ALLOW,
};

/* path_flags and other header flags of a profile */
struct profile_flags {
	enum profile_mode mode;
	bool audit;
	bool debug;
	bool interruptible;
	bool chroot_relative, namespace_relative;
	bool mediate_deleted, delegate_deleted;
	bool attach_disconnected, no_attach_disconnected;
	const char *disconnected_path;     /* attach_disconnected.path= */
	bool disconnected_ipc;
	const char *disconnected_ipc_path; /* attach_disconnected.ipc= */
	bool chroot_attach, chroot_no_attach;
	int kill_signal;                   /* kill.signal=, 0 if unset */
	int error_code;                    /* error=, 0 if unset */
};

struct policy_rule {
	const struct ast_node *node;       /* the rule as written */
	struct ast_prefix prefix;          /* effective qualifiers */
	struct policy_profile *profile;
};

struct policy_profile {
	const char *name;                  /* base name (no parent, no namespace) */
	const char *fqname;                /* parent//child as the kernel names it */
	const char *ns;                    /* namespace or NULL */
	const char *attachment;            /* expanded attachment or NULL */
	bool is_hat;
	int keyword;                       /* as in ast_node.u.profile.keyword */
	struct profile_flags flags;
	const struct ast_node *node;
	struct policy_profile *parent;
	struct policy_profile **children;  /* hats and child profiles, in order */
	size_t nchildren, children_cap;
	struct policy_rule *rules;
	size_t nrules, rules_cap;
};

struct policy_alias {
	const char *from, *to;
};

struct policy {
	struct arena arena;                /* the model and its expanded strings */
	struct policy_profile **profiles;  /* top-level profiles, in order */
	size_t nprofiles, profiles_cap;
	struct policy_alias *aliases;
	size_t naliases, aliases_cap;
	const char *abi;                   /* path of the abi file declared, if any */
	/*
	 * The features this file's rules were checked against: the kernel's
	 * intersected with the policy's (the file's abi rule, else
	 * --policy-features), or the kernel's alone; NULL when there are none.
	 * Owned by the front end (its abi cache), which outlives the model's
	 * compilation. The compiler gates rule classes and markers by it.
	 */
	const struct features *features;
	/*
	 * Every file the model was read from: the main file, then each include
	 * in the order first expanded (each once). The sources stay owned by
	 * the front end. This is what a binary cache key covers: the text that
	 * decided the model, found the way the current search path finds it.
	 */
	const struct source_file **sources;
	size_t nsources, sources_cap;
	/*
	 * Variable expansion for later stages (the compiler): set when the
	 * resolver was asked to keep its variables (resolve_options
	 * .keep_variables). expand returns the expanded text of a word of a
	 * rule of profile p (@{profile_name} & co. follow p), in the policy's
	 * arena, or NULL after reporting an error to diag. The expander keeps
	 * a pointer to this struct's arena: a model with an expander must not
	 * be moved or copied. Not thread-safe for one policy; distinct
	 * policies are independent.
	 */
	void *expander;
	const char *(*expand)(void *expander, struct diag_engine *diag,
			      const struct policy_profile *p, const struct ast_word *w);
	void (*expander_free)(void *expander);
};

struct policy_profile *policy_add_profile(struct arena *a, struct policy *pol,
					  struct policy_profile *parent);
struct policy_rule *policy_add_rule(struct policy_profile *p);
/* Record a file the model was read from (once: repeats are ignored). */
void policy_note_source(struct policy *pol, const struct source_file *src);
/* Release the model (arrays and arena) and zero it; a zeroed policy is empty. */
void policy_free_arrays(struct policy *pol);

#endif
