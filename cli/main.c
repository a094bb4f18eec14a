/*
 * confine: the multi-call entry point. Invoked as 'confine COMMAND ...' or
 * through a link named after an upstream tool (apparmor_parser), it runs the
 * matching command. Only this layer may exit the process.
 */
#include "commands.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef CONFINE_VERSION
#define CONFINE_VERSION "0.0.0"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "apparmor_parser", cmd_apparmor_parser, "compile and check policy (upstream-compatible flags)" },
	{ "check", cmd_check, "validate profiles and summarise each file" },
	{ "fmt", cmd_fmt, "print policy files in canonical form (--check, -w)" },
	{ "decode", cmd_decode, "print what a binary policy (cache file, load buffer) holds" },
	{ "policy-compare", cmd_policy_compare, "compare two binary policies semantically" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: confine COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-16s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nThe upstream names (apparmor_parser) work as links to this binary.\n");
}

int main(int argc, char **argv)
{
	/* Diagnostics go to stderr one write each; when it is a pipe or a file,
	 * buffer them (100k diagnostics were 100k write calls). */
	if (!isatty(STDERR_FILENO))
		setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	char *self = argc > 0 ? basename(argv[0]) : "confine";
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(self, commands[i].name) == 0)
			return commands[i].run(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("confine %s\n", CONFINE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "confine: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
