/*
 * decode, policy-compare: 'confine decode [--json] [--dfa] [--match PROFILE
 * CLASS STRING]... FILE' prints what a binary policy (a load buffer or cache
 * file) holds; 'confine policy-compare A B' tells whether two of them are
 * semantically identical (exit 0), differ (exit 1, one report per
 * difference) or cannot be decoded (exit 2).
 */
#include "commands.h"

#include "binary/equiv.h"
#include "binary/reader.h"
#include "policy/names.h"
#include "support/strbuf.h"

#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const rlimit_names[BINREAD_RLIMITS_MAX] = {
	"cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile", "memlock", "as",
	"locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime",
};


/* A binary policy is at most 1 GiB, like apparmor_parser -B reads it. */
static int read_whole_file(const char *cmd, const char *path, char **buf, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	int r = strcmp(path, "-") == 0 ? strbuf_read_fd(&sb, STDIN_FILENO, (size_t)1 << 30)
				       : strbuf_read_file(&sb, path, (size_t)1 << 30, 0);
	if (r < 0) {
		fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(-r));
		strbuf_release(&sb);
		return -1;
	}
	*buf = strbuf_detach(&sb, len);
	return 0;
}

static struct binread_policy *load(const char *cmd, const char *path)
{
	char *buf;
	size_t len;
	if (read_whole_file(cmd, path, &buf, &len) < 0)
		return NULL;
	struct binread_policy *pol = NULL;
	struct binread_error err;
	if (binread_decode(buf, len, NULL, &pol, &err) < 0)
		fprintf(stderr, "%s: %s: %s\n", cmd, path, err.msg[0] ? err.msg : "cannot decode");
	free(buf);
	return pol;
}

/* ---- text helpers ---- */

static void caps_text(struct strbuf *sb, uint64_t caps)
{
	size_t start = sb->len;
	for (int i = 0; i < 64; i++) {
		if (!(caps >> i & 1))
			continue;
		const char *n = capability_name(i);
		if (sb->len > start)
			strbuf_addch(sb, ' ');
		if (n)
			strbuf_addstr(sb, n);
		else
			strbuf_addf(sb, "cap%d", i);
	}
	if (sb->len == start)
		strbuf_addstr(sb, "-");
}

static void flags_text(struct strbuf *sb, uint32_t flags)
{
	size_t start = sb->len;
	static const char *const names[] = { "hat", "debug1", "debug2", "interruptible", "prompt_compat" };
	for (int i = 0; i < 32; i++) {
		if (!(flags >> i & 1))
			continue;
		if (sb->len > start)
			strbuf_addch(sb, ' ');
		if (i < 5)
			strbuf_addstr(sb, names[i]);
		else
			strbuf_addf(sb, "bit%d", i);
	}
	if (sb->len == start)
		strbuf_addstr(sb, "-");
}

struct dfa_ref {
	const char *label;
	enum binequiv_dfa_kind kind;
	const struct binread_pdb *pdb;
	const struct binread_xtable *xt;
};

static size_t profile_dfas(const struct binread_profile *p, struct dfa_ref out[3])
{
	size_t n = 0;
	if (p->xmatch.dfa.tables)
		out[n++] = (struct dfa_ref){ "xmatch", BINEQUIV_XMATCH, &p->xmatch, NULL };
	if (p->policydb.dfa.tables)
		out[n++] = (struct dfa_ref){ "policydb", BINEQUIV_POLICYDB, &p->policydb,
					     p->policydb.xtable.present ? &p->policydb.xtable : NULL };
	if (p->file.dfa.tables)
		out[n++] = (struct dfa_ref){ "file", BINEQUIV_FILE, &p->file, &p->file.xtable };
	return n;
}

/* true when the state carries any permission (what --dfa lists) */
/*
 * Does state s grant anything? With a perms table, a file DFA's state with
 * the owner flag (ACCEPT2 bit 0) has a second entry for other users, as the
 * kernel's aa_lookup_condperms reads it; other DFAs have no such split (as
 * binary/equiv.c compares them).
 */
