/*
 * apparmor_parser: the upstream-compatible command line of the compiler.
 *
 * Owns option handling (including /etc/apparmor/parser.conf, whose lines are
 * long options without the leading "--"), input expansion and the front-end
 * actions: -p (preprocess), -N (names), -Q (check without loading). Exit
 * status is 0 only when every input is valid.
 */
#include "commands.h"
#include "options.h"
#include "compile/batch.h"
#include "cache/policy_cache.h"
#include "binary/reader.h"
#include "compile/compile.h"
#include "features/features.h"
#include "kernel/load.h"
#include "policy/dump.h"
#include "support/strbuf.h"
#include "support/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/apparmor/parser.conf"

enum {
	OPT_CONFIG = 1000, OPT_WARN, OPT_WERROR, OPT_JSON, OPT_KERNEL_FEATURES,
	OPT_POLICY_FEATURES, OPT_ABORT, OPT_SKIP_READ_CACHE, OPT_PRINT_CACHE_DIR,
	OPT_MAX_JOBS, OPT_OVERRIDE_ABI, OPT_IGNORED_ARG, OPT_IGNORED, OPT_VERSION,
	OPT_PURGE_CACHE, OPT_SKIP_BAD_CACHE_REBUILD, OPT_DEBUG_CACHE,
};

