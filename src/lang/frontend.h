/*
 * frontend: the whole front end for one run — reading policy files, parsing,
 * resolving includes once for all profiles, and producing policy models.
 *
 * Owns the arena, the loaded sources and the include cache of a run; this is
 * what the command-line tools (and later the compiler) drive. One frontend is
 * used by one thread.
 */
#ifndef CONFINE_LANG_FRONTEND_H
#define CONFINE_LANG_FRONTEND_H

#include "lang/abi.h"
#include "lang/include.h"
#include "lang/resolve.h"
#include "policy/policy.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/strbuf.h"

struct frontend {
	struct arena arena;
	struct source_set sources;
	struct diag_engine *diag;
	struct include_ctx ic;
	struct resolve_options ropts;
	struct features *features;   /* the kernel's, owned; NULL = accept every rule class */
	/*
	 * The policy's features for files without an abi rule
	 * (--policy-features), owned; NULL: the kernel's. With override_abi
	 * (--override-policy-abi) they apply to every file, abi rule or not.
	 */
	struct features *policy_features;
	struct features *policy_gate;   /* kernel ∩ policy_features, owned */
	bool override_abi;
	struct abi_cache abis;       /* abi files met so far, gated by features */
};

void frontend_init(struct frontend *fe, struct diag_engine *diag);
void frontend_destroy(struct frontend *fe);
void frontend_add_search_dir(struct frontend *fe, const char *dir);
/*
 * Take ownership of the kernel's features set (may be NULL). Returns 0, or
 * -1 after reporting that it cannot be combined with the policy's.
 */
int frontend_set_features(struct frontend *fe, struct features *f);
/*
 * Take ownership of the policy's features set (may be NULL: the kernel's).
 * A file's rules are then gated by kernel ∩ its abi rule's set, or kernel ∩
 * this set when it has none or override is set (upstream's
 * --policy-features and --override-policy-abi). Returns 0 or -1 as above.
 */
int frontend_set_policy_features(struct frontend *fe, struct features *f, bool override);

/*
 * Parse and resolve one policy file (path "-" or NULL: standard input).
 * pol receives the profiles. Returns 0, or -1 after errors were reported.
 */
int frontend_load(struct frontend *fe, const char *path, struct policy *pol);

/*
 * Write the text of a file with its includes expanded in place, the way
 * apparmor_parser -p does ("##included <name>" markers). Returns 0 or -1.
 */
int frontend_preprocess(struct frontend *fe, const char *path, struct strbuf *out);

#endif