static bool accepting(const struct dfa_ref *r, uint32_t s)
{
	const struct binread_pdb *pdb = r->pdb;
	const struct aut_tables *t = pdb->dfa.tables;
	if (!pdb->has_perms)
		return t->accept[s] || t->accept2[s];
	uint32_t i = t->accept[s];
	if (i >= pdb->nperms)
		return false;
	const struct binread_perm_entry *e = &pdb->perms[i];
	const struct binread_perm_entry zero = { 0 };
	if (memcmp(e, &zero, sizeof(zero)) != 0)
		return true;
	if (r->kind == BINEQUIV_FILE && (t->accept2[s] & 1) && i + 1 < pdb->nperms)
		return memcmp(&pdb->perms[i + 1], &zero, sizeof(zero)) != 0;
	return false;
}

/* States that name a reference state (BASE bit 31, with the header flag). */
static uint32_t diff_encoded_states(const struct aut_tables *t)
{
	uint32_t n = 0;
	if (t->flags & 1u)
		for (uint32_t s = 0; s < t->nstates; s++)
			n += (t->base[s] & 0x80000000u) != 0;
	return n;
}

static void dfa_summary(struct strbuf *sb, const struct binread_pdb *pdb)
{
	const struct aut_tables *t = pdb->dfa.tables;
	strbuf_addf(sb, "%u states, %u next/check entries, %zu bytes (pad %u)", t->nstates, t->nnext,
		    pdb->dfa.size, pdb->dfa.pad);
	if (t->has_ec)
		strbuf_addstr(sb, ", equivalence classes");
	if (t->wide)
		strbuf_addstr(sb, ", 32-bit states");
	if (pdb->dfa.has_oob)
		strbuf_addstr(sb, ", out-of-band transitions");
	uint32_t ndiff = diff_encoded_states(t);
	if (ndiff)
		strbuf_addf(sb, ", %u diff-encoded states", ndiff);
	if (!pdb->dfa.has_accept2)
		strbuf_addstr(sb, ", no ACCEPT2");
	if (pdb->has_perms)
		strbuf_addf(sb, "; perms table v%u, %u entries", pdb->perms_version, pdb->nperms);
	if (pdb->has_permsv)
		strbuf_addf(sb, ", permsv %u", pdb->permsv);
	if (pdb->has_start)
		strbuf_addf(sb, "; start %u", pdb->start);
	if (pdb->has_dfa_start)
		strbuf_addf(sb, "; dfa_start %u", pdb->dfa_start);
}

static void print_accepting(FILE *out, const struct dfa_ref *r)
{
	struct binequiv_paths paths;
	uint32_t start = binread_pdb_start(r->pdb, r->kind == BINEQUIV_FILE);
	if (binequiv_shortest_paths(&r->pdb->dfa, start, &paths) < 0)
		return;
	size_t n = 0;
	for (uint32_t s = 0; s < paths.nstates; s++) {
		if (paths.depth[s] == UINT32_MAX || !accepting(r, s))
			continue;
		struct binequiv_input in;
		binequiv_path_to(&paths, s, &in);
		char *str = binequiv_format_input(&in);
		char *perm = binequiv_format_state(r->kind, r->pdb, r->xt, s);
		fprintf(out, "      %s  %s\n", str, perm);
		free(str);
		free(perm);
		free(in.sym);
		n++;
	}
	fprintf(out, "      (%zu accepting state%s reachable)\n", n, n == 1 ? "" : "s");
	binequiv_paths_free(&paths);
}

