/*
 * pack: the kernel's comb-compressed tables (binary-policy-format.md §3) and
 * their big-endian serialization, plus a reader for the same blob.
 *
 * Owns: choosing each state's default transition, first-fit placement of
 * the remaining transitions into NEXT/CHECK, 16/32-bit state width, the
 * optional EC table, ACCEPT/ACCEPT2 (§4.2), the "aadfa" blob layout. Must not
 * know how the DFA was built; it packs any aut_dfa (normally the minimal one).
 *
 * Default transition: the most frequent successor of the state (ties: the
 * lowest state number), which minimizes the entries to place.
 *
 * Differential encoding (when the kernel has policy/diff_encode): a state
 * may instead name a reference state whose row it repeats except for the
 * entries it places; on a miss the kernel retries the same byte from the
 * reference (BASE bit 31). The reference is chosen among a few earlier
 * states (its predecessors, the state before it, its most frequent
 * successor), only if it leaves fewer entries than the plain default, and
 * always with a lower number, so chains end and the kernel's verifier
 * (which walks them towards lower states) accepts them; chains are kept
 * short because every miss walks them.
 */
#include "automata/internal.h"

#include <string.h>

#define YYTH_MAGIC 0x1B5E783Du
#define YYTD_ID_ACCEPT 1
#define YYTD_ID_BASE 2
#define YYTD_ID_CHK 3
#define YYTD_ID_DEF 4
#define YYTD_ID_EC 5
#define YYTD_ID_ACCEPT2 7
#define YYTD_ID_NXT 8
#define BASE_IDX_MASK 0x00ffffffu
#define BASE_DIFF 0x80000000u
#define TH_DIFF_ENCODE 1u
#define DIFF_CANDIDATES 8        /* predecessors kept per state */
#define DIFF_MAX_CHAIN 8         /* reference chain length */

uint32_t automata_equiv_classes(const struct aut_dfa *d, uint8_t ec[256], uint32_t rep_class[256]);

void aut_tables_free(struct aut_tables *t)
{
	if (!t)
		return;
	free(t->accept);
	free(t->accept2);
	free(t->base);
	free(t->def);
	free(t->next);
	free(t->check);
	free(t);
}

int aut_pack(const struct aut_dfa *d, const struct aut_pack_opts *opts,
	     struct aut_tables **out, struct aut_error *err)
{
	struct aut_pack_opts o = { false, false, false, false };
	if (opts)
		o = *opts;
	uint32_t n = d->nstates, k = d->nclasses;
	if (n > 65535 && !o.state32) {
		aut_set_error(err, -E2BIG, "DFA has %u states; more than 65535 needs the kernel's policy/state32", n);
		return -E2BIG;
	}
	if (n > BASE_IDX_MASK) {
		aut_set_error(err, -E2BIG, "DFA has %u states, more than the format allows", n);
		return -E2BIG;
	}
	struct aut_tables *t = xcalloc(1, sizeof(*t));
	t->nstates = n;
	t->wide = n > 65535;
	t->has_ec = o.equiv_classes;
	uint32_t alpha = 256;
	uint32_t col[256];          /* input symbol -> construction class */
	if (t->has_ec) {
		uint32_t rep[256];
		alpha = automata_equiv_classes(d, t->ec, rep);
		for (uint32_t e = 0; e < alpha; e++)
			col[e] = rep[e];
	} else {
		for (unsigned b = 0; b < 256; b++)
			col[b] = d->byte_class[b];
	}

	t->accept = xcalloc(n, sizeof(uint32_t));
	t->accept2 = xcalloc(n, sizeof(uint32_t));
	t->base = xcalloc(n, sizeof(uint32_t));
	t->def = xcalloc(n, sizeof(uint32_t));
	for (uint32_t s = 0; s < n; s++) {
		t->accept[s] = aut_accept1(&d->perms[s]);
		t->accept2[s] = aut_accept2(&d->perms[s]);
	}
	if (o.zero_start_perms && n > 1)
		t->accept[1] = t->accept2[1] = 0;

	/*
	 * First-fit placement. free_next[i] leads to the lowest free slot >= i
	 * (union-find with path halving), so candidate bases are only those
	 * that put the state's first entry on a free slot; scanning every base
	 * made packing the slowest step on DFAs of 10,000+ states. A slot is
	 * used exactly when free_next[slot] != slot (only used slots are ever
	 * redirected), so no separate "used" map is kept.
	 */
	size_t cap = 1024, len = 256;
	uint32_t *nxt = xcalloc(cap, sizeof(uint32_t)), *chk = xcalloc(cap, sizeof(uint32_t));
	uint32_t *free_next = xmalloc((cap + 1) * sizeof(uint32_t));
	for (size_t i = 0; i <= cap; i++)
		free_next[i] = (uint32_t)i;
	uint32_t *stamp = xmalloc(n * sizeof(uint32_t)), *cnt = xmalloc(n * sizeof(uint32_t));
	memset(stamp, 0xff, n * sizeof(uint32_t));
	/*
	 * ent: the offsets from the base of the entries to place, ascending;
	 * an out-of-band transition is the entry at offset -1 (no EC mapping),
	 * which needs a base of at least 1. It is always placed, never left to
	 * the default: the kernel takes it only when BASE carries the flag.
	 */
	uint32_t row[256], val[AUT_MAX_CLASSES];
	int32_t ent[AUT_MAX_CLASSES];
	int ret = 0;

