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

struct frontend_options {
	const char *includes[64];
	int nincludes;
	const char *base;             /* -b, default /etc/apparmor.d */
	const char *features_file;    /* -M */
	bool json;
	bool quiet, verbose;
};

/* Apply to a frontend: search path (-I dirs, then the base directory) and the
 * features file (-M). Returns 0, or -1 after reporting a bad features file. */
int frontend_options_apply(const struct frontend_options *o, struct frontend *fe);

/* Expand a directory argument into the policy files it holds (sorted, skipping
 * the names include directories skip). Returns the count; *out is malloc'd. */
int expand_inputs(char **args, int nargs, char ***out, struct diag_engine *diag);
void free_inputs(char **list, int n);

#endif