static void print_text(FILE *out, const char *path, const struct binread_policy *pol, bool dfa)
{
	fprintf(out, "%s: %zu profile%s, %zu bytes\n", path, pol->nprofiles,
		pol->nprofiles == 1 ? "" : "s", pol->size);
	for (size_t i = 0; i < pol->nprofiles; i++) {
		const struct binread_profile *p = &pol->profiles[i];
		struct strbuf sb = STRBUF_INIT;
		fprintf(out, "profile %s\n", p->name);
		fprintf(out, "  unit: offset %zu, version 0x%08x (abi %u%s)%s%s\n", p->offset, p->version,
			p->version & 0x3ff, (p->version & 0x800) ? ", force-complain" : "",
			p->unit_namespace ? ", namespace header " : "",
			p->unit_namespace ? p->unit_namespace : "");
		if (p->ns)
			fprintf(out, "  namespace: %s\n", p->ns);
		if (p->rename)
			fprintf(out, "  rename: %s\n", p->rename);
		if (p->attach)
			fprintf(out, "  attach: %s\n", p->attach);
		flags_text(&sb, p->flags);
		fprintf(out, "  flags: %s; mode %s; audit %s\n", strbuf_str(&sb), binread_mode_name(p->mode),
			p->audit ? "on" : "off");
		if (p->has_path_flags)
			fprintf(out, "  path_flags: 0x%x\n", p->path_flags);
		if (p->disconnected)
			fprintf(out, "  disconnected: %s\n", p->disconnected);
		if (p->disconnected_ipc)
			fprintf(out, "  disconnected_ipc: %s\n", p->disconnected_ipc);
		if (p->has_kill)
			fprintf(out, "  kill: %u\n", p->kill);
		if (p->has_error)
			fprintf(out, "  error: %u\n", p->error);
		const char *cn[3] = { "allow", "audit", "quiet" };
		const uint64_t cv[3] = { p->caps_allow, p->caps_audit, p->caps_quiet };
		for (int k = 0; k < 3; k++) {
			strbuf_reset(&sb);
			caps_text(&sb, cv[k]);
			fprintf(out, "  caps %s: 0x%016llx %s\n", cn[k], (unsigned long long)cv[k],
				strbuf_str(&sb));
		}
		if (p->has_capsx)
			fprintf(out, "  capsx: 0x%016llx\n", (unsigned long long)p->capsx);
		for (uint32_t k = 0; k < p->nidentity; k++)
			fprintf(out, "  identity: %s\n", p->identity[k]);
		if (p->has_rlimits) {
			fprintf(out, "  rlimits: mask 0x%x", p->rlimit_mask);
			for (uint32_t k = 0; k < p->nrlimits; k++)
				if (p->rlimit_mask >> k & 1)
					fprintf(out, " %s=%llu", rlimit_names[k], (unsigned long long)p->rlimits[k]);
			fputc('\n', out);
		}
		for (uint32_t k = 0; k < p->nxattrs; k++)
			fprintf(out, "  xattr: %s\n", p->xattrs[k]);
		for (uint32_t k = 0; k < p->nsecmark; k++)
			fprintf(out, "  secmark: audit %u deny %u label %s\n", p->secmark[k].audit,
				p->secmark[k].deny, p->secmark[k].label);
		for (uint32_t k = 0; k < p->nnet_af; k++)
			if (p->net_af[k][0] || p->net_af[k][1] || p->net_af[k][2])
				fprintf(out, "  network (net_allowed_af) family %u: allow 0x%x audit 0x%x quiet 0x%x\n",
					k, p->net_af[k][0], p->net_af[k][1], p->net_af[k][2]);
		if (p->has_xmatch_len)
			fprintf(out, "  xmatch_len: %u\n", p->xmatch_len);
		struct dfa_ref refs[3];
		size_t nrefs = profile_dfas(p, refs);
		if (p->has_policydb && !p->policydb.dfa.tables)
			fprintf(out, "  policydb: present, no DFA\n");
		for (size_t k = 0; k < nrefs; k++) {
			strbuf_reset(&sb);
			dfa_summary(&sb, refs[k].pdb);
			fprintf(out, "  %s DFA: %s\n", refs[k].label, strbuf_str(&sb));
			if (dfa)
				print_accepting(out, &refs[k]);
		}
		const struct binread_xtable *xts[2] = { &p->policydb.xtable, &p->file.xtable };
		for (int k = 0; k < 2; k++)
			for (uint32_t e = 0; xts[k]->present && e < xts[k]->n; e++)
				fprintf(out, "  %sxtable[%u] (exec index %u): %s\n", k ? "" : "policydb ", e, e + 4,
					xts[k]->names[e]);
		for (uint32_t k = 0; k < p->ndata; k++)
			fprintf(out, "  data: %s (%zu bytes)\n", p->data[k].key, p->data[k].len);
		strbuf_release(&sb);
	}
}

/* ---- JSON ---- */

static json_object *json_u64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

static json_object *json_str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *json_caps(uint64_t caps)
{
	json_object *a = json_object_new_array();
	for (int i = 0; i < 64; i++) {
		if (!(caps >> i & 1))
			continue;
		const char *n = capability_name(i);
		char tmp[16];
		snprintf(tmp, sizeof(tmp), "cap%d", i);
		json_object_array_add(a, json_object_new_string(n ? n : tmp));
	}
	return a;
}

