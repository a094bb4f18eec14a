/*
 * aut_replay: rebuild, with src/automata, every DFA that apparmor_parser
 * built, from its own rule dump, and compare state counts and cost.
 *
 * Owns: nothing in the library; a bench/verification driver. It reads the
 * stderr of
 *     apparmor_parser -QKS -D rule-exprs -D dfa-stats ...
 * in which every "rule: <regex>  ->  <tree>[ deny] (0xPERMS/AUDIT)..." line is a
 * rule exactly as upstream's lowering fed it to its DFA builder (internal
 * regex dialect, §5.4), and every "Created dfa"/"... partitions N" pair closes
 * one DFA with upstream's minimal state count (printed in hex: the dump leaves
 * the stream in hex mode). So the comparison covers the whole language
 * without depending on our own front end.
 *
 * usage: aut_replay [-v] [-r REPEAT] [-p] [-e] DUMP...
 *   -v  list every DFA;  -r  build each DFA REPEAT times (timing);
 *   -p  also pack (comb tables) and serialize;  -e  with EC tables
 */
#include "automata/automata.h"
#include "support/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct rrule {
	char *regex;
	size_t len;
	int deny;
	unsigned long perms, audit;
};

struct group {
	struct rrule *rules;
	size_t n, cap;
	long upstream;        /* minimal states reported by apparmor_parser, -1 unknown */
	char *file;
};

static struct group *groups;
static size_t ngroups, capgroups;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct group *cur_group(const char *file)
{
	if (ngroups == 0 || groups[ngroups - 1].upstream != -2) {
		if (ngroups == capgroups) {
			capgroups = capgroups ? capgroups * 2 : 64;
			groups = realloc(groups, capgroups * sizeof(*groups));
		}
		memset(&groups[ngroups], 0, sizeof(groups[0]));
		groups[ngroups].upstream = -2;     /* open */
		groups[ngroups].file = strdup(file);
		ngroups++;
	}
	return &groups[ngroups - 1];
}

static void parse_rule(const char *file, char *line)
{
	char *arrow = strstr(line, "  ->  ");
	char *perm = NULL;
	for (char *p = strstr(line, " (0x"); p; p = strstr(p + 1, " (0x"))
		perm = p;
	if (!arrow || !perm)
		return;
	struct group *g = cur_group(file);
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->rules = realloc(g->rules, g->cap * sizeof(*g->rules));
	}
	struct rrule *r = &g->rules[g->n++];
	r->len = (size_t)(arrow - line);
	r->regex = malloc(r->len + 1);
	memcpy(r->regex, line, r->len);
	r->regex[r->len] = 0;
	r->deny = perm - line >= 5 && !strncmp(perm - 5, " deny", 5);
	r->perms = strtoul(perm + 4, NULL, 16);
	char *slash = strchr(perm + 4, '/');
	r->audit = slash ? strtoul(slash + 1, NULL, 16) : 0;
}

static void close_group(const char *file, const char *num)
{
	struct group *g = cur_group(file);
	g->upstream = strtol(num, NULL, 16);
}

static void read_dump(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		perror(file);
		exit(2);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = 0;
		/* progress lines end in \r; take the last segment */
		char *seg = line;
		for (char *p = line; *p; p++)
			if (*p == '\r')
				seg = p + 1;
		while (*seg == 033) {
			char *k = strchr(seg, 'K');
			if (!k)
				break;
			seg = k + 1;
		}
		if (!strncmp(seg, "rule: ", 6)) {
			parse_rule(file, seg + 6);
		} else if (!strncmp(seg, "Dfa minimization no states removed: partitions ", 47)) {
			close_group(file, seg + 47);
		} else if (!strncmp(seg, "Minimized dfa: final partitions ", 32)) {
			close_group(file, seg + 32);
		}
	}
	free(line);
	fclose(f);
	/* a trailing group without stats (no DFA built) is dropped */
	if (ngroups && groups[ngroups - 1].upstream == -2)
		ngroups--;
}