static const struct option long_opts[] = {
	{ "add", no_argument, NULL, 'a' },
	{ "replace", no_argument, NULL, 'r' },
	{ "remove", no_argument, NULL, 'R' },
	{ "binary", no_argument, NULL, 'B' },
	{ "base", required_argument, NULL, 'b' },
	{ "Include", required_argument, NULL, 'I' },
	{ "stdout", no_argument, NULL, 'S' },
	{ "ofile", required_argument, NULL, 'o' },
	{ "preprocess", no_argument, NULL, 'p' },
	{ "names", no_argument, NULL, 'N' },
	{ "skip-kernel-load", no_argument, NULL, 'Q' },
	{ "skip-cache", no_argument, NULL, 'K' },
	{ "skip-read-cache", no_argument, NULL, 'T' },
	{ "write-cache", no_argument, NULL, 'W' },
	{ "show-cache", no_argument, NULL, 'k' },
	{ "cache-loc", required_argument, NULL, 'L' },
	{ "features-file", required_argument, NULL, 'M' },
	{ "kernel-features", required_argument, NULL, OPT_KERNEL_FEATURES },
	{ "policy-features", required_argument, NULL, OPT_POLICY_FEATURES },
	{ "compile-features", required_argument, NULL, OPT_POLICY_FEATURES },
	{ "override-policy-abi", required_argument, NULL, OPT_OVERRIDE_ABI },
	{ "config-file", required_argument, NULL, OPT_CONFIG },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "warn", required_argument, NULL, OPT_WARN },
	{ "Werror", optional_argument, NULL, OPT_WERROR },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "debug", optional_argument, NULL, 'd' },
	{ "dump", required_argument, NULL, 'D' },
	{ "Optimize", required_argument, NULL, 'O' },
	{ "complain", no_argument, NULL, 'C' },
	{ "namespace-string", required_argument, NULL, 'n' },
	{ "match-string", required_argument, NULL, 'm' },
	{ "subdomainfs", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "max-jobs", required_argument, NULL, OPT_MAX_JOBS },
	{ "abort-on-error", no_argument, NULL, OPT_ABORT },
	{ "skip-bad-cache", no_argument, NULL, OPT_IGNORED },
	{ "skip-bad-cache-rebuild", no_argument, NULL, OPT_SKIP_BAD_CACHE_REBUILD },
	{ "purge-cache", no_argument, NULL, OPT_PURGE_CACHE },
	{ "debug-cache", no_argument, NULL, OPT_DEBUG_CACHE },
	{ "create-cache-dir", no_argument, NULL, OPT_IGNORED },
	{ "print-cache-dir", no_argument, NULL, OPT_PRINT_CACHE_DIR },
	{ "estimated-compile-size", required_argument, NULL, OPT_IGNORED_ARG },
	{ "version", no_argument, NULL, 'V' },
	{ "help", optional_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char short_opts[] = "arRBb:I:So:pNQKTWkL:M:qvd::D:O:Cn:m:f:j:Vh::";

struct parser_opts {
	struct frontend_options fe;
	bool preprocess, names, skip_load, add, replace, remove, dump;
	const char *dump_what;
	const char *config;
	bool config_given;
	char *warn[32];
	int nwarn;
	char *werror[32];
	int nwerror;
	bool werror_all;
	bool abort_on_error;
	bool to_stdout;               /* -S */
	const char *ofile;            /* -o */
	bool force_complain;          /* -C */
	const char *securityfs;       /* -f */
	long jobs;                    /* -j: 0 = one per CPU */
	bool no_equiv;                /* -O no-equiv */
	bool write_cache;             /* -W */
	bool skip_cache;              /* -K: neither read nor write the cache */
	bool skip_read_cache;         /* -T */
	bool show_cache;              /* -k: report hits, misses and writes */
	bool print_cache_dir;         /* --print-cache-dir */
	bool purge_cache;             /* --purge-cache */
	bool skip_bad_cache_rebuild;  /* keep going when the kernel refuses a cached file */
	const char *cache_loc;        /* -L */
	bool binary;                  /* -B: the inputs are compiled policy */
	const char *ns;               /* -n */
};

/*
 * -O names upstream accepts. The result of every DFA optimization upstream
 * offers is the same minimal automaton here (minimization is not optional:
 * it is what makes state counts and tables comparable), so all are accepted
 * and only the equivalence-class tables change the output.
 */
static const char *const optimize_names[] = {
	"0", "equiv", "no-equiv", "expr-normalize", "no-expr-normalize", "expr-simplify",
	"no-expr-simplify", "expr-left-simplify", "no-expr-left-simplify",
	"expr-right-simplify", "no-expr-right-simplify", "minimize", "no-minimize",
	"hash-trans", "no-hash-trans", "filter-deny", "no-filter-deny", "remove-unreachable",
	"no-remove-unreachable", "hash-perms", "no-hash-perms", "hash-partitions",
	"no-hash-partitions", "compress-small", "no-compress-small", "compress-fast",
	"no-compress-fast", "diff-encode", "no-diff-encode", "rule-merge", "no-rule-merge",
	"dfa-control-off", "trans-comb", "no-trans-comb",
};

static void usage(FILE *out)
{
	fputs("usage: apparmor_parser [OPTIONS] [FILE|DIR...]\n"
	      "  -a, --add / -r, --replace / -R, --remove   load into the kernel (default -r)\n"
	      "  -Q, --skip-kernel-load   check (and compile) without loading\n"
	      "  -S, --stdout             write the binary policy to standard output\n"
	      "  -o, --ofile FILE         write the binary policy to FILE\n"
	      "  -B, --binary             the inputs are compiled policy: check, then load or write\n"
	      "  -C, --complain           load every profile in complain mode\n"
	      "  -f, --subdomainfs DIR    where securityfs (or its apparmor dir) is\n"
	      "  -j, --jobs N             compile on N threads (default: one per CPU)\n"
	      "  -W, --write-cache        save compiled policy in the binary cache\n"
	      "  -T, --skip-read-cache    do not use cached policy (recompile)\n"
	      "  -K, --skip-cache         neither read nor write the binary cache\n"
	      "  -L, --cache-loc DIR[,DIR] cache locations (default " POLICY_CACHE_DEFAULT_LOC ")\n"
	      "  -k, --show-cache         report cache hits, misses and writes\n"
	      "      --print-cache-dir    print the cache directory for these features\n"
	      "      --purge-cache        empty the cache directory first\n"
	      "  -p, --preprocess         print the policy with includes expanded\n"
	      "  -N, --names              print the names of the profiles\n"
	      "  -d, --debug              print the resolved profiles and their rules\n"
	      "  -M, --features-file F    features of the target kernel and of the policy\n"
	      "  -m, --match-string S     the same, given as a features string\n"
	      "      --kernel-features F  features of the target kernel (default: the running one)\n"
	      "      --policy-features F  features the policy was written for, where a file\n"
	      "                           has no abi rule (the rules compiled are in both)\n"
	      "      --override-policy-abi F  the same, and abi rules are ignored\n"
	      "  -I, --Include DIR        add DIR to the include search path\n"
	      "  -b, --base DIR           base directory (default /etc/apparmor.d)\n"
	      "      --config-file F      read options from F (default " DEFAULT_CONFIG ")\n"
	      "  -q, --quiet / -v, --verbose\n"
	      "      --warn NAME          enable a warning category (all, abi, deprecated, ...)\n"
	      "      --Werror[=NAME]      make warnings errors\n"
	      "      --json               diagnostics as JSON on standard error\n"
	      "  -V, --version            print the version\n", out);
}

/* Read parser.conf into extra argv entries ("--name=value"). */
static int read_config(const char *path, bool must_exist, char ***out, int *nout,
		       struct diag_engine *diag)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return 0;
		diag_error(diag, (struct source_loc){ 0 }, "cannot read config file '%s': %s", path,
			   strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		s[strcspn(s, "\r\n")] = '\0';
		if (!*s || *s == '#')
			continue;
		/* "name value" and "name=value" are both accepted */
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "--");
		size_t nl = strcspn(s, " \t=");
		strbuf_add(&sb, s, nl);
		char *v = s + nl;
		while (*v == ' ' || *v == '\t' || *v == '=')
			v++;
		if (*v) {
			strbuf_addch(&sb, '=');
			strbuf_addstr(&sb, v);
		}
		*out = xreallocarray(*out, (size_t)*nout + 1, sizeof(**out));
		(*out)[(*nout)++] = strbuf_detach(&sb, NULL);
	}
	free(line);
	fclose(f);
	return 0;
}