	/* diff encoding: up to DIFF_CANDIDATES lower-numbered predecessors per state */
	uint32_t *pred = NULL, *npred = NULL;
	uint8_t *depth = NULL;
	if (o.diff_encode) {
		pred = xmalloc((size_t)n * DIFF_CANDIDATES * sizeof(uint32_t));
		npred = xcalloc(n, sizeof(uint32_t));
		depth = xcalloc(n, 1);
		for (uint32_t s = 1; s < n; s++)
			for (uint32_t a = 0; a < alpha; a++) {
				uint32_t u = d->next[(size_t)s * k + col[a]];
				if (u > s && npred[u] < DIFF_CANDIDATES &&
				    (!npred[u] || pred[(size_t)u * DIFF_CANDIDATES + npred[u] - 1] != s))
					pred[(size_t)u * DIFF_CANDIDATES + npred[u]++] = s;
			}
	}

	for (uint32_t s = 1; s < n; s++) {
		const uint32_t *r = d->next + (size_t)s * k;
		uint32_t oob = d->oob_class != UINT32_MAX ? r[d->oob_class] : 0;
		uint32_t best = 0, bestc = 0;
		for (uint32_t a = 0; a < alpha; a++) {
			uint32_t x = r[col[a]];
			row[a] = x;
			if (stamp[x] != s) {
				stamp[x] = s;
				cnt[x] = 0;
			}
			cnt[x]++;
			if (cnt[x] > bestc || (cnt[x] == bestc && x < best)) {
				best = x;
				bestc = cnt[x];
			}
		}
		/* a reference state that shares more of the row than the default does */
		uint32_t ref = 0;
		const uint32_t *rr = NULL;
		if (o.diff_encode && !oob) {
			uint32_t cand[DIFF_CANDIDATES + 2], nc = 0, shared = bestc;
			for (uint32_t i = 0; i < npred[s]; i++)
				cand[nc++] = pred[(size_t)s * DIFF_CANDIDATES + i];
			cand[nc++] = s - 1;
			if (best && best < s)
				cand[nc++] = best;
			for (uint32_t i = 0; i < nc; i++) {
				uint32_t c = cand[i];
				if (!c || depth[c] >= DIFF_MAX_CHAIN)
					continue;
				const uint32_t *cr = d->next + (size_t)c * k;
				uint32_t same = 0;
				for (uint32_t a = 0; a < alpha; a++)
					same += cr[col[a]] == row[a];
				if (same > shared) {
					shared = same;
					ref = c;
					rr = cr;
				}
			}
		}
		uint32_t ne = 0;
		if (oob) {
			ent[ne] = -1;
			val[ne++] = oob;
		}
		for (uint32_t a = 0; a < alpha; a++)
			if (ref ? row[a] != rr[col[a]] : row[a] != best) {
				ent[ne] = (int32_t)a;
				val[ne++] = row[a];
			}
		t->def[s] = ref ? ref : best;
		uint32_t diff_flag = 0;
		if (ref) {
			depth[s] = (uint8_t)(depth[ref] + 1);
			diff_flag = BASE_DIFF;
			t->flags |= TH_DIFF_ENCODE;
		}
		if (!ne) {
			t->base[s] = diff_flag;
			continue;
		}
		size_t b;
		for (size_t f = (size_t)(ent[0] + (oob ? 1 : 0));; f++) {
			/* f = the lowest free slot >= f (cap itself is always "free") */
			size_t x = f;
			while (free_next[x] != x) {
				free_next[x] = free_next[free_next[x]];
				x = free_next[x];
			}
			f = x;
			b = (size_t)((ptrdiff_t)f - ent[0]);
			if (b + 256 > cap) {
				size_t nc = cap * 2;
				while (b + 256 > nc)
					nc *= 2;
				nxt = xreallocarray(nxt, nc, sizeof(uint32_t));
				chk = xreallocarray(chk, nc, sizeof(uint32_t));
				free_next = xreallocarray(free_next, nc + 1, sizeof(uint32_t));
				memset(nxt + cap, 0, (nc - cap) * sizeof(uint32_t));
				memset(chk + cap, 0, (nc - cap) * sizeof(uint32_t));
				for (size_t i = cap + 1; i <= nc; i++)
					free_next[i] = (uint32_t)i;
				cap = nc;
			}
			uint32_t i = 1;
			while (i < ne && free_next[b + ent[i]] == b + ent[i])
				i++;
			if (i == ne)
				break;
		}
		if (b > BASE_IDX_MASK) {
			aut_set_error(err, -E2BIG, "packed DFA too large (base %zu)", b);
			ret = -E2BIG;
			break;
		}
		t->base[s] = (uint32_t)b | (oob ? AUT_BASE_OOB : 0) | diff_flag;
		if (oob)
			t->flags |= AUT_TH_OOB;
		for (uint32_t i = 0; i < ne; i++) {
			size_t slot = (size_t)((ptrdiff_t)b + ent[i]);
			free_next[slot] = (uint32_t)(slot + 1);
			nxt[slot] = val[i];
			chk[slot] = s;
		}
		if (b + 256 > len)
			len = b + 256;
	}
	free(free_next);
	free(stamp);
	free(cnt);
	free(pred);
	free(npred);
	free(depth);
	if (ret) {
		free(nxt);
		free(chk);
		aut_tables_free(t);
		return ret;
	}
	t->nnext = (uint32_t)len;
	t->next = xreallocarray(nxt, len, sizeof(uint32_t));
	t->check = xreallocarray(chk, len, sizeof(uint32_t));
	*out = t;
	return 0;
}

