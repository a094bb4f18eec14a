/*
 * minimize: the minimal DFA (Hopcroft-style partition refinement in the
 * formulation of Valmari & Lehtinen, "Fast brief practical DFA
 * minimization", O(m log n) over the transitions that do not go to the
 * dead state).
 *
 * Owns: removal of unreachable states and of states that cannot reach an
 * accepting state (they are all the dead state 0), the initial partition by
 * permission tuple, refinement, and renumbering (0 dead, 1 start, then
 * breadth-first order). Must not know how perms are computed or packed.
 *
 * The result is the unique minimal DFA for the (string -> perms) function,
 * so its state count is comparable with upstream's minimizer, which also
 * starts from the permission partition and refines to a fixpoint.
 */
#include "automata/internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * E/L/S are per element; F/P (and the refiner's M/W) per set. Sets are far
 * fewer than elements for the transition partition, so the per-set arrays
 * grow on demand instead of being sized for the worst case: on a 20,000
 * state DFA with a million transitions that halves the peak memory.
 */
struct partition {
	uint32_t z, cap;
	uint32_t *E, *L, *S, *F, *P;
};

struct refiner {
	uint32_t *M, *W;
	uint32_t w, cap;
};

static void part_alloc(struct partition *p, uint32_t n, uint32_t sets)
{
	p->z = 0;
	p->cap = sets + 1;
	p->E = xmalloc((n + 1) * sizeof(uint32_t));
	p->L = xmalloc((n + 1) * sizeof(uint32_t));
	p->S = xmalloc((n + 1) * sizeof(uint32_t));
	p->F = xmalloc(p->cap * sizeof(uint32_t));
	p->P = xmalloc(p->cap * sizeof(uint32_t));
}

static void refiner_reserve(struct refiner *r, uint32_t sets)
{
	if (sets <= r->cap)
		return;
	uint32_t cap = r->cap ? r->cap : 64;
	while (cap < sets)
		cap *= 2;
	r->M = xreallocarray(r->M, cap, sizeof(uint32_t));
	r->W = xreallocarray(r->W, cap, sizeof(uint32_t));
	memset(r->M + r->cap, 0, (cap - r->cap) * sizeof(uint32_t));
	r->cap = cap;
}

static void part_reserve(struct partition *p, struct refiner *r, uint32_t sets)
{
	if (sets > p->cap) {
		uint32_t cap = p->cap;
		while (cap < sets)
			cap *= 2;
		p->F = xreallocarray(p->F, cap, sizeof(uint32_t));
		p->P = xreallocarray(p->P, cap, sizeof(uint32_t));
		p->cap = cap;
	}
	refiner_reserve(r, sets);
}

