/*
 * libFuzzer target for src/binary: the load-buffer reader and the semantic
 * comparator. The input is decoded as a whole; when it decodes, it must
 * compare equal to itself, and every DFA is walked (shortest paths, state
 * formatting, a --match style walk over the input bytes). The input is also
 * split at its first 0xfe byte and the two halves, when both decode, are
 * compared with each other. Limits keep each run small.
 */
#include "binary/equiv.h"
#include "binary/reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct binread_limits limits = { 64, 1u << 20 };
static const struct binequiv_opts eopts = { 100000 };

static void walk_all(const struct binread_policy *pol, const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < pol->nprofiles; i++) {
		const struct binread_profile *p = &pol->profiles[i];
		const struct binread_pdb *pdbs[3] = { &p->xmatch, &p->policydb, &p->file };
		const enum binequiv_dfa_kind kinds[3] = { BINEQUIV_XMATCH, BINEQUIV_POLICYDB, BINEQUIV_FILE };
		for (int k = 0; k < 3; k++) {
			const struct binread_pdb *pdb = pdbs[k];
			if (!pdb->dfa.tables)
				continue;
			uint32_t start = binread_pdb_start(pdb, kinds[k] == BINEQUIV_FILE);
			struct binequiv_paths paths;
			if (binequiv_shortest_paths(&pdb->dfa, start, &paths) == 0) {
				for (uint32_t s = 0; s < paths.nstates && s < 64; s++) {
					struct binequiv_input in;
					binequiv_path_to(&paths, s, &in);
					if (in.sym) {
						/* walking the path must land on the state */
						uint32_t t = start;
						for (size_t j = 0; j < in.len; j++)
							t = binread_dfa_step(&pdb->dfa, t, in.sym[j]);
						if (t != s)
							abort();
						char *f = binequiv_format_input(&in);
						free(f);
						free(in.sym);
					}
					char *st = binequiv_format_state(kinds[k], pdb, &pdb->xtable, s);
					free(st);
				}
				binequiv_paths_free(&paths);
			}
			binread_dfa_walk(&pdb->dfa, start, data, size < 256 ? size : 256);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct binread_policy *pol = NULL;
	struct binread_error err;
	if (binread_decode(data, size, &limits, &pol, &err) == 0) {
		struct binequiv_result res;
		int r = binequiv_compare(pol, pol, &eopts, &res);
		if (r == 0 && res.ndiffs != 0)
			abort();   /* a buffer always equals itself */
		binequiv_result_free(&res);
		walk_all(pol, data, size);
		binread_free(pol);
	} else if (err.msg[0] == '\0' || err.offset > size) {
		abort();
	}
	const uint8_t *cut = memchr(data, 0xfe, size);
	if (cut) {
		size_t n1 = (size_t)(cut - data), n2 = size - n1 - 1;
		struct binread_policy *a = NULL, *b = NULL;
		if (binread_decode(data, n1, &limits, &a, &err) == 0 &&
		    binread_decode(cut + 1, n2, &limits, &b, &err) == 0) {
			struct binequiv_result res;
			binequiv_compare(a, b, &eopts, &res);
			for (size_t i = 0; i < res.ndiffs; i++)
				if (!res.diffs[i].message)
					abort();
			binequiv_result_free(&res);
		}
		binread_free(a);
		binread_free(b);
	}
	return 0;
}