/* ---- serialization ---- */

static void put16(struct strbuf *sb, uint32_t v)
{
	char b[2] = { (char)(v >> 8), (char)v };
	strbuf_add(sb, b, 2);
}

static void put32(struct strbuf *sb, uint32_t v)
{
	char b[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };
	strbuf_add(sb, b, 4);
}

static void put_table(struct strbuf *sb, uint16_t id, unsigned size, const uint32_t *v32,
		      const uint8_t *v8, uint32_t n)
{
	put16(sb, id);
	put16(sb, size);
	put32(sb, 0);
	put32(sb, n);
	for (uint32_t i = 0; i < n; i++) {
		if (size == 1)
			strbuf_addch(sb, (char)v8[i]);
		else if (size == 2)
			put16(sb, v32[i]);
		else
			put32(sb, v32[i]);
	}
	size_t body = 12 + (size_t)n * size;
	static const char zero[8] = { 0 };
	if (body % 8)
		strbuf_add(sb, zero, 8 - body % 8);
}

void aut_tables_serialize(const struct aut_tables *t, struct strbuf *out)
{
	size_t start = out->len;
	put32(out, YYTH_MAGIC);
	put32(out, 24);
	put32(out, 0);                 /* th_ssize, patched below */
	put16(out, t->flags);
	strbuf_add(out, "notflex\0\0\0", 10);
	unsigned w = t->wide ? 4 : 2;
	put_table(out, YYTD_ID_ACCEPT, 4, t->accept, NULL, t->nstates);
	put_table(out, YYTD_ID_ACCEPT2, 4, t->accept2, NULL, t->nstates);
	if (t->has_ec)
		put_table(out, YYTD_ID_EC, 1, NULL, t->ec, 256);
	put_table(out, YYTD_ID_BASE, 4, t->base, NULL, t->nstates);
	put_table(out, YYTD_ID_DEF, w, t->def, NULL, t->nstates);
	put_table(out, YYTD_ID_NXT, w, t->next, NULL, t->nnext);
	put_table(out, YYTD_ID_CHK, w, t->check, NULL, t->nnext);
	uint32_t total = (uint32_t)(out->len - start);
	out->buf[start + 8] = (char)(total >> 24);
	out->buf[start + 9] = (char)(total >> 16);
	out->buf[start + 10] = (char)(total >> 8);
	out->buf[start + 11] = (char)total;
}