int main(int argc, char **argv)
{
	int verbose = 0, repeat = 1, pack = 0, ec = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-p"))
			pack = 1;
		else if (!strcmp(argv[i], "-e"))
			pack = ec = 1;
		else {
			fprintf(stderr, "usage: aut_replay [-v] [-r N] [-p] [-e] DUMP...\n");
			return 2;
		}
	}
	for (; i < argc; i++)
		read_dump(argv[i]);

	size_t agree = 0, mismatch = 0, failed = 0, total_rules = 0;
	double t_all = 0, t_max = 0;
	uint32_t max_states = 0;
	size_t max_group = 0;
	for (size_t gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];
		total_rules += g->n;
		uint32_t ours = 0, raw = 0;
		size_t build_bytes = 0;
		double best = 1e30;
		int err_seen = 0;
		for (int rep = 0; rep < repeat; rep++) {
			double t0 = now();
			struct aut_ruleset *rs = aut_ruleset_new(NULL);
			struct aut_error err = { 0 };
			int ret = 0;
			for (size_t k = 0; k < g->n && !ret; k++) {
				struct rrule *r = &g->rules[k];
				struct aut_node *node;
				ret = aut_regex(rs, r->regex, r->len, &node, &err);
				if (ret)
					break;
				struct aut_rule rule = { r->deny ? AUT_RULE_DENY : AUT_RULE_ALLOW,
							 (uint32_t)r->perms, (uint32_t)r->audit, 0, NULL, r->regex };
				ret = aut_add_rule(rs, node, &rule, &err);
			}
			struct aut_dfa *dfa = NULL, *min = NULL;
			struct aut_tables *t = NULL;
			if (!ret)
				ret = aut_build(rs, NULL, &dfa, &err);
			if (!ret) {
				aut_release_scratch(dfa);
				ret = aut_minimize_consume(dfa, &min, &err);
			}
			if (!ret && pack) {
				struct aut_pack_opts po = { ec != 0, true, false, true };
				ret = aut_pack(min, &po, &t, &err);
				if (!ret) {
					struct strbuf sb = STRBUF_INIT;
					aut_tables_serialize(t, &sb);
					strbuf_release(&sb);
				}
			}
			if (ret) {
				if (!err_seen)
					printf("FAIL %s dfa#%zu (%zu rules): %s\n", g->file, gi, g->n, err.msg);
				err_seen = 1;
			} else {
				ours = aut_dfa_upstream_state_count(min);
				raw = dfa->nstates;
				build_bytes = dfa->build_bytes;
			}
			aut_tables_free(t);
			aut_dfa_free(dfa);
			aut_dfa_free(min);
			aut_ruleset_free(rs);
			double dt = now() - t0;
			if (dt < best)
				best = dt;
		}
		t_all += best;
		if (err_seen) {
			failed++;
			continue;
		}
		if (ours > max_states) {
			max_states = ours;
			max_group = gi;
			t_max = best;
		}
		if ((long)ours == g->upstream) {
			agree++;
		} else {
			mismatch++;
			printf("MISMATCH %s dfa#%zu (%zu rules): ours %u upstream %ld\n", g->file, gi,
			       g->n, ours, g->upstream);
		}
		if (verbose)
			printf("dfa %s #%zu rules %zu states ours %u upstream %ld time %.4fs "
			       "(unminimized %u, build %.1f MB)\n",
			       g->file, gi, g->n, ours, g->upstream, best, raw, build_bytes / 1e6);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("dfas %zu rules %zu agree %zu mismatch %zu failed %zu\n", ngroups, total_rules,
	       agree, mismatch, failed);
	printf("build_time %.3f s (best of %d)\n", t_all, repeat);
	printf("largest %u states (dfa#%zu of %s, %zu rules) %.3f s\n", max_states, max_group,
	       ngroups ? groups[max_group].file : "-", ngroups ? groups[max_group].n : 0, t_max);
	printf("peak_rss %ld KiB\n", ru.ru_maxrss);
	return mismatch || failed ? 1 : 0;
}