/* returns 0 ok, 1 exit-success (help/version), -1 error */
static int parse_args(int argc, char **argv, struct parser_opts *o, struct diag_engine *diag,
		      bool from_config)
{
	optind = 1;
	opterr = 0;
	int c, before;
	while ((before = optind, c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'a': o->add = true; break;
		case 'r': o->replace = true; break;
		case 'R': o->remove = true; break;
		case 'b': o->fe.base = optarg; break;
		case 'I':
			if (o->fe.nincludes < 64)
				o->fe.includes[o->fe.nincludes++] = optarg;
			break;
		case 'p': o->preprocess = true; break;
		case 'N': o->names = true; break;
		case 'Q': o->skip_load = true; break;
		case 'M':
		case 'm':
			frontend_options_set_features(&o->fe, optarg, c == 'm');
			break;
		case OPT_KERNEL_FEATURES:
			o->fe.kernel = (struct features_arg){ optarg, false };
			break;
		case OPT_POLICY_FEATURES:
		case OPT_OVERRIDE_ABI:
			o->fe.policy = (struct features_arg){ optarg, false };
			o->fe.override_abi = c == OPT_OVERRIDE_ABI;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			o->config_given = true;
			break;
		case 'q': o->fe.quiet = true; break;
		case 'v': o->fe.verbose = true; break;
		case OPT_WARN:
			if (o->nwarn < 32)
				o->warn[o->nwarn++] = optarg;
			break;
		case OPT_WERROR:
			if (!optarg)
				o->werror_all = true;
			else if (o->nwerror < 32)
				o->werror[o->nwerror++] = optarg;
			break;
		case OPT_JSON: o->fe.json = true; break;
		case 'd': o->dump = true; break;
		case 'D': o->dump_what = optarg; break;
		case OPT_ABORT: o->abort_on_error = true; break;
		case 'V':
			if (from_config)
				break;
			printf("AppArmor parser version 4.1.0 (confine %s)\n", "0.1.0");
			return 1;
		case 'h':
			if (from_config)
				break;
			usage(stdout);
			return 1;
		case 'S': o->to_stdout = true; break;
		case 'o': o->ofile = optarg; break;
		case 'C': o->force_complain = true; break;
		case 'f': o->securityfs = optarg; break;
		case 'j': {
			char *end;
			o->jobs = strtol(optarg, &end, 10);
			if (!strcmp(optarg, "auto") || !strcmp(optarg, "max"))
				o->jobs = 0;
			else if (*end || o->jobs < 0 || o->jobs > 1024) {
				diag_error(diag, (struct source_loc){ 0 },
					   "invalid job count '%s' (a number, 'auto' or 'max')", optarg);
				return -1;
			}
			break;
		}
		case 'O': {
			bool known = false;
			for (size_t k = 0; k < sizeof(optimize_names) / sizeof(optimize_names[0]); k++)
				known |= strcmp(optarg, optimize_names[k]) == 0;
			if (!known) {
				diag_error_hint(diag, (struct source_loc){ 0 }, "see apparmor_parser(8), -O",
						"unknown optimization '%s'", optarg);
				return -1;
			}
			if (!strcmp(optarg, "no-equiv"))
				o->no_equiv = true;
			else if (!strcmp(optarg, "equiv"))
				o->no_equiv = false;
			break;
		}
		case 'W': o->write_cache = true; break;
		case 'K': o->skip_cache = true; break;
		case 'T': o->skip_read_cache = true; break;
		case 'k': case OPT_DEBUG_CACHE: o->show_cache = true; break;
		case 'L': o->cache_loc = optarg; break;
		case OPT_PRINT_CACHE_DIR: o->print_cache_dir = true; break;
		case OPT_PURGE_CACHE: o->purge_cache = true; break;
		case OPT_SKIP_BAD_CACHE_REBUILD: o->skip_bad_cache_rebuild = true; break;
		case 'n': o->ns = optarg; break;
		case 'B': o->binary = true; break;
		case OPT_MAX_JOBS: case OPT_IGNORED: case OPT_IGNORED_ARG:
			/* compile, cache and load options: accepted, used by the back end */
			break;
		case '?':
		default: {
			/* a long option is the element just passed; a short one may be
			 * inside a cluster ("-xQ") that optind has not passed yet */
			char shortopt[3] = { '-', (char)optopt, '\0' };
			const char *bad = optind > before && strncmp(argv[optind - 1], "--", 2) == 0
					  ? argv[optind - 1] : shortopt;
			if (from_config) {
				diag_warn(diag, WARN_CONFIG, (struct source_loc){ 0 },
					  "unknown option '%s' in config file ignored", bad);
				break;
			}
			diag_error_hint(diag, (struct source_loc){ 0 }, "see apparmor_parser --help",
					"unknown or incomplete option '%s'", bad);
			return -1;
		}
		}
	}
	return 0;
}

/*
 * -N: like upstream, names are printed as written (variables unexpanded:
 * upstream lists names before expanding them) and a namespace as ":ns://".
 * Upstream keeps the profiles of a file, and the hats and children of each
 * profile, in sets ordered by namespace (none first) and then name (strcmp),
 * and prints them in that order, not in the order written.
 */
