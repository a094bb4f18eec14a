/*
 * minimize: the minimal DFA (Hopcroft's partition refinement, O(k n log n)
 * for n states and k byte classes, over the incoming transitions that do
 * not come from or go to the dead state).
 *
 * Owns: removal of unreachable states and of states that cannot reach an
 * accepting state (they are all the dead state 0), the initial partition by
 * permission tuple, refinement, and renumbering (0 dead, 1 start, then
 * breadth-first order). Must not know how perms are computed or packed.
 *
 * The result is the unique minimal DFA for the (string -> perms) function,
 * so its state count is comparable with upstream's minimizer, which also
 * starts from the permission partition and refines to a fixpoint.
 *
 * Why Hopcroft over states rather than Valmari & Lehtinen's transition
 * partition (which this module used before): AppArmor's DFAs are nearly
 * complete (a '**' sends almost every byte class somewhere), so transitions
 * number about k times the states, and a partition of the transitions costs
 * three words for each of them on top of the lists; it was the peak memory
 * of a whole compilation. Here a transition costs six bytes (its tail and
 * its label, in the per-state incoming lists; the label takes two bytes
 * because the out-of-band symbol can be a 257th), and the refinement needs
 * only per-state arrays and a pending-label mask per block.
 */
#include "automata/internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * A partition of the relevant states into blocks: E lists the states block
 * by block, L is each state's place in E, S its block, and block b is
 * E[F[b] .. P[b]). The refiner marks states (moving them to the front of
 * their block) and then splits every block with marked and unmarked states.
 */
struct partition {
	uint32_t z;
	uint32_t *E, *L, *S, *F, *P;
};

struct refiner {
	uint32_t *M, *W;   /* per block: marked count; the blocks touched */
	uint32_t w;
};

static void part_alloc(struct partition *p, struct refiner *r, uint32_t n)
{
	p->z = 0;
	p->E = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	p->L = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	p->S = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	p->F = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	p->P = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	r->M = xcalloc((size_t)n + 1, sizeof(uint32_t));
	r->W = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	r->w = 0;
}

static void part_free(struct partition *p, struct refiner *r)
{
	free(p->E);
	free(p->L);
	free(p->S);
	free(p->F);
	free(p->P);
	free(r->M);
	free(r->W);
}

static void part_mark(struct partition *p, struct refiner *r, uint32_t e)
{
	uint32_t s = p->S[e], i = p->L[e], j = p->F[s] + r->M[s];
	p->E[i] = p->E[j];
	p->L[p->E[i]] = i;
	p->E[j] = e;
	p->L[e] = j;
	if (!r->M[s]++)
		r->W[r->w++] = s;
}

/* Split the touched blocks; the new blocks are z .. p->z - 1 afterwards,
 * and each is the smaller half of the block it came from. */
static void part_split(struct partition *p, struct refiner *r)
{
	while (r->w) {
		uint32_t s = r->W[--r->w], j = p->F[s] + r->M[s];
		if (j == p->P[s]) {
			r->M[s] = 0;
			continue;
		}
		uint32_t z = p->z;
		if (r->M[s] <= p->P[s] - j) {
			p->F[z] = p->F[s];
			p->P[z] = p->F[s] = j;
		} else {
			p->P[z] = p->P[s];
			p->F[z] = p->P[s] = j;
		}
		for (uint32_t i = p->F[z]; i < p->P[z]; i++)
			p->S[p->E[i]] = z;
		r->M[s] = r->M[z] = 0;
		p->z++;
	}
}