static json_object *json_dfa(const struct dfa_ref *r, bool dfa)
{
	const struct binread_pdb *pdb = r->pdb;
	const struct aut_tables *t = pdb->dfa.tables;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "states", json_object_new_int64(t->nstates));
	json_object_object_add(o, "next_entries", json_object_new_int64(t->nnext));
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)pdb->dfa.size));
	json_object_object_add(o, "pad", json_object_new_int(pdb->dfa.pad));
	json_object_object_add(o, "equivalence_classes", json_object_new_boolean(t->has_ec));
	json_object_object_add(o, "state32", json_object_new_boolean(t->wide));
	json_object_object_add(o, "out_of_band", json_object_new_boolean(pdb->dfa.has_oob));
	json_object_object_add(o, "diff_encoded_states",
			       json_object_new_int64(diff_encoded_states(pdb->dfa.tables)));
	json_object_object_add(o, "start", json_object_new_int64(binread_pdb_start(pdb, r->kind == BINEQUIV_FILE)));
	if (pdb->has_perms)
		json_object_object_add(o, "perms_entries", json_object_new_int64(pdb->nperms));
	if (pdb->has_permsv)
		json_object_object_add(o, "permsv", json_object_new_int64(pdb->permsv));
	if (dfa) {
		json_object *acc = json_object_new_array();
		struct binequiv_paths paths;
		if (binequiv_shortest_paths(&pdb->dfa, binread_pdb_start(pdb, r->kind == BINEQUIV_FILE),
					    &paths) == 0) {
			for (uint32_t s = 0; s < paths.nstates; s++) {
				if (paths.depth[s] == UINT32_MAX || !accepting(r, s))
					continue;
				struct binequiv_input in;
				binequiv_path_to(&paths, s, &in);
				char *str = binequiv_format_input(&in);
				char *perm = binequiv_format_state(r->kind, pdb, r->xt, s);
				json_object *e = json_object_new_object();
				json_object_object_add(e, "state", json_object_new_int64(s));
				json_object_object_add(e, "input", json_object_new_string(str));
				json_object_object_add(e, "accept", json_object_new_int64(t->accept[s]));
				json_object_object_add(e, "accept2", json_object_new_int64(t->accept2[s]));
				json_object_object_add(e, "perms", json_object_new_string(perm));
				json_object_array_add(acc, e);
				free(str);
				free(perm);
				free(in.sym);
			}
			binequiv_paths_free(&paths);
		}
		json_object_object_add(o, "accepting", acc);
	}
	return o;
}

