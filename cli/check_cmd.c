/*
 * check: 'confine check PATH...' validates policy files and prints one line
 * per file (profiles found, errors, warnings) and a total.
 */
#include "commands.h"
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static size_t count_profiles(const struct policy_profile *p)
{
	size_t n = 1;
	for (size_t i = 0; i < p->nchildren; i++)
		n += count_profiles(p->children[i]);
	return n;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "Include", required_argument, NULL, 'I' },
		{ "base", required_argument, NULL, 'b' },
		{ "features-file", required_argument, NULL, 'M' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct frontend_options fo;
	memset(&fo, 0, sizeof(fo));
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "I:b:M:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'I':
			if (fo.nincludes < 64)
				fo.includes[fo.nincludes++] = optarg;
			break;
		case 'b': fo.base = optarg; break;
		case 'M': frontend_options_set_features(&fo, optarg, false); break;
		case 'j': fo.json = true; break;
		case 'q': fo.quiet = true; break;
		case 'h':
			puts("usage: confine check [-I DIR] [-b BASE] [-M FEATURES] [--json] PATH...");
			return 0;
		default:
			fputs("usage: confine check [-I DIR] [-b BASE] [-M FEATURES] [--json] PATH...\n", stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("confine check: no input; give files or directories\n", stderr);
		return 2;
	}
	struct diag_engine diag;
	diag_init(&diag, stderr);
	diag.color = isatty(STDERR_FILENO);
	diag.quiet = fo.quiet;
	diag.format = fo.json ? DIAG_FORMAT_JSON : DIAG_FORMAT_TEXT;
	char **inputs;
	int n = expand_inputs(argv + optind, argc - optind, &inputs, &diag);
	struct frontend fe;
	frontend_init(&fe, &diag);
	int bad = 0;
	int nrun = n;
	if (frontend_options_apply(&fo, &fe) < 0) {
		bad = 1;
		nrun = 0;
	}
	size_t total_profiles = 0;
	FILE *out = stdout;   /* with --json, standard error holds the JSON only */
	for (int i = 0; i < nrun; i++) {
		unsigned e0 = diag.errors, w0 = diag.warnings;
		struct policy pol;
		memset(&pol, 0, sizeof(pol));
		int r = frontend_load(&fe, inputs[i], &pol);
		size_t np = 0;
		for (size_t k = 0; k < pol.nprofiles; k++)
			np += count_profiles(pol.profiles[k]);
		total_profiles += np;
		unsigned e = diag.errors - e0, w = diag.warnings - w0;
		if (r < 0 || e)
			bad++;
		fprintf(out, "%s: %s, %zu profile%s, %u error%s, %u warning%s\n", inputs[i],
			(r < 0 || e) ? "FAIL" : "ok", np, np == 1 ? "" : "s", e, e == 1 ? "" : "s",
			w, w == 1 ? "" : "s");
		policy_free_arrays(&pol);
	}
	fprintf(out, "%d file%s checked: %d ok, %d failed, %zu profiles, %u errors, %u warnings\n", nrun,
		nrun == 1 ? "" : "s", nrun - bad, bad, total_profiles, diag.errors, diag.warnings);
	diag_finish(&diag);   /* before frontend_destroy: diagnostics point into its sources */
	frontend_destroy(&fe);
	free_inputs(inputs, n);
	diag_destroy(&diag);
	return bad ? 1 : 0;
}
