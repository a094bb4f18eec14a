/*
 * options: the front-end options shared by apparmor_parser and confine check
 * (include paths, base directory, features file, warnings, output format),
 * and reading them from parser.conf.
 */
#ifndef CONFINE_CLI_OPTIONS_H
#define CONFINE_CLI_OPTIONS_H

#include "lang/frontend.h"
#include "support/diag.h"

#include <stdbool.h>

/* Where a features set comes from: a file or directory, or (-m) the text itself. */
struct features_arg {
	const char *value;            /* NULL: not given */
	bool text;                    /* value is the features string (-m) */
};

struct frontend_options {
	const char *includes[64];
	int nincludes;
	const char *base;             /* -b, default /etc/apparmor.d */
	struct features_arg kernel;   /* -M, -m, --kernel-features */
	struct features_arg policy;   /* -M, -m, --policy-features, --override-policy-abi */
	bool override_abi;            /* --override-policy-abi */
	bool json;
	bool quiet, verbose;
};

/*
 * Apply to a frontend: search path (-I dirs, then the base directory) and the
 * kernel's and the policy's features sets. A policy set given as the same
 * argument as the kernel's is the kernel's (not loaded twice). Returns 0, or
 * -1 after reporting a bad features file or string.
 */
/* -M F and -m S: the kernel's and the policy's features are both F (S). */
void frontend_options_set_features(struct frontend_options *o, const char *value, bool text);

int frontend_options_apply(const struct frontend_options *o, struct frontend *fe);

/* Expand a directory argument into the policy files it holds (sorted, skipping
 * the names include directories skip). Returns the count; *out is malloc'd. */
int expand_inputs(char **args, int nargs, char ***out, struct diag_engine *diag);
void free_inputs(char **list, int n);

#endif