static json_object *json_strings(char **v, uint32_t n)
{
	json_object *a = json_object_new_array();
	for (uint32_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static void print_json(FILE *out, const char *path, const struct binread_policy *pol, bool dfa)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "file", json_object_new_string(path));
	json_object_object_add(root, "bytes", json_object_new_int64((int64_t)pol->size));
	json_object *profs = json_object_new_array();
	for (size_t i = 0; i < pol->nprofiles; i++) {
		const struct binread_profile *p = &pol->profiles[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(p->name));
		json_object_object_add(o, "namespace", json_str_or_null(p->ns));
		json_object_object_add(o, "offset", json_object_new_int64((int64_t)p->offset));
		json_object_object_add(o, "version", json_object_new_int64(p->version));
		json_object_object_add(o, "flags", json_object_new_int64(p->flags));
		json_object_object_add(o, "hat", json_object_new_boolean(p->flags & 1));
		json_object_object_add(o, "mode", json_object_new_string(binread_mode_name(p->mode)));
		json_object_object_add(o, "audit", json_object_new_boolean(p->audit != 0));
		json_object_object_add(o, "path_flags",
				       p->has_path_flags ? json_object_new_int64(p->path_flags) : NULL);
		json_object_object_add(o, "disconnected", json_str_or_null(p->disconnected));
		if (p->rename)
			json_object_object_add(o, "rename", json_object_new_string(p->rename));
		if (p->attach)
			json_object_object_add(o, "attach", json_object_new_string(p->attach));
		if (p->has_kill)
			json_object_object_add(o, "kill", json_object_new_int64(p->kill));
		if (p->has_error)
			json_object_object_add(o, "error", json_object_new_int64(p->error));
		json_object *caps = json_object_new_object();
		json_object_object_add(caps, "allow", json_u64(p->caps_allow));
		json_object_object_add(caps, "audit", json_u64(p->caps_audit));
		json_object_object_add(caps, "quiet", json_u64(p->caps_quiet));
		json_object_object_add(caps, "allow_names", json_caps(p->caps_allow));
		if (p->has_capsx)
			json_object_object_add(caps, "extended", json_u64(p->capsx));
		json_object_object_add(o, "caps", caps);
		if (p->has_rlimits) {
			json_object *rl = json_object_new_object();
			for (uint32_t k = 0; k < p->nrlimits; k++)
				if (p->rlimit_mask >> k & 1)
					json_object_object_add(rl, rlimit_names[k], json_u64(p->rlimits[k]));
			json_object_object_add(o, "rlimits", rl);
		}
		if (p->has_xattrs)
			json_object_object_add(o, "xattrs", json_strings(p->xattrs, p->nxattrs));
		if (p->has_xmatch_len)
			json_object_object_add(o, "xmatch_len", json_object_new_int64(p->xmatch_len));
		struct dfa_ref refs[3];
		size_t nrefs = profile_dfas(p, refs);
		for (size_t k = 0; k < nrefs; k++)
			json_object_object_add(o, refs[k].label, json_dfa(&refs[k], dfa));
		json_object_object_add(o, "xtable", json_strings(p->file.xtable.names, p->file.xtable.n));
		if (p->policydb.xtable.present)
			json_object_object_add(o, "policydb_xtable",
					       json_strings(p->policydb.xtable.names, p->policydb.xtable.n));
		if (p->has_data) {
			json_object *d = json_object_new_object();
			for (uint32_t k = 0; k < p->ndata; k++)
				json_object_object_add(d, p->data[k].key,
						       json_object_new_int64((int64_t)p->data[k].len));
			json_object_object_add(o, "data", d);
		}
		json_object_array_add(profs, o);
	}
	json_object_object_add(root, "profiles", profs);
	fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
	      out);
	fputc('\n', out);
	json_object_put(root);
}

/* ---- --match ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "\xNN", "\0", "\\", "\oob" escapes; returns -1 on a bad escape */
static int parse_input(const char *s, struct binequiv_input *in)
{
	size_t n = strlen(s);
	in->sym = malloc((n + 1) * sizeof(uint16_t));
	in->len = 0;
	if (!in->sym)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			in->sym[in->len++] = (uint8_t)s[i];
			continue;
		}
		if (i + 1 >= n)
			return -1;
		char c = s[++i];
		if (c == 'x' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			in->sym[in->len++] = (uint16_t)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (c == '0') {
			in->sym[in->len++] = 0;
		} else if (c == '\\' || c == '"') {
			in->sym[in->len++] = (uint8_t)c;
		} else if (strncmp(s + i, "oob", 3) == 0) {
			in->sym[in->len++] = BINREAD_OOB;
			i += 2;
		} else {
			return -1;
		}
	}
	return 0;
}

struct match_query {
	const char *profile, *cls, *input;
};

static int run_match(FILE *out, const char *path, const struct binread_policy *pol,
		     const struct match_query *q)
{
	const struct binread_profile *p = binread_find_profile(pol, q->profile);
	if (!p) {
		fprintf(stderr, "confine decode: %s: no profile '%s'\n", path, q->profile);
		return -1;
	}
	enum binequiv_dfa_kind kind;
	const struct binread_pdb *pdb;
	const struct binread_xtable *xt = NULL;
	if (strcmp(q->cls, "file") == 0) {
		kind = BINEQUIV_FILE;
		pdb = &p->file;
		xt = &p->file.xtable;
	} else if (strcmp(q->cls, "policydb") == 0) {
		kind = BINEQUIV_POLICYDB;
		pdb = &p->policydb;
		xt = p->policydb.xtable.present ? &p->policydb.xtable : NULL;
	} else if (strcmp(q->cls, "xmatch") == 0) {
		kind = BINEQUIV_XMATCH;
		pdb = &p->xmatch;
	} else {
		fprintf(stderr, "confine decode: unknown DFA '%s' (file, policydb or xmatch)\n", q->cls);
		return -1;
	}
	struct binequiv_input in;
	if (parse_input(q->input, &in) < 0) {
		fprintf(stderr, "confine decode: bad escape in '%s' (\\xNN, \\0, \\\\, \\oob)\n", q->input);
		free(in.sym);
		return -1;
	}
	uint32_t s = binread_pdb_start(pdb, kind == BINEQUIV_FILE);
	for (size_t i = 0; i < in.len && s; i++)
		s = binread_dfa_step(&pdb->dfa, s, in.sym[i]);
	char *str = binequiv_format_input(&in);
	char *perm = binequiv_format_state(kind, pdb, xt, s);
	fprintf(out, "match %s %s %s: %s\n", p->name, q->cls, str, perm);
	free(str);
	free(perm);
	free(in.sym);
	return 0;
}

