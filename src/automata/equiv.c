/*
 * equiv: byte equivalence classes of a finished DFA (the kernel's EC table).
 *
 * Owns: merging the construction classes of a (usually minimized) DFA whose
 * columns became identical, and numbering them for the EC table. Bytes that
 * no state distinguishes share a class, so rows get shorter. Must not know
 * the table layout (pack.c) or how the DFA was built.
 */
#include "automata/internal.h"

#include <string.h>

uint32_t automata_equiv_classes(const struct aut_dfa *d, uint8_t ec[256], uint32_t rep_class[256]);

/*
 * Fills ec[byte] with the final class of each byte and rep_class[e] with a
 * construction class standing for final class e. Returns the class count.
 */
uint32_t automata_equiv_classes(const struct aut_dfa *d, uint8_t ec[256], uint32_t rep_class[256])
{
	uint32_t k = d->nclasses, n = d->nstates;
	uint32_t merged[AUT_MAX_CLASSES];   /* construction class -> final class */
	uint32_t nfinal = 0;
	uint64_t h[AUT_MAX_CLASSES];
	/* the out-of-band class is no byte's: it never enters the EC table */
	for (uint32_t c = 0; c < k; c++) {
		uint64_t x = 0x9e3779b97f4a7c15ull;
		for (uint32_t s = 0; s < n; s++) {
			x ^= d->next[(size_t)s * k + c];
			x *= 0xff51afd7ed558ccdull;
			x ^= x >> 31;
		}
		h[c] = x;
	}
	for (uint32_t c = 0; c < k; c++) {
		merged[c] = UINT32_MAX;
		if (c == d->oob_class)
			continue;
		for (uint32_t e = 0; e < nfinal; e++) {
			uint32_t r = rep_class[e];
			if (h[r] != h[c])
				continue;
			bool same = true;
			for (uint32_t s = 0; s < n && same; s++)
				same = d->next[(size_t)s * k + c] == d->next[(size_t)s * k + r];
			if (same) {
				merged[c] = e;
				break;
			}
		}
		if (merged[c] == UINT32_MAX) {
			rep_class[nfinal] = c;
			merged[c] = nfinal++;
		}
	}
	for (unsigned b = 0; b < 256; b++)
		ec[b] = (uint8_t)merged[d->byte_class[b]];
	return nfinal;
}