static void part_free(struct partition *p)
{
	free(p->E);
	free(p->L);
	free(p->S);
	free(p->F);
	free(p->P);
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

static void part_split(struct partition *p, struct refiner *r)
{
	while (r->w) {
		uint32_t s = r->W[--r->w], j = p->F[s] + r->M[s];
		if (j == p->P[s]) {
			r->M[s] = 0;
			continue;
		}
		part_reserve(p, r, p->z + 1);
		uint32_t z = p->z;
		/* the smaller half becomes the new set */
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

/*
 * The transitions 0..m-1 grouped by a state of theirs (head or tail, one
 * of n): state s's transitions are (*list)[(*off)[s] .. (*off)[s + 1]], in
 * ascending transition order (a stable counting sort).
 */
static void group_by_state(const uint32_t *state, size_t m, uint32_t n, uint32_t **off,
			   uint32_t **list)
{
	uint32_t *o = xcalloc((size_t)n + 2, sizeof(uint32_t));
	uint32_t *l = xmalloc((m + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < m; i++)
		o[state[i] + 1]++;
	for (uint32_t i = 0; i < n; i++)
		o[i + 1] += o[i];
	uint32_t *fill = xmalloc(((size_t)n + 1) * sizeof(uint32_t));
	memcpy(fill, o, ((size_t)n + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < m; i++)
		l[fill[state[i]]++] = (uint32_t)i;
	free(fill);
	*off = o;
	*list = l;
}

static bool perms_zero(const struct aut_perms *p)
{
	return !(p->allow | p->deny | p->audit | p->quiet);
}

/*
 * release: free d->next as soon as the transitions are extracted; the
 * renumbering then walks the extracted transitions instead. The dense
 * table of a large unminimized DFA is a quarter of the peak.
 */
static int minimize(struct aut_dfa *d, bool release, struct aut_dfa **out, struct aut_error *err)
{
	uint32_t n = d->nstates, k = d->nclasses;
	/* 1. reachable from the start state */
	uint8_t *reach = xcalloc(n, 1);
	uint32_t *queue = xmalloc(n * sizeof(uint32_t));
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
	 * 2. The transitions among reachable states, read from the dense table
	 * once, in label-major order (so the initial cords, one per label, are
	 * contiguous and need no sorting) and by ascending state within a label.
	 */
	size_t m = 0;
	for (uint32_t s = 1; s < n; s++)
		if (reach[s])
			for (uint32_t c = 0; c < k; c++) {
				uint32_t t = d->next[(size_t)s * k + c];
				m += t && reach[t];
			}
	uint32_t *tail = xmalloc((m + 1) * sizeof(uint32_t));
	uint32_t *head = xmalloc((m + 1) * sizeof(uint32_t));
	uint32_t *label_end = xcalloc(k + 1, sizeof(uint32_t));
	m = 0;
	for (uint32_t c = 0; c < k; c++) {
		for (uint32_t s = 1; s < n; s++) {
			uint32_t t = reach[s] ? d->next[(size_t)s * k + c] : 0;
			if (t && reach[t]) {
				tail[m] = s;
				head[m] = t;
				m++;
			}
		}
		label_end[c] = (uint32_t)m;
	}
	if (release) {
		free(d->next);
		d->next = NULL;
	}

	/* 3. co-reachability: backwards from the accepting states */
	uint32_t *rev_off, *rev;
	group_by_state(head, m, n, &rev_off, &rev);
	uint8_t *live = xcalloc(n, 1);
	qh = qt = 0;
	for (uint32_t s = 1; s < n; s++)
		if (reach[s] && !perms_zero(&d->perms[s])) {
			live[s] = 1;
			queue[qt++] = s;
		}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		for (uint32_t j = rev_off[s]; j < rev_off[s + 1]; j++) {
			uint32_t p = tail[rev[j]];
			if (!live[p]) {
				live[p] = 1;
				queue[qt++] = p;
			}
		}
	}
	free(rev_off);
	free(rev);

	/* 4. relevant states renumbered 0..nn-1, their transitions kept in order */
	uint32_t *idx = xmalloc(n * sizeof(uint32_t));
	uint32_t *orig = xmalloc((n + 1) * sizeof(uint32_t));
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
	size_t mm = 0;
	for (uint32_t c = 0, from = 0; c < k; c++) {
		uint32_t to = label_end[c];
		for (uint32_t t = from; t < to; t++)
			if (idx[tail[t]] != UINT32_MAX && idx[head[t]] != UINT32_MAX) {
				tail[mm] = idx[tail[t]];
				head[mm] = idx[head[t]];
				mm++;
			}
		label_end[c] = (uint32_t)mm;
		from = to;
	}

	/* incoming transitions per state */
	uint32_t *adj_off, *adj;
	group_by_state(head, mm, nn, &adj_off, &adj);
	/* heads are only needed to build the incoming lists, and are freed
	 * before the transition partition (three words per transition) is
	 * allocated: the two never coexist, which is the peak of the whole
	 * construction on large DFAs */
	free(head);
	head = NULL;

	/* 5. refinement */
	struct partition B, C;
	struct refiner r = { NULL, NULL, 0, 0 };
	part_alloc(&B, nn, nn);
	part_alloc(&C, (uint32_t)mm, k + 64);
	refiner_reserve(&r, (nn > k + 64 ? nn : k + 64) + 1);

	/* initial blocks: states with equal permissions */
	for (uint32_t i = 0; i < nn; i++)
		B.E[i] = i;
	struct aut_perms *pp = xmalloc((nn + 1) * sizeof(*pp));
	for (uint32_t i = 0; i < nn; i++)
		pp[i] = d->perms[orig[i]];
	qsort_r(B.E, nn, sizeof(uint32_t), cmp_by_perms, pp);
	B.z = 0;
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

	/* transitions grouped by label */
	C.z = 0;
	for (uint32_t c = 0, from = 0; c < k; c++) {
		if (label_end[c] == from)
			continue;
		C.F[C.z] = from;
		C.P[C.z] = label_end[c];
		for (uint32_t i = from; i < label_end[c]; i++) {
			C.E[i] = i;
			C.L[i] = i;
			C.S[i] = C.z;
		}
		C.z++;
		from = label_end[c];
	}

	uint32_t b = 1, c = 0;
	while (c < C.z) {
		for (uint32_t i = C.F[c]; i < C.P[c]; i++)
			part_mark(&B, &r, tail[C.E[i]]);
		part_split(&B, &r);
		c++;
		while (b < B.z) {
			for (uint32_t i = B.F[b]; i < B.P[b]; i++) {
				uint32_t st = B.E[i];
				for (uint32_t j = adj_off[st]; j < adj_off[st + 1]; j++)
					part_mark(&C, &r, adj[j]);
			}
			part_split(&C, &r);
			b++;
		}
	}

	/*
	 * The transition partition is done with. In its place: the heads again
	 * (from the incoming lists) and each state's outgoing transitions, in
	 * label order (transition ids are label-major), for the renumbering.
	 */
	part_free(&C);
	head = xmalloc((mm + 1) * sizeof(uint32_t));
	for (uint32_t h = 0; h < nn; h++)
		for (uint32_t j = adj_off[h]; j < adj_off[h + 1]; j++)
			head[adj[j]] = h;
	free(adj);
	adj = NULL;
	uint32_t *out_off, *outs;
	group_by_state(tail, mm, nn, &out_off, &outs);
	free(tail);
	tail = NULL;
	/* byte classes number at most 256: a label fits a byte */
	uint8_t *label = xmalloc(mm + 1);
	for (uint32_t lc = 0, from = 0; lc < k; from = label_end[lc++])
		memset(label + from, (int)lc, label_end[lc] - from);
	free(label_end);

	/* 6. the result: 0 dead, 1 start, breadth-first numbering */
	uint32_t nb = B.z;
	uint32_t *newid = xmalloc((nb + 1) * sizeof(uint32_t));
	for (uint32_t i = 0; i < nb; i++)
		newid[i] = UINT32_MAX;
	uint32_t *rep = xmalloc((nb + 2) * sizeof(uint32_t));   /* new id -> relevant state */
	uint32_t cnt = 1;
	struct aut_dfa *o = xcalloc(1, sizeof(*o));
	o->nclasses = k;
	memcpy(o->byte_class, d->byte_class, 256);
	uint32_t start_rel = n > 1 ? idx[1] : UINT32_MAX;
	qh = qt = 0;
	if (start_rel != UINT32_MAX) {
		uint32_t sb = B.S[start_rel];
		newid[sb] = cnt;
		rep[cnt++] = B.E[B.F[sb]];
		while (qh < cnt - 1) {
			uint32_t i = rep[1 + qh++];
			for (uint32_t j = out_off[i]; j < out_off[i + 1]; j++) {
				uint32_t tb = B.S[head[outs[j]]];
				if (newid[tb] == UINT32_MAX) {
					newid[tb] = cnt;
					rep[cnt++] = B.E[B.F[tb]];
				}
			}
		}
	}
	uint32_t total = cnt < 2 ? 2 : cnt;
	o->nstates = total;
	o->next = xcalloc((size_t)total * k, sizeof(uint32_t));
	o->perms = xcalloc(total, sizeof(struct aut_perms));
	o->origin = xmalloc(total * sizeof(uint32_t));
	for (uint32_t i = 0; i < total; i++)
		o->origin[i] = UINT32_MAX;
	for (uint32_t ns = 1; ns < cnt; ns++) {
		uint32_t i = rep[ns], s = orig[i];
		o->perms[ns] = d->perms[s];
		o->origin[ns] = d->origin[s];
		for (uint32_t j = out_off[i]; j < out_off[i + 1]; j++) {
			uint32_t t = outs[j];
			o->next[(size_t)ns * k + label[t]] = newid[B.S[head[t]]];
		}
	}
	o->build_bytes = d->build_bytes;

	free(newid);
	free(rep);
	free(out_off);
	free(outs);
	free(label);
	free(adj_off);
	free(pp);
	free(r.M);
	free(r.W);
	part_free(&B);
	free(head);
	free(idx);
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