static const char decode_usage[] =
	"usage: confine decode [--json] [--dfa] [--match PROFILE CLASS STRING]... FILE\n"
	"  CLASS is file, policydb or xmatch; STRING may use \\xNN, \\0, \\\\ and \\oob\n";

int cmd_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "dfa", no_argument, NULL, 'd' },
		{ "match", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, dfa = false;
	struct match_query queries[64];
	size_t nq = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "+jdm:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'd': dfa = true; break;
		case 'm':
			if (optind + 1 >= argc) {
				fputs("confine decode: --match needs PROFILE CLASS STRING\n", stderr);
				return 2;
			}
			if (nq == sizeof(queries) / sizeof(queries[0])) {
				fputs("confine decode: too many --match queries (64 at most)\n", stderr);
				return 2;
			}
			queries[nq++] = (struct match_query){ optarg, argv[optind], argv[optind + 1] };
			optind += 2;
			break;
		case 'h':
			fputs(decode_usage, stdout);
			return 0;
		default:
			fputs(decode_usage, stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fputs(optind >= argc ? "confine decode: no input file\n" : "confine decode: one file at a time\n",
		      stderr);
		fputs(decode_usage, stderr);
		return 2;
	}
	const char *path = argv[optind];
	struct binread_policy *pol = load("confine decode", path);
	if (!pol)
		return 2;
	int ret = 0;
	if (nq) {
		for (size_t i = 0; i < nq; i++)
			if (run_match(stdout, path, pol, &queries[i]) < 0)
				ret = 1;
	} else if (json) {
		print_json(stdout, path, pol, dfa);
	} else {
		print_text(stdout, path, pol, dfa);
	}
	binread_free(pol);
	return ret;
}

static const char compare_usage[] = "usage: confine policy-compare [--max-pairs N] [--quiet] A B\n";

int cmd_policy_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "max-pairs", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct binequiv_opts eo = { 0 };
	bool quiet = false;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "p:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'p': {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (errno || *end || !v) {
				fprintf(stderr, "confine policy-compare: bad --max-pairs '%s'\n", optarg);
				return 2;
			}
			eo.max_pairs = (size_t)v;
			break;
		}
		case 'q': quiet = true; break;
		case 'h':
			fputs(compare_usage, stdout);
			return 0;
		default:
			fputs(compare_usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fputs("confine policy-compare: give exactly two files\n", stderr);
		fputs(compare_usage, stderr);
		return 2;
	}
	const char *pa = argv[optind], *pb = argv[optind + 1];
	struct binread_policy *a = load("confine policy-compare", pa);
	if (!a)
		return 2;
	struct binread_policy *b = load("confine policy-compare", pb);
	if (!b) {
		binread_free(a);
		return 2;
	}
	struct binequiv_result res;
	int r = binequiv_compare(a, b, &eo, &res);
	int ret;
	if (r < 0) {
		fprintf(stderr, "confine policy-compare: %s\n", res.error);
		ret = 2;
	} else if (res.ndiffs == 0) {
		if (!quiet)
			printf("%s and %s are equivalent (%zu profile%s, %zu state pairs compared)\n", pa, pb,
			       a->nprofiles, a->nprofiles == 1 ? "" : "s", res.pairs_visited);
		ret = 0;
	} else {
		if (!quiet) {
			printf("A = %s\nB = %s\n", pa, pb);
			for (size_t i = 0; i < res.ndiffs; i++)
				printf("profile %s: %s\n", res.diffs[i].profile ? res.diffs[i].profile : "-",
				       res.diffs[i].message);
			printf("%zu difference%s\n", res.ndiffs, res.ndiffs == 1 ? "" : "s");
		}
		ret = 1;
	}
	binequiv_result_free(&res);
	binread_free(a);
	binread_free(b);
	return ret;
}