static const char *written_name(const struct policy_profile *p)
{
	const char *written = p->node ? p->node->u.profile.name.text : p->name;
	/* the written name may carry its own ":ns:" prefix (-n may set one);
	 * as upstream's parse_label, ":ns:name" and ":ns://name" name "name" */
	if (!p->parent && p->ns && written[0] == ':') {
		const char *end = strchr(written + 1, ':');
		if (end) {
			written = end + 1;
			if (strncmp(written, "//", 2) == 0)
				written += 2;
		}
	}
	return written;
}

static int cmp_profile_names(const void *a, const void *b)
{
	const struct policy_profile *pa = *(const struct policy_profile *const *)a;
	const struct policy_profile *pb = *(const struct policy_profile *const *)b;
	if (pa->ns || pb->ns) {
		if (!pa->ns || !pb->ns)
			return pa->ns ? 1 : -1;
		int r = strcmp(pa->ns, pb->ns);
		if (r)
			return r;
	}
	return strcmp(written_name(pa), written_name(pb));
}

static void print_names(struct policy_profile *const *list, size_t n, const char *parent,
			FILE *out)
{
	if (!n)
		return;
	struct policy_profile **sorted = xcalloc(n, sizeof(*sorted));
	memcpy(sorted, list, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_profile_names);
	for (size_t i = 0; i < n; i++) {
		const struct policy_profile *p = sorted[i];
		struct strbuf name = STRBUF_INIT;
		if (parent)
			strbuf_addf(&name, "%s//%s", parent, written_name(p));
		else if (p->ns)
			strbuf_addf(&name, ":%s://%s", p->ns, written_name(p));
		else
			strbuf_addstr(&name, written_name(p));
		fprintf(out, "%s\n", name.buf);
		print_names(p->children, p->nchildren, name.buf, out);
		strbuf_release(&name);
	}
	free(sorted);
}

/* -d: the resolved model (see policy/dump.h) */
static void dump_to(const struct policy *pol, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	policy_dump(pol, &sb);
	fwrite(sb.buf ? sb.buf : "", 1, sb.len, out);
	strbuf_release(&sb);
}

/*
 * Remove one profile by name (":ns:" prefixed when it has a namespace); a
 * profile already gone is not an error. Returns 0, or 1 after reporting.
 */
static int remove_named(const char *dir, const char *ns, const char *name,
			struct diag_engine *diag)
{
	struct strbuf full = STRBUF_INIT;
	if (ns)
		strbuf_addf(&full, ":%s:", ns);
	strbuf_addstr(&full, name);
	int r = kernel_remove(dir, full.buf);
	if (r < 0 && r != -ENOENT)
		diag_error(diag, (struct source_loc){ 0 }, "cannot remove profile '%s': %s", full.buf,
			   strerror(-r));
	strbuf_release(&full);
	return r < 0 && r != -ENOENT;
}

/* -R: remove every profile of a file (children first, as the kernel needs) */
static int remove_one(const struct policy_profile *p, const char *dir, struct diag_engine *diag)
{
	int status = 0;
	for (size_t i = 0; i < p->nchildren; i++)
		status |= remove_one(p->children[i], dir, diag);
	return status | remove_named(dir, p->parent ? NULL : p->ns, p->fqname ? p->fqname : p->name,
				     diag);
}

static int remove_profiles(const struct policy *pol, const char *dir, struct diag_engine *diag)
{
	int status = 0;
	for (size_t i = 0; i < pol->nprofiles; i++)
		status |= remove_one(pol->profiles[i], dir, diag);
	return status;
}

/*
 * -S / -o: the binary policy is written as files finish compiling, so the
 * whole output is never held in memory. -o goes to a temporary file next to
 * the target, renamed over it only when everything compiled (a failed run
 * leaves the old file untouched); -S streams to standard output, as
 * upstream does.
 */
struct output {
	const char *path;        /* -o target, NULL for stdout */
	char *tmp;
	int fd;
	int err;                 /* first errno */
};

