/*
 * equiv: semantic comparison of two decoded load buffers (reader.h), e.g.
 * one compiled by Debian's apparmor_parser and one by confine.
 *
 * Owns: src/binary/equiv.{h,c}. Two buffers are equivalent when they hold
 * the same set of profiles (matched by full name, order-insensitive) with the
 * same header facts (effective mode, hat/debug flags, audit, path flags,
 * capabilities, rlimits, xattrs, xmatch_len, ...) and, for every DFA
 * (xmatch, policydb, file), the same permissions after every input string:
 * a breadth-first walk of the product automaton from both start states over
 * the 256 byte values (and the out-of-band symbol), each pair of states
 * visited once, reports the shortest input that reaches a difference.
 * Permissions are the ACCEPT/ACCEPT2 words (§4.2) with named-transition
 * indexes compared by the xtable entry they name, or the decoded perms-table
 * entries (§4.5). It reads the model only; it never decodes bytes itself.
 */
#ifndef CONFINE_BINARY_EQUIV_H
#define CONFINE_BINARY_EQUIV_H

#include "binary/reader.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which DFA of a profile. */
enum binequiv_dfa_kind {
	BINEQUIV_XMATCH,
	BINEQUIV_POLICYDB,
	BINEQUIV_FILE,
};

const char *binequiv_dfa_kind_name(enum binequiv_dfa_kind kind);   /* "xmatch DFA", ... */

/* An input string over the DFA alphabet: 0..255 bytes, BINREAD_OOB = 256. */
struct binequiv_input {
	uint16_t *sym;
	size_t len;
};

struct binequiv_diff {
	char *profile;        /* comparison key of the profile, NULL for the buffer as a whole */
	char *what;           /* "profiles", "mode", "caps", "file DFA", ... */
	char *message;        /* human text, possibly several lines, no trailing newline */
	bool has_input;       /* a DFA difference: input is the shortest string */
	struct binequiv_input input;
};

struct binequiv_result {
	size_t ndiffs;
	struct binequiv_diff *diffs;
	size_t pairs_visited;     /* product states visited, all DFAs together */
	char error[256];          /* why a negative value was returned */
};

struct binequiv_opts {
	size_t max_pairs;         /* per DFA pair; 0 = default 10,000,000 */
};

/*
 * Compare two decoded buffers. Returns 0 when the comparison ran (result->ndiffs
 * == 0 means equivalent), or a negative errno (-E2BIG: a product automaton
 * grew past max_pairs) with result->error set. Free with binequiv_result_free.
 */
int binequiv_compare(const struct binread_policy *a, const struct binread_policy *b,
		     const struct binequiv_opts *opts, struct binequiv_result *result);
void binequiv_result_free(struct binequiv_result *result);

/*
 * Compare one DFA of two profiles (xtable: the table named transitions refer
 * to; may be NULL). Returns 0 if equivalent, 1 if different (*diff filled:
 * free its fields with binequiv_diff_release), negative errno on error.
 */
int binequiv_compare_pdb(enum binequiv_dfa_kind kind,
			 const struct binread_pdb *a, const struct binread_xtable *xa,
			 const struct binread_pdb *b, const struct binread_xtable *xb,
			 const struct binequiv_opts *opts, struct binequiv_diff *diff,
			 size_t *pairs_visited);
void binequiv_diff_release(struct binequiv_diff *diff);

/*
 * Shortest inputs from a start state to every state of one DFA (BFS, bytes
 * in increasing order, then OOB). parent[start] = start; unreachable states
 * have depth UINT32_MAX.
 */
struct binequiv_paths {
	uint32_t nstates;
	uint32_t *parent;
	uint32_t *depth;
	uint16_t *sym;
};
int binequiv_shortest_paths(const struct binread_dfa *dfa, uint32_t start,
			    struct binequiv_paths *out);
/* The shortest input reaching state (must be reachable); caller frees in->sym. */
void binequiv_path_to(const struct binequiv_paths *p, uint32_t state, struct binequiv_input *in);
void binequiv_paths_free(struct binequiv_paths *p);

/*
 * Printable form of an input: printable ASCII as is, '\\' and '"' escaped,
 * other bytes as \xNN, the out-of-band symbol as \oob. Caller frees.
 */
char *binequiv_format_input(const struct binequiv_input *in);

/*
 * Human-readable permissions of one state (what the comparison compares):
 * "accept 0x... accept2 0x... (owner: r w; other: r)" or the perms entries.
 * Caller frees.
 */
char *binequiv_format_state(enum binequiv_dfa_kind kind, const struct binread_pdb *pdb,
			    const struct binread_xtable *xtable, uint32_t state);

#endif