static uint32_t get(const uint8_t *p, unsigned size)
{
	if (size == 1)
		return p[0];
	if (size == 2)
		return (uint32_t)p[0] << 8 | p[1];
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int aut_tables_parse(const void *blob, size_t len, struct aut_tables **out,
		     struct aut_error *err)
{
	const uint8_t *p = blob;
	if (len < 24 || get(p, 4) != YYTH_MAGIC) {
		aut_set_error(err, -EPROTO, "not a DFA blob (bad magic)");
		return -EPROTO;
	}
	uint32_t hsize = get(p + 4, 4);
	if (hsize < 24 || hsize > len) {
		aut_set_error(err, -EPROTO, "bad DFA header size");
		return -EPROTO;
	}
	struct aut_tables *t = xcalloc(1, sizeof(*t));
	t->flags = (uint16_t)get(p + 12, 2);
	uint32_t *tab[9] = { NULL };
	uint32_t tlen[9] = { 0 };
	unsigned tsize[9] = { 0 };
	size_t off = hsize;
	int ret = -EPROTO;
	while (off < len) {
		if (len - off < 12)
			goto bad;
		uint32_t id = get(p + off, 2), size = get(p + off + 2, 2), n = get(p + off + 8, 4);
		if (id < 1 || id > 8 || id == 6 || (size != 1 && size != 2 && size != 4) || tsize[id])
			goto bad;
		size_t body = 12 + (size_t)n * size;
		size_t padded = (body + 7) & ~(size_t)7;
		if (padded > len - off)
			goto bad;
		tsize[id] = size;
		tlen[id] = n;
		if (id == YYTD_ID_EC) {
			if (n != 256 || size != 1)
				goto bad;
			memcpy(t->ec, p + off + 12, 256);
			t->has_ec = true;
		} else {
			tab[id] = xcalloc(n ? n : 1, sizeof(uint32_t));
			for (uint32_t i = 0; i < n; i++)
				tab[id][i] = get(p + off + 12 + (size_t)i * size, size);
		}
		off += padded;
	}
	if (!tab[YYTD_ID_ACCEPT] || !tab[YYTD_ID_BASE] || !tab[YYTD_ID_DEF] ||
	    !tab[YYTD_ID_NXT] || !tab[YYTD_ID_CHK] ||
	    tlen[YYTD_ID_BASE] != tlen[YYTD_ID_DEF] || tlen[YYTD_ID_BASE] != tlen[YYTD_ID_ACCEPT] ||
	    tlen[YYTD_ID_NXT] != tlen[YYTD_ID_CHK])
		goto bad;
	if (tab[YYTD_ID_ACCEPT2] && tlen[YYTD_ID_ACCEPT2] != tlen[YYTD_ID_BASE])
		goto bad;
	t->nstates = tlen[YYTD_ID_BASE];
	t->nnext = tlen[YYTD_ID_NXT];
	t->wide = tsize[YYTD_ID_NXT] == 4;
	t->accept = tab[YYTD_ID_ACCEPT];
	t->accept2 = tab[YYTD_ID_ACCEPT2] ? tab[YYTD_ID_ACCEPT2] : xcalloc(t->nstates + 1, 4);
	t->base = tab[YYTD_ID_BASE];
	t->def = tab[YYTD_ID_DEF];
	t->next = tab[YYTD_ID_NXT];
	t->check = tab[YYTD_ID_CHK];
	/* the kernel's verify_dfa checks, so a bad blob cannot make us read out of bounds */
	if (t->flags & ~(AUT_TH_OOB | TH_DIFF_ENCODE))
		goto bad_tables;
	for (uint32_t s = 0; s < t->nstates; s++) {
		uint32_t b = t->base[s];
		/* an out-of-band state needs the header flag and room for slot -1; a
		 * diff-encoded one the header flag and a reference other than itself */
		bool oob = (t->flags & AUT_TH_OOB) && (b & AUT_BASE_OOB);
		bool diff = (t->flags & TH_DIFF_ENCODE) && (b & BASE_DIFF);
		uint32_t allowed = (oob ? AUT_BASE_OOB : 0) | (diff ? BASE_DIFF : 0);
		if ((b & 0xff000000u & ~allowed) ||
		    (b & BASE_IDX_MASK) + 255 >= t->nnext || (oob && !(b & BASE_IDX_MASK)) ||
		    t->def[s] >= t->nstates || (diff && t->def[s] == s))
			goto bad_tables;
	}
	/* reference chains must end (a cycle would make the kernel's walk loop):
	 * 0 unseen, 1 on the chain being followed, 2 known to end */
	if (t->flags & TH_DIFF_ENCODE) {
		uint8_t *color = xcalloc(t->nstates, 1);
		bool cycle = false;
		for (uint32_t s = 0; s < t->nstates && !cycle; s++) {
			uint32_t j = s;
			while (!color[j] && (t->base[j] & BASE_DIFF)) {
				color[j] = 1;
				j = t->def[j];
			}
			cycle = color[j] == 1;
			for (j = s; color[j] == 1; j = t->def[j])
				color[j] = 2;
			color[j] = 2;
		}
		free(color);
		if (cycle)
			goto bad_tables;
	}
	for (uint32_t i = 0; i < t->nnext; i++)
		if (t->next[i] >= t->nstates || t->check[i] >= t->nstates)
			goto bad_tables;
	*out = t;
	return 0;
bad_tables:
	aut_set_error(err, -EPROTO, "DFA tables fail verification");
	aut_tables_free(t);
	return -EPROTO;
bad:
	for (int i = 0; i < 9; i++)
		free(tab[i]);
	free(t);
	aut_set_error(err, -EPROTO, "malformed DFA table at offset %zu", off);
	return ret;
}