static int cmp_by_perms(const void *a, const void *b, void *ctx)
{
	const struct aut_perms *sort_perms = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = memcmp(&sort_perms[x], &sort_perms[y], sizeof(struct aut_perms));
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

static bool perms_zero(const struct aut_perms *p)
{
	return !(p->allow | p->deny | p->audit | p->quiet);
}

/* The first of the entries lo..hi-1 (sorted by label) with label >= a. */
static uint32_t first_label(const uint16_t *label, uint32_t lo, uint32_t hi, uint32_t a)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (label[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * release: free d->next as soon as the incoming lists are built; nothing
 * after that reads it. The dense table of a large unminimized DFA is a
 * large part of the peak.
 */
static int minimize(struct aut_dfa *d, bool release, struct aut_dfa **out, struct aut_error *err)
{
	uint32_t n = d->nstates, k = d->nclasses;
	/* 1. reachable from the start state */
	uint8_t *reach = xcalloc(n, 1);
	uint32_t *queue = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	uint32_t qh = 0, qt = 0;
	if (n > 1) {
		reach[1] = 1;
		queue[qt++] = 1;
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		for (uint32_t c = 0; c < k; c++) {
			uint32_t t = d->next[(size_t)s * k + c];
			if (t && !reach[t]) {
				reach[t] = 1;
				queue[qt++] = t;
			}
		}
	}
	/*
	 * 2. Each reachable state's incoming transitions (the tail and the
	 * label), read from the dense table label-major so every list comes
	 * out sorted by label: a splitter's predecessors on one label are then
	 * a run found by binary search.
	 */
	uint32_t *in_off = xcalloc((size_t)n + 1, sizeof(uint32_t));
	for (uint32_t s = 1; s < n; s++)
		if (reach[s])
			for (uint32_t c = 0; c < k; c++) {
				uint32_t t = d->next[(size_t)s * k + c];
				if (t)
					in_off[t + 1]++;
			}
	for (uint32_t s = 0; s < n; s++)
		in_off[s + 1] += in_off[s];
	size_t m = n ? in_off[n] : 0;
	uint32_t *in_tail = xmalloc((m + 1) * sizeof(uint32_t));
	/* up to 257 labels: the bytes' classes and the out-of-band symbol */
	uint16_t *in_label = xmalloc((m + 1) * sizeof(uint16_t));
	uint32_t *fill = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	memcpy(fill, in_off, (size_t)n * sizeof(uint32_t));
	for (uint32_t c = 0; c < k; c++)
		for (uint32_t s = 1; s < n; s++) {
			uint32_t t = reach[s] ? d->next[(size_t)s * k + c] : 0;
			if (t) {
				in_tail[fill[t]] = s;
				in_label[fill[t]++] = (uint16_t)c;
			}
		}
	free(fill);
	if (release) {
		free(d->next);
		d->next = NULL;
	}

	/* 3. co-reachability: backwards from the accepting states */
	uint8_t *live = xcalloc(n, 1);
	qh = qt = 0;
	for (uint32_t s = 1; s < n; s++)
		if (reach[s] && !perms_zero(&d->perms[s])) {
			live[s] = 1;
			queue[qt++] = s;
		}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		for (uint32_t j = in_off[s]; j < in_off[s + 1]; j++) {
			uint32_t p = in_tail[j];
			if (!live[p]) {
				live[p] = 1;
				queue[qt++] = p;
			}
		}
	}

	/*
	 * 4. The relevant states renumbered 0..nn-1 in their order, and their
	 * lists compacted in place to the transitions between relevant states
	 * (a list only ever moves down, so reading stays ahead of writing).
	 */
	uint32_t *idx = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	uint32_t *orig = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	uint32_t nn = 0;
	for (uint32_t s = 0; s < n; s++) {
		idx[s] = UINT32_MAX;
		if (s && reach[s] && live[s]) {
			idx[s] = nn;
			orig[nn++] = s;
		}
	}
	free(reach);
	free(live);
	uint32_t start_rel = n > 1 ? idx[1] : UINT32_MAX;
	uint32_t *off = xmalloc(((size_t)nn + 1) * sizeof(uint32_t));
	uint32_t w = 0;
	for (uint32_t i = 0; i < nn; i++) {
		uint32_t s = orig[i];
		off[i] = w;
		for (uint32_t j = in_off[s]; j < in_off[s + 1]; j++) {
			uint32_t p = idx[in_tail[j]];
			if (p != UINT32_MAX) {
				in_tail[w] = p;
				in_label[w++] = in_label[j];
			}
		}
	}
	off[nn] = w;
	free(in_off);
	free(idx);

	/* 5. initial blocks: states with equal permissions */
	struct partition B;
	struct refiner r;
	part_alloc(&B, &r, nn);
	for (uint32_t i = 0; i < nn; i++)
		B.E[i] = i;
	struct aut_perms *pp = xmalloc(((size_t)nn + 1) * sizeof(*pp));
	for (uint32_t i = 0; i < nn; i++)
		pp[i] = d->perms[orig[i]];
	qsort_r(B.E, nn, sizeof(uint32_t), cmp_by_perms, pp);
	for (uint32_t i = 0; i < nn; i++) {
		if (i == 0 || memcmp(&pp[B.E[i]], &pp[B.E[i - 1]], sizeof(*pp))) {
			if (B.z)
				B.P[B.z - 1] = i;
			B.F[B.z++] = i;
		}
		B.L[B.E[i]] = i;
		B.S[B.E[i]] = B.z - 1;
	}
	if (B.z)
		B.P[B.z - 1] = nn;
	free(pp);

	/*
	 * 6. Refinement. A splitter is a (block, label) pair; each block keeps
	 * a mask of its pending labels. Every block starts with every label
	 * that occurs: the dead state is the one block left out, which
	 * Hopcroft's argument allows (its predecessors are implied by the
	 * others'). When a split makes a new block it is the smaller half, and
	 * it gets every label: where its parent was pending it must be too, and
	 * where the parent was not, the smaller half is the one to add.
	 */
	uint32_t words = (k + 63) / 64;
	uint64_t present[(AUT_MAX_CLASSES + 63) / 64] = { 0 };
	for (uint32_t j = 0; j < w; j++)
		present[in_label[j] >> 6] |= 1ull << (in_label[j] & 63);
	uint64_t *pend = xcalloc(((size_t)nn + 1) * words, sizeof(uint64_t));
	uint32_t *stack = xmalloc(((size_t)nn + 1) * sizeof(uint32_t));
	uint32_t sp = 0;
	for (uint32_t b = 0; b < B.z; b++) {
		memcpy(pend + (size_t)b * words, present, words * sizeof(uint64_t));
		stack[sp++] = b;
	}
	uint32_t *members = queue;   /* the splitter's states, copied: marking reorders E */
	while (sp) {
		uint32_t A = stack[sp - 1];
		uint64_t *pa = pend + (size_t)A * words;
		uint32_t word = 0;
		while (word < words && !pa[word])
			word++;
		if (word == words) {
			sp--;
			continue;
		}
		uint32_t a = word * 64 + (uint32_t)__builtin_ctzll(pa[word]);
		pa[word] &= pa[word] - 1;
		uint32_t cnt = B.P[A] - B.F[A];
		memcpy(members, B.E + B.F[A], cnt * sizeof(uint32_t));
		for (uint32_t i = 0; i < cnt; i++) {
			uint32_t q = members[i];
			for (uint32_t j = first_label(in_label, off[q], off[q + 1], a);
			     j < off[q + 1] && in_label[j] == a; j++)
				part_mark(&B, &r, in_tail[j]);
		}
		uint32_t z0 = B.z;
		part_split(&B, &r);
		for (uint32_t b = z0; b < B.z; b++) {
			memcpy(pend + (size_t)b * words, present, words * sizeof(uint64_t));
			stack[sp++] = b;
		}
	}
	free(stack);
	free(pend);

	/*
	 * 7. The block-level table (0 dead, else block + 1), read off each
	 * block's first state's transitions, then the result numbered 0 dead,
	 * 1 start, breadth-first.
	 */
	uint32_t nb = B.z;
	uint32_t *blk_next = xcalloc(((size_t)nb + 1) * k, sizeof(uint32_t));
	for (uint32_t h = 0; h < nn; h++)
		for (uint32_t j = off[h]; j < off[h + 1]; j++) {
			uint32_t t = in_tail[j], bt = B.S[t];
			if (B.E[B.F[bt]] == t)
				blk_next[(size_t)bt * k + in_label[j]] = B.S[h] + 1;
		}
	free(in_tail);
	free(in_label);
	free(off);
	uint32_t *newid = xmalloc(((size_t)nb + 1) * sizeof(uint32_t));
	for (uint32_t i = 0; i < nb; i++)
		newid[i] = UINT32_MAX;
	uint32_t *blk_of = xmalloc(((size_t)nb + 2) * sizeof(uint32_t));   /* new id -> block */
	uint32_t cnt = 1;
	qh = 0;
	if (start_rel != UINT32_MAX) {
		newid[B.S[start_rel]] = cnt;
		blk_of[cnt++] = B.S[start_rel];
		while (qh < cnt - 1) {
			uint32_t b = blk_of[1 + qh++];
			for (uint32_t c = 0; c < k; c++) {
				uint32_t t = blk_next[(size_t)b * k + c];
				if (t && newid[t - 1] == UINT32_MAX) {
					newid[t - 1] = cnt;
					blk_of[cnt++] = t - 1;
				}
			}
		}
	}
	struct aut_dfa *o = xcalloc(1, sizeof(*o));
	o->nclasses = k;
	o->oob_class = d->oob_class;
	memcpy(o->byte_class, d->byte_class, 256);
	uint32_t total = cnt < 2 ? 2 : cnt;
	o->nstates = total;
	o->next = xcalloc((size_t)total * k, sizeof(uint32_t));
	o->perms = xcalloc(total, sizeof(struct aut_perms));
	o->origin = xmalloc(total * sizeof(uint32_t));
	for (uint32_t i = 0; i < total; i++)
		o->origin[i] = UINT32_MAX;
	for (uint32_t ns = 1; ns < cnt; ns++) {
		uint32_t b = blk_of[ns], s = orig[B.E[B.F[b]]];
		o->perms[ns] = d->perms[s];
		o->origin[ns] = d->origin[s];
		for (uint32_t c = 0; c < k; c++) {
			uint32_t t = blk_next[(size_t)b * k + c];
			if (t)
				o->next[(size_t)ns * k + c] = newid[t - 1];
		}
	}
	o->build_bytes = d->build_bytes;

	free(blk_next);
	free(newid);
	free(blk_of);
	part_free(&B, &r);
	free(orig);
	free(queue);
	*out = o;
	(void)err;
	return 0;
}

int aut_minimize(const struct aut_dfa *d, struct aut_dfa **out, struct aut_error *err)
{
	/* without release the input is only read */
	return minimize((struct aut_dfa *)d, false, out, err);
}

int aut_minimize_consume(struct aut_dfa *d, struct aut_dfa **out, struct aut_error *err)
{
	return minimize(d, true, out, err);
}

uint32_t aut_dfa_upstream_state_count(const struct aut_dfa *min)
{
	/* live states + upstream's non-matching state; a dead start merges with it */
	uint32_t live = 0;
	for (uint32_t s = 1; s < min->nstates; s++) {
		bool any = !perms_zero(&min->perms[s]);
		for (uint32_t c = 0; c < min->nclasses && !any; c++)
			any = min->next[(size_t)s * min->nclasses + c] != 0;
		if (s != 1 || any)
			live++;
	}
	return live + 1;
}