static int output_open(struct output *out, const struct parser_opts *o, struct diag_engine *diag)
{
	memset(out, 0, sizeof(*out));
	out->fd = STDOUT_FILENO;
	if (!o->ofile)
		return 0;
	out->path = o->ofile;
	struct strbuf tmp = STRBUF_INIT;
	strbuf_addf(&tmp, "%s.XXXXXX", o->ofile);
	out->tmp = strbuf_detach(&tmp, NULL);
	out->fd = mkstemp(out->tmp);
	if (out->fd < 0) {
		diag_error(diag, (struct source_loc){ 0 }, "cannot write '%s': %s", o->ofile,
			   strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		return -1;
	}
	return 0;
}

static void output_write(struct output *out, const void *data, size_t len)
{
	const char *p = data;
	while (len && !out->err) {
		ssize_t n = write(out->fd, p, len);
		if (n < 0) {
			if (errno != EINTR)
				out->err = errno;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
}

/* Returns 0, or 1 after reporting; discard: a failed run, drop the temp file. */
static int output_close(struct output *out, bool discard, struct diag_engine *diag)
{
	if (!out->tmp) {
		if (out->err)
			diag_error(diag, (struct source_loc){ 0 }, "cannot write the binary policy: %s",
				   strerror(out->err));
		return out->err ? 1 : 0;
	}
	/* mkstemp creates 0600; a policy file is world-readable like upstream's */
	if (!out->err && !discard && fchmod(out->fd, 0644) < 0)
		out->err = errno;
	if (!out->err && !discard && fsync(out->fd) < 0)
		out->err = errno;
	if (close(out->fd) < 0 && !out->err)
		out->err = errno;
	if (!out->err && !discard && rename(out->tmp, out->path) < 0)
		out->err = errno;
	if (out->err || discard)
		unlink(out->tmp);
	if (out->err)
		diag_error(diag, (struct source_loc){ 0 }, "cannot write '%s': %s", out->path,
			   strerror(out->err));
	free(out->tmp);
	return out->err ? 1 : 0;
}

/*
 * Diagnostics of the options and the config file are held (the JSON format
 * only prints in diag_finish) until --json is known; in text format they are
 * printed when released. Otherwise --json printed them as text before the
 * JSON array, and stderr was not JSON.
 */
static void release_held(struct diag_engine *diag, bool json)
{
	diag->format = json ? DIAG_FORMAT_JSON : DIAG_FORMAT_TEXT;
	if (!json)
		for (size_t i = 0; i < diag->len; i++)
			diag_print(diag, &diag->items[i], diag->out);
}

/*
 * One run of the compiler: what draining the batch needs besides the
 * results. jobs[k] describes batch job k.
 */
struct job_meta {
	const char *input;
	bool cacheable;                 /* key computed: a cache name and key */
	bool from_cache;                /* units came from the cache */
	struct policy_cache_key key;
};

struct run {
	const struct parser_opts *o;
	struct diag_engine *diag;
	struct frontend *fe;
	const struct compile_options *copts;
	const char *aadir;
	bool load;                      /* into the kernel (not -Q, -S or -o) */
	struct output *out;
	struct policy_cache *cache;     /* NULL: no cache in this run */
	bool cache_read, cache_write;
	struct job_meta *jobs;
	size_t njobs;
	int status;
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/*
 * The kernel refused a cached file (a cache from a kernel that changed
 * without its features changing, or a damaged file): compile the source
 * again here, as upstream does unless --skip-bad-cache-rebuild.
 */
static int rebuild(struct run *run, struct job_meta *m, struct strbuf *units)
{
	struct policy *pol = xcalloc(1, sizeof(*pol));
	int r = frontend_load(run->fe, m->input, pol);
	if (r == 0)
		r = compile_policy(pol, run->copts, run->diag, units);
	policy_free_arrays(pol);
	free(pol);
	return r;
}

static void cache_store(struct run *run, struct job_meta *m, const struct strbuf *units)
{
	char *path = NULL;
	if (policy_cache_store(run->cache, base_name(m->input), &m->key, units->buf, units->len,
			       &path, run->diag) == 0 && path && run->o->show_cache)
		fprintf(stderr, "Wrote cache: %s\n", path);
	free(path);
}

/* Load one file's units; on a refused cached file, rebuild it once. */
static void load_units(struct run *run, struct job_meta *m, const struct strbuf *units)
{
	enum kernel_load_op op = run->o->add ? KERNEL_LOAD_ADD : KERNEL_LOAD_REPLACE;
	int lr = kernel_load(run->aadir, op, units->buf, units->len);
	if (lr < 0 && m->from_cache && !run->o->skip_bad_cache_rebuild) {
		if (run->o->show_cache)
			fprintf(stderr, "Cached policy refused by the kernel (%s), recompiling: %s\n",
				strerror(-lr), m->input);
		struct strbuf fresh = STRBUF_INIT;
		if (rebuild(run, m, &fresh) < 0) {
			run->status = 1;
			strbuf_release(&fresh);
			return;
		}
		lr = kernel_load(run->aadir, op, fresh.buf, fresh.len);
		if (lr == 0 && run->cache_write)
			cache_store(run, m, &fresh);
		strbuf_release(&fresh);
	}
	if (lr < 0) {
		diag_error(run->diag, (struct source_loc){ 0 }, "%s: the kernel refused the policy: %s",
			   m->input, strerror(-lr));
		run->status = 1;
	}
}

/*
 * Use the compiled files in input order: replay their diagnostics, then
 * append the units to the output (-S/-o: written once complete, so
 * nothing is half-written) or load them into the kernel, one write per
 * file, and save them in the cache (-W). wait: block for every job (at
 * the end); otherwise stop at the first job not done yet.
 */
static void drain_batch(struct run *run, struct compile_batch *batch, size_t *drained, bool wait)
{
	const struct parser_opts *o = run->o;
	bool emit = o->to_stdout || o->ofile;
	for (; *drained < compile_batch_count(batch); (*drained)++) {
		size_t k = *drained;
		if (wait)
			compile_batch_wait(batch, k);
		else if (!compile_batch_done(batch, k))
			break;
		struct job_meta *m = &run->jobs[k];
		diag_replay(run->diag, compile_batch_diag(batch, k));
		const struct strbuf *units = compile_batch_units(batch, k);
		if (compile_batch_status(batch, k) < 0) {
			run->status = 1;
		} else {
			if (emit) {
				if (!run->status)
					output_write(run->out, units->buf ? units->buf : "", units->len);
			} else if (run->load && units->len && !(run->status && o->abort_on_error)) {
				load_units(run, m, units);
			}
			if (m->cacheable && !m->from_cache && run->cache_write && units->len)
				cache_store(run, m, units);
		}
		compile_batch_release(batch, k);
	}
}

/*
 * Submit one parsed file: from the cache when it holds this file with
 * this key, otherwise to be compiled.
 */
static void submit(struct run *run, struct compile_batch *batch, const char *input,
		   struct policy *pol, uint32_t cache_options)
{
	struct job_meta m = { .input = input };
	if (run->cache && strcmp(input, "-") != 0 &&
	    (run->cache_write || policy_cache_present(run->cache))) {
		m.cacheable = true;
		policy_cache_key_compute(run->cache, pol, cache_options, &m.key);
	}
	struct strbuf units = STRBUF_INIT;
	size_t k;
	char *path = NULL;
	if (m.cacheable && run->cache_read &&
	    policy_cache_lookup(run->cache, base_name(input), &m.key, &units, &path)) {
		if (run->o->show_cache)
			fprintf(stderr, "Cache hit: %s\n", path);
		m.from_cache = true;
		policy_free_arrays(pol);
		free(pol);
		k = compile_batch_submit_done(batch, &units);
	} else {
		if (m.cacheable && run->o->show_cache)
			fprintf(stderr, "Cache miss: %s\n", input);
		/* the batch takes the model; workers compile while we parse on */
		k = compile_batch_submit(batch, pol);
	}
	free(path);
	strbuf_release(&units);
	run->jobs = xreallocarray(run->jobs, k + 1, sizeof(*run->jobs));
	run->jobs[k] = m;
	run->njobs = k + 1;
}

/* -B -R: remove the profiles a compiled file holds (a parent takes its hats along). */
static void remove_binary(struct run *run, const struct binread_policy *pol)
{
	for (size_t i = 0; i < pol->nprofiles; i++) {
		const struct binread_profile *p = &pol->profiles[i];
		if (!strstr(p->basename, "//"))
			run->status |= remove_named(run->aadir, p->ns, p->basename, run->diag);
	}
}

/*
 * -B: an input that is already compiled. It is decoded in full first (it
 * is as untrusted as any input; the kernel would refuse it with less to
 * say), then written out or loaded with one write, like compiled output.
 */
static void use_binary(struct run *run, const char *input)
{
	struct strbuf data = STRBUF_INIT;
	int r = strcmp(input, "-") == 0 ? strbuf_read_fd(&data, STDIN_FILENO, (size_t)1 << 30)
					: strbuf_read_file(&data, input, (size_t)1 << 30, 0);
	if (r < 0) {
		diag_error(run->diag, (struct source_loc){ 0 }, "cannot read '%s': %s", input,
			   strerror(-r));
		run->status = 1;
		strbuf_release(&data);
		return;
	}
	struct binread_policy *pol = NULL;
	struct binread_error err;
	memset(&err, 0, sizeof(err));
	if (data.len == 0 || binread_decode(data.buf, data.len, NULL, &pol, &err) < 0) {
		diag_error_hint(run->diag, (struct source_loc){ 0 },
				"-B takes what apparmor_parser -S or -o wrote",
				"%s: not a valid binary policy: %s", input,
				data.len ? err.msg : "the file is empty");
		run->status = 1;
	} else if (run->o->remove) {
		if (!run->o->skip_load)
			remove_binary(run, pol);
	} else if (run->o->to_stdout || run->o->ofile) {
		if (!run->status)
			output_write(run->out, data.buf, data.len);
	} else if (run->load) {
		struct job_meta m = { .input = input };
		load_units(run, &m, &data);
	}
	binread_free(pol);
	strbuf_release(&data);
}

/* -Q -k: would this file come from the cache? */
static void probe(struct run *run, const char *input, const struct policy *pol,
		  uint32_t cache_options)
{
	if (!strcmp(input, "-"))
		return;
	struct policy_cache_key key;
	policy_cache_key_compute(run->cache, pol, cache_options, &key);
	struct strbuf units = STRBUF_INIT;
	char *path = NULL;
	if (policy_cache_lookup(run->cache, base_name(input), &key, &units, &path))
		fprintf(stderr, "Cache hit: %s\n", path);
	else
		fprintf(stderr, "Cache miss: %s\n", input);
	free(path);
	strbuf_release(&units);
}

/*
 * The cache of this run, when it has one: compiling (or --print-cache-dir,
 * --purge-cache) for known kernel features, not -K, not -C or -n (their
 * output differs from the cached one, as upstream decides too).
 */
static int open_cache(struct run *run, struct policy_cache *cache, bool compile, bool probe)
{
	const struct parser_opts *o = run->o;
	bool wanted = o->print_cache_dir || o->purge_cache ||
		      ((compile || probe) && !o->skip_cache && !o->force_complain && !o->ns &&
		       (o->write_cache || !o->skip_read_cache));
	if (!wanted)
		return 0;
	if (!run->fe->features) {
		if (o->write_cache || o->print_cache_dir || o->purge_cache)
			diag_warn(run->diag, WARN_CONFIG, (struct source_loc){ 0 },
				  "no features file (-M) and no kernel features: the cache is not used");
		return 0;
	}
	size_t flen;
	const char *fs = features_string(run->fe->features, &flen);
	bool create = o->write_cache && compile && !o->skip_cache;
	if (policy_cache_open(cache, o->cache_loc, fs, flen, create, run->diag) < 0)
		return -1;
	if (o->show_cache)
		fprintf(stderr, "Cache: added primary location '%s'\n", cache->locs[0]);
	run->cache = cache;
	run->cache_read = !o->skip_cache && !o->skip_read_cache;
	run->cache_write = create;
	if (o->purge_cache && policy_cache_purge(cache, run->diag) < 0)
		return -1;
	return 0;
}

/*
 * The compiler's big blocks are a DFA's tables, built on several threads at
 * once. With glibc's dynamic threshold, once one such block is freed the
 * later ones come from per-thread heaps and stay there while another thread
 * builds its own, so two large profiles compiled together hold each other's
 * leftovers (on the whole corpus at -j 2: 165-172 MB peak, against 128-138
 * MB with these settings, at the same speed within run-to-run noise). A
 * process-wide choice, made by the driver, not by the library.
 */
static void tune_malloc(void)
{
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
}

int cmd_apparmor_parser(int argc, char **argv)
{
	tune_malloc();
	struct diag_engine diag;
	diag_init(&diag, stderr);
	diag.color = isatty(STDERR_FILENO);
	diag.format = DIAG_FORMAT_JSON;   /* held: see release_held */
	struct parser_opts o;
	memset(&o, 0, sizeof(o));

	/* first pass: find --config-file, then read the config, then the command line wins */
	int r = parse_args(argc, argv, &o, &diag, false);
	if (r != 0) {
		release_held(&diag, r < 0 && o.fe.json);
		diag_finish(&diag);
		int rc = r > 0 ? 0 : 1;
		diag_destroy(&diag);
		return rc;
	}
	diag.quiet = o.fe.quiet;   /* -q also silences warnings about the config file */
	char **conf = NULL;
	int nconf = 0;
	if (read_config(o.config ? o.config : DEFAULT_CONFIG, o.config_given, &conf, &nconf, &diag) < 0) {
		release_held(&diag, o.fe.json);
		diag_finish(&diag);
		diag_destroy(&diag);
		return 1;
	}
	struct parser_opts final;
	memset(&final, 0, sizeof(final));
	if (nconf) {
		char **cargv = xcalloc((size_t)nconf + 2, sizeof(*cargv));
		cargv[0] = argv[0];
		for (int i = 0; i < nconf; i++)
			cargv[i + 1] = conf[i];
		parse_args(nconf + 1, cargv, &final, &diag, true);
		free(cargv);
	}
	r = parse_args(argc, argv, &final, &diag, false);
	int first_input = optind;

	diag.quiet = final.fe.quiet;
	release_held(&diag, final.fe.json);
	for (int i = 0; i < final.nwarn; i++)
		if (!diag_set_warning(&diag, final.warn[i], true))
			diag_warn(&diag, WARN_CONFIG, (struct source_loc){ 0 },
				  "unknown warning category '%s'", final.warn[i]);
	for (int i = 0; i < final.nwerror; i++)
		if (!diag_set_werror(&diag, final.werror[i], true))
			diag_warn(&diag, WARN_CONFIG, (struct source_loc){ 0 },
				  "unknown warning category '%s'", final.werror[i]);
	if (final.werror_all)
		diag_set_werror(&diag, "all", true);

	int status = 0;
	bool emit = final.to_stdout || final.ofile;
	bool front_only = final.preprocess || final.names || final.dump || final.print_cache_dir;
	bool load = !final.skip_load && !emit && !front_only;
	/* -Q -W compiles into the cache only, as upstream's package scripts use it */
	bool fill_cache = final.write_cache && !final.skip_cache && !front_only;
	bool compile = (emit || load || fill_cache) && !final.remove && !final.binary;
	char aadir[4096] = "";
	if (load && kernel_apparmor_dir(final.securityfs, aadir, sizeof(aadir)) < 0) {
		diag_error_hint(&diag, (struct source_loc){ 0 },
				"use -Q to check, -S or -o to write the binary policy",
				"AppArmor's securityfs interface was not found: cannot load policy");
		status = 1;
	}

	char **inputs = NULL;
	int ninputs = 0;
	char *stdin_arg[] = { "-" };
	if (!status) {
		if (first_input < argc)
			ninputs = expand_inputs(argv + first_input, argc - first_input, &inputs, &diag);
		else
			ninputs = expand_inputs(stdin_arg, 1, &inputs, &diag);
		if (diag.errors)
			status = 1;
	}

	int ninputs_run = ninputs;
	struct frontend fe;
	frontend_init(&fe, &diag);
	/* like upstream, -N lists names without the checks made while compiling */
	fe.ropts.skip_profile_checks = final.names;
	fe.ropts.keep_variables = compile;
	if (final.ns)
		fe.ropts.namespace_override = final.ns;
	if (frontend_options_apply(&final.fe, &fe) < 0) {
		status = 1;
		ninputs_run = 0;   /* without the features asked for, checking means nothing */
	}
	if ((compile || final.print_cache_dir || final.purge_cache) && !fe.features && !status) {
		/* no -M: compile for the running kernel, as upstream does */
		struct features *kf = NULL;
		struct features_error ferr;
		if (features_load(AT_FDCWD, "/sys/kernel/security/apparmor/features", &kf, &ferr) == 0) {
			if (frontend_set_features(&fe, kf) < 0)
				status = 1;
		} else
			diag_warn(&diag, WARN_CONFIG, (struct source_loc){ 0 },
				  "no features file (-M) and no kernel features: compiling for a kernel without policydb mediation");
	}
	struct compile_options copts = { fe.features, final.force_complain, !final.no_equiv };
	/* what else changes the bytes for the same sources and features */
	uint32_t cache_options = final.no_equiv ? 1u : 0u;
	struct output out;
	memset(&out, 0, sizeof(out));
	bool out_open = false;
	if (emit && !status && ninputs_run) {
		if (output_open(&out, &final, &diag) < 0)
			status = 1;
		else
			out_open = true;
	}
	/* -Q -k: report whether the cache holds each file, without compiling */
	bool probe_cache = final.show_cache && final.skip_load && !front_only && !compile;
	/* from here on the run's status is the one status */
	struct run run = { .o = &final, .diag = &diag, .fe = &fe, .copts = &copts, .aadir = aadir,
			   .load = load, .out = &out, .status = status };
	struct policy_cache cache;
	memset(&cache, 0, sizeof(cache));
	if (!run.status && open_cache(&run, &cache, compile, probe_cache) < 0)
		run.status = 1;
	if (final.print_cache_dir && !run.status) {
		if (run.cache) {
			char *dir = policy_cache_dir_path(&cache);
			printf("%s\n", dir);
			free(dir);
		} else {
			run.status = 1;
		}
		ninputs_run = 0;
	}
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = (unsigned)(final.jobs ? final.jobs : (ncpu > 0 ? ncpu : 1));
	struct compile_batch *batch = compile ? compile_batch_new(&copts, jobs, &diag) : NULL;
	size_t drained = 0;
	for (int i = 0; i < ninputs_run && !(run.status && final.abort_on_error); i++) {
		if (final.binary) {
			use_binary(&run, inputs[i]);
			continue;
		}
		if (final.preprocess) {
			struct strbuf text = STRBUF_INIT;
			if (frontend_preprocess(&fe, inputs[i], &text) < 0)
				run.status = 1;
			fwrite(text.buf ? text.buf : "", 1, text.len, stdout);
			strbuf_release(&text);
			continue;
		}
		/* on the heap from the start: a model with a variable expander
		 * must not move (the expander points into it) */
		struct policy *pol = xcalloc(1, sizeof(*pol));
		if (frontend_load(&fe, inputs[i], pol) < 0) {
			/* the files before this one are used first, as if compiled
			 * one by one: what is written or loaded must not depend on
			 * how far the threads had got */
			if (batch)
				drain_batch(&run, batch, &drained, true);
			run.status = 1;
		} else if (final.names)
			print_names(pol->profiles, pol->nprofiles, NULL, stdout);
		else if (final.dump)
			dump_to(pol, stdout);
		else if (probe_cache && run.cache)
			probe(&run, inputs[i], pol, cache_options);
		else if (final.remove && !final.skip_load)
			run.status |= remove_profiles(pol, aadir, &diag);
		else if (compile) {
			submit(&run, batch, inputs[i], pol, cache_options);
			/* results leave in input order as soon as they are ready */
			drain_batch(&run, batch, &drained, false);
			continue;
		}
		policy_free_arrays(pol);
		free(pol);
	}
	if (batch) {
		compile_batch_finish(batch);
		drain_batch(&run, batch, &drained, true);
		compile_batch_free(batch);
		free(run.jobs);
	}
	if (run.cache)
		policy_cache_close(&cache);
	status = run.status;
	if (out_open)
		status |= output_close(&out, status != 0, &diag);
	if (diag.errors)
		status = 1;
	diag_finish(&diag);   /* before frontend_destroy: diagnostics point into its sources */
	frontend_destroy(&fe);
	free_inputs(inputs, ninputs);
	for (int i = 0; i < nconf; i++)
		free(conf[i]);
	free(conf);
	diag_destroy(&diag);
	return status;
}
