/*
 * reader: decoding of AppArmor binary policy load buffers (see reader.h).
 *
 * Owns the typed-stream cursor and the profile-unit decoder. The element
 * order is the kernel unpacker's (binary-policy-format.md §2.3), with the
 * writer-only optional fields (disconnected_ipc, kill, error, identity)
 * accepted at the places apparmor_parser emits them. DFA tables are checked
 * by src/automata (aut_tables_parse); this file only strips the alignment
 * pad, checks the table headers the kernel checks and separates the
 * out-of-band flag of BASE entries.
 */
#include "binary/reader.h"
#include "binary/stream.h"

#include "support/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- type codes (§1.1, stream.h) ---- */

static const char *const type_names[] = {
	"U8", "U16", "U32", "U64", "NAME", "STRING", "BLOB", "STRUCT", "STRUCTEND",
	"LIST", "LISTEND", "ARRAY", "ARRAYEND",
};

#define DEFAULT_MAX_PROFILES 100000u
#define DEFAULT_MAX_DFA_BYTES ((size_t)256 << 20)

/* DFA blob constants (§3.1) */
#define TH_MAGIC 0x1B5E783Du
#define TH_FLAG_DIFF_ENCODE 1u
#define TH_FLAG_OOB 2u
#define TD_ACCEPT 1
#define TD_BASE 2
#define TD_CHECK 3
#define TD_DEFAULT 4
#define TD_EC 5
#define TD_ACCEPT2 7
#define TD_NEXT 8

struct cursor {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	bool failed;
	struct binread_error *err;
	const struct binread_limits *lim;
};

static void fail_at(struct cursor *c, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_at(struct cursor *c, size_t off, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = true;
	if (!c->err)
		return;
	c->err->code = -EPROTO;
	c->err->offset = off;
	int n = snprintf(c->err->msg, sizeof(c->err->msg), "offset %zu: ", off);
	if (n < 0 || (size_t)n >= sizeof(c->err->msg))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err->msg + n, sizeof(c->err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
}

static bool avail(const struct cursor *c, size_t n)
{
	return c->pos <= c->len && c->len - c->pos >= n;
}

static uint32_t le(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le(p, 4) | ((uint64_t)le(p + 4, 4) << 32);
}

static uint32_t be(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/* What the next element looks like, for error messages. */
static const char *describe_next(const struct cursor *c, char *tmp, size_t n)
{
	if (!avail(c, 1))
		return "end of data";
	uint8_t code = c->buf[c->pos];
	if (code == T_NAME && avail(c, 3)) {
		size_t l = le(c->buf + c->pos + 1, 2);
		if (l && avail(c, 3 + l) && c->buf[c->pos + 3 + l - 1] == 0 &&
		    strlen((const char *)c->buf + c->pos + 3) < 40) {
			snprintf(tmp, n, "NAME \"%s\"", (const char *)c->buf + c->pos + 3);
			return tmp;
		}
	}
	if (code < sizeof(type_names) / sizeof(type_names[0]))
		snprintf(tmp, n, "%s", type_names[code]);
	else
		snprintf(tmp, n, "unknown type code 0x%02x", code);
	return tmp;
}

/*
 * The kernel's aa_unpack_nameX: an optional NAME (which must equal name when
 * one is asked for; any name is skipped when name is NULL) and then the type
 * code. On a mismatch nothing is consumed. A NAME whose length runs past the
 * end is a mismatch, like in the kernel.
 */
static bool probe(struct cursor *c, uint8_t code, const char *name)
{
	if (c->failed)
		return false;
	size_t save = c->pos;
	if (avail(c, 1) && c->buf[c->pos] == T_NAME) {
		c->pos++;
		if (!avail(c, 2))
			goto no;
		size_t n = le(c->buf + c->pos, 2);
		c->pos += 2;
		if (!avail(c, n))
			goto no;
		const char *tag = (const char *)c->buf + c->pos;
		c->pos += n;
		if (name && (n == 0 || tag[n - 1] != '\0' || strcmp(name, tag) != 0))
			goto no;
	} else if (name) {
		goto no;
	}
	if (!avail(c, 1) || c->buf[c->pos] != code)
		goto no;
	c->pos++;
	return true;
no:
	c->pos = save;
	return false;
}

/* A required element: probe or fail with "expected ...". */
static bool expect(struct cursor *c, uint8_t code, const char *name, const char *what)
{
	if (probe(c, code, name))
		return true;
	char tmp[64];
	if (name)
		fail_at(c, c->pos, "expected %s (NAME \"%s\" %s), found %s", what, name,
			type_names[code], describe_next(c, tmp, sizeof(tmp)));
	else
		fail_at(c, c->pos, "expected %s (%s), found %s", what, type_names[code],
			describe_next(c, tmp, sizeof(tmp)));
	return false;
}

/* payloads, after the type code */
static bool payload(struct cursor *c, size_t n, const char *what, const uint8_t **p)
{
	if (c->failed)
		return false;
	if (!avail(c, n)) {
		fail_at(c, c->pos, "truncated %s: %zu byte%s needed, %zu left", what, n,
			n == 1 ? "" : "s", c->pos <= c->len ? c->len - c->pos : 0);
		return false;
	}
	*p = c->buf + c->pos;
	c->pos += n;
	return true;
}

static bool read_u8(struct cursor *c, uint8_t *v, const char *what)
{
	const uint8_t *p;
	if (!payload(c, 1, what, &p))
		return false;
	*v = p[0];
	return true;
}

static bool read_u32(struct cursor *c, uint32_t *v, const char *what)
{
	const uint8_t *p;
	if (!payload(c, 4, what, &p))
		return false;
	*v = le(p, 4);
	return true;
}

static bool read_u64(struct cursor *c, uint64_t *v, const char *what)
{
	const uint8_t *p;
	if (!payload(c, 8, what, &p))
		return false;
	*v = le64(p);
	return true;
}

/* STRING payload: u16 length including the NUL (≥1), bytes, last byte NUL. */
static bool read_string_raw(struct cursor *c, const char **s, size_t *len, const char *what)
{
	const uint8_t *p;
	size_t start = c->pos;
	if (!payload(c, 2, what, &p))
		return false;
	size_t n = le(p, 2);
	if (n == 0) {
		fail_at(c, start, "%s: empty string (length 0, no NUL)", what);
		return false;
	}
	if (!payload(c, n, what, &p))
		return false;
	if (p[n - 1] != 0) {
		fail_at(c, start, "%s: string is not NUL-terminated", what);
		return false;
	}
	*s = (const char *)p;
	*len = n;
	return true;
}

/* A string as the kernel uses it (up to the first NUL), copied. */
static char *read_string(struct cursor *c, const char *what)
{
	const char *s;
	size_t n;
	if (!read_string_raw(c, &s, &n, what))
		return NULL;
	return xstrdup(s);
}

/* optional named string */
static bool opt_string(struct cursor *c, const char *name, char **out)
{
	if (!probe(c, T_STRING, name))
		return false;
	*out = read_string(c, name);
	return *out != NULL;
}

static bool opt_u32(struct cursor *c, const char *name, uint32_t *v)
{
	if (!probe(c, T_U32, name))
		return false;
	return read_u32(c, v, name);
}

static bool read_array(struct cursor *c, uint32_t *n, const char *what)
{
	if (!expect(c, T_ARRAY, NULL, what))
		return false;
	const uint8_t *p;
	if (!payload(c, 2, what, &p))
		return false;
	*n = le(p, 2);
	return true;
}

/*
 * Refuse a count whose elements cannot fit in the bytes left (each element
 * needs at least min_size bytes): nothing is allocated from a lying count.
 */
static bool count_fits(struct cursor *c, uint32_t n, size_t min_size, const char *what)
{
	if (c->failed)
		return false;
	size_t left = c->len - c->pos;
	if ((size_t)n > left / min_size) {
		fail_at(c, c->pos, "%s: count %u cannot fit in the %zu bytes left", what, n, left);
		return false;
	}
	return true;
}

static bool end_of(struct cursor *c, uint8_t code, const char *what)
{
	return expect(c, code, NULL, what);
}

/* ---- DFA blobs ---- */

struct table_info {
	bool present;
	unsigned size;
	uint32_t n;
	size_t body;      /* offset of the elements within the blob */
};

/*
 * Structural checks of the table set before aut_tables_parse (which does the
 * kernel's verify_dfa): the header, element sizes the kernel requires, no
 * duplicate/unknown ids, no trailing bytes, no empty table.
 */
static bool scan_tables(struct cursor *c, const uint8_t *p, size_t len, size_t base_off,
			struct table_info ti[9], uint16_t *flags)
{
	if (len < 24) {
		fail_at(c, base_off, "DFA blob too short for a table header (%zu bytes)", len);
		return false;
	}
	if (be(p, 4) != TH_MAGIC) {
		fail_at(c, base_off, "DFA blob: bad magic 0x%08x (expected 0x%08x)", be(p, 4), TH_MAGIC);
		return false;
	}
	uint32_t hsize = be(p + 4, 4);
	if (hsize < 24 || hsize > len) {
		fail_at(c, base_off + 4, "DFA blob: bad header size %u", hsize);
		return false;
	}
	*flags = (uint16_t)be(p + 12, 2);
	if (*flags & ~(TH_FLAG_DIFF_ENCODE | TH_FLAG_OOB)) {
		fail_at(c, base_off + 12, "DFA blob: unknown header flags 0x%04x", *flags);
		return false;
	}
	size_t off = hsize;
	while (off < len) {
		if (len - off < 12) {
			fail_at(c, base_off + off, "DFA blob: %zu trailing bytes, not a table header",
				len - off);
			return false;
		}
		uint32_t id = be(p + off, 2), size = be(p + off + 2, 2), n = be(p + off + 8, 4);
		if (id < 1 || id > 8 || id == 6) {
			fail_at(c, base_off + off, "DFA blob: unknown table id %u", id);
			return false;
		}
		if (ti[id].present) {
			fail_at(c, base_off + off, "DFA blob: duplicate table id %u", id);
			return false;
		}
		bool ok;
		switch (id) {
		case TD_EC: ok = size == 1 && n == 256; break;
		case TD_ACCEPT: case TD_ACCEPT2: case TD_BASE: ok = size == 4; break;
		default: ok = size == 2 || size == 4; break;
		}
		if (!ok) {
			fail_at(c, base_off + off, "DFA blob: table id %u has element size %u and %u elements",
				id, size, n);
			return false;
		}
		if (n == 0) {
			fail_at(c, base_off + off, "DFA blob: table id %u is empty", id);
			return false;
		}
		size_t body = 12 + (size_t)n * size;
		size_t padded = (body + 7) & ~(size_t)7;
		if (padded > len - off) {
			fail_at(c, base_off + off, "DFA blob: table id %u (%u elements) runs past the blob end",
				id, n);
			return false;
		}
		ti[id] = (struct table_info){ true, size, n, off + 12 };
		off += padded;
	}
	static const int required[] = { TD_ACCEPT, TD_BASE, TD_DEFAULT, TD_NEXT, TD_CHECK };
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!ti[required[i]].present) {
			fail_at(c, base_off, "DFA blob: required table id %d missing", required[i]);
			return false;
		}
	if (ti[TD_DEFAULT].size != ti[TD_NEXT].size || ti[TD_CHECK].size != ti[TD_NEXT].size) {
		fail_at(c, base_off, "DFA blob: DEFAULT/NEXT/CHECK element sizes differ");
		return false;
	}
	return true;
}

/*
 * blob = the aadfa BLOB payload at buffer offset blob_off (the DFA starts
 * after the pad). need_accept2: packed permissions (no perms table).
 */
static bool decode_dfa(struct cursor *c, size_t blob_off, size_t blob_len, bool need_accept2,
		       struct binread_dfa *d)
{
	/* the kernel's pad: sz = blob - start - ((end - start) & 7); pad = ALIGN(sz, 8) - sz */
	size_t end = blob_off + blob_len;
	size_t sz = blob_off - (end & 7);
	size_t pad = ((sz + 7) & ~(size_t)7) - sz;
	if (pad > blob_len) {
		fail_at(c, blob_off, "aadfa blob of %zu bytes is shorter than its alignment pad %zu",
			blob_len, pad);
		return false;
	}
	const uint8_t *p = c->buf + blob_off + pad;
	size_t len = blob_len - pad;
	size_t max = c->lim && c->lim->max_dfa_bytes ? c->lim->max_dfa_bytes : DEFAULT_MAX_DFA_BYTES;
	if (len > max) {
		fail_at(c, blob_off, "DFA of %zu bytes exceeds the limit of %zu", len, max);
		return false;
	}
	d->offset = blob_off + pad;
	d->size = len;
	d->pad = (unsigned)pad;
	struct table_info ti[9];
	memset(ti, 0, sizeof(ti));
	uint16_t flags = 0;
	if (!scan_tables(c, p, len, d->offset, ti, &flags))
		return false;
	if (need_accept2 && !ti[TD_ACCEPT2].present) {
		fail_at(c, d->offset, "DFA with packed permissions lacks the ACCEPT2 table");
		return false;
	}
	d->has_accept2 = ti[TD_ACCEPT2].present;
	/* the table checks, out-of-band and diff-encoded states included, are
	 * the automata module's (the kernel's verify_dfa) */
	struct aut_error aerr;
	memset(&aerr, 0, sizeof(aerr));
	struct aut_tables *t = NULL;
	if (aut_tables_parse(p, len, &t, &aerr) < 0) {
		fail_at(c, d->offset, "DFA tables rejected: %s", aerr.msg[0] ? aerr.msg : "invalid");
		return false;
	}
	uint8_t *oob = NULL;
	bool any_oob = false;
	for (uint32_t s = 0; s < t->nstates; s++)
		if ((t->flags & AUT_TH_OOB) && (t->base[s] & AUT_BASE_OOB)) {
			if (!oob)
				oob = xcalloc(t->nstates, 1);
			oob[s] = 1;
			any_oob = true;
		}
	d->tables = t;
	d->has_oob = any_oob;
	d->oob = oob;
	return true;
}

/* ---- policydb pieces ---- */

static void free_xtable(struct binread_xtable *x)
{
	for (uint32_t i = 0; x->names && i < x->n; i++)
		free(x->names[i]);
	free(x->names);
	memset(x, 0, sizeof(*x));
}

/* kernel unpack_trans_table */
static void read_xtable(struct cursor *c, struct binread_xtable *x)
{
	size_t at = c->pos;
	if (!probe(c, T_STRUCT, "xtable"))
		return;
	x->present = true;
	x->offset = at;
	uint32_t n;
	if (!read_array(c, &n, "xtable array") || !count_fits(c, n, 4, "xtable"))
		return;
	x->names = xcalloc(n ? n : 1, sizeof(char *));
	for (uint32_t i = 0; i < n; i++) {
		size_t eoff = c->pos;
		if (!expect(c, T_STRING, NULL, "xtable entry"))
			return;
		const char *s;
		size_t len;
		if (!read_string_raw(c, &s, &len, "xtable entry"))
			return;
		if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\v' ||
		    s[0] == '\f') {
			fail_at(c, eoff, "xtable entry %u starts with white space", i);
			return;
		}
		size_t nul_count = 0, nul_pos = 0;
		for (size_t j = 0; j + 1 < len; j++)
			if (s[j] == '\0') {
				nul_count++;
				nul_pos = j;
			}
		char *copy = xmalloc(len);
		memcpy(copy, s, len);
		if (s[0] == ':') {
			if (len < 2 || s[1] == '\0') {
				free(copy);
				fail_at(c, eoff, "xtable entry %u: ':' not followed by a namespace", i);
				return;
			}
			if (nul_count > 1) {
				free(copy);
				fail_at(c, eoff, "xtable entry %u: more than one embedded NUL", i);
				return;
			}
			if (nul_count == 1)
				copy[nul_pos] = ':';
		} else if (nul_count) {
			free(copy);
			fail_at(c, eoff, "xtable entry %u: embedded NUL", i);
			return;
		}
		x->names[i] = copy;
		x->n = i + 1;
	}
	if (!end_of(c, T_ARRAYEND, "end of xtable array"))
		return;
	end_of(c, T_STRUCTEND, "end of xtable");
}

/* kernel unpack_perms_table */
static void read_perms(struct cursor *c, struct binread_pdb *pdb)
{
	if (!probe(c, T_STRUCT, "perms"))
		return;
	pdb->has_perms = true;
	if (!expect(c, T_U32, "version", "perms table version") ||
	    !read_u32(c, &pdb->perms_version, "perms table version"))
		return;
	size_t at = c->pos;
	uint32_t n;
	if (!read_array(c, &n, "perms array") || !count_fits(c, n, 14 * 5, "perms table"))
		return;
	if (pdb->perms_version != 1) {
		fail_at(c, at, "perms table version %u (only 1 is defined)", pdb->perms_version);
		return;
	}
	pdb->perms = xcalloc(n ? n : 1, sizeof(*pdb->perms));
	for (uint32_t i = 0; i < n; i++) {
		uint32_t w[14];
		for (int k = 0; k < 14; k++)
			if (!expect(c, T_U32, NULL, "perms entry word") ||
			    !read_u32(c, &w[k], "perms entry word"))
				return;
		pdb->perms[i] = (struct binread_perm_entry){
			.allow = w[1], .deny = w[2], .subtree = w[3], .cond = w[4], .kill = w[5],
			.complain = w[6], .prompt = w[7], .audit = w[8], .quiet = w[9], .hide = w[10],
			.xindex = w[11], .tag = w[12], .label = w[13],
		};
		pdb->nperms = i + 1;
	}
	if (!end_of(c, T_ARRAYEND, "end of perms array"))
		return;
	end_of(c, T_STRUCTEND, "end of perms table");
}

/* kernel unpack_pdb: [perms] [permsv] [aadfa [start] [dfa_start] [xtable]] */
static void read_pdb(struct cursor *c, struct binread_pdb *pdb, bool required_dfa,
		     const char *what)
{
	read_perms(c, pdb);
	if (c->failed)
		return;
	if (probe(c, T_U32, "permsv")) {
		pdb->has_permsv = true;
		if (!read_u32(c, &pdb->permsv, "permsv"))
			return;
	}
	pdb->start = pdb->dfa_start = 1;
	size_t at = c->pos;
	if (probe(c, T_BLOB, "aadfa")) {
		const uint8_t *p;
		uint32_t n;
		if (!read_u32(c, &n, "aadfa blob length"))
			return;
		size_t blob_off = c->pos;
		if (!payload(c, n, "aadfa blob", &p))
			return;
		if (n) {
			bool need_a2 = !pdb->has_perms || (pdb->has_permsv && pdb->permsv > 2);
			if (!decode_dfa(c, blob_off, n, need_a2, &pdb->dfa))
				return;
		}
	}
	if (!pdb->dfa.tables) {
		if (required_dfa)
			fail_at(c, at, "%s: missing required DFA (NAME \"aadfa\" BLOB)", what);
		else
			/* 6.1 reads the profile's xtable even without a file DFA
			 * (3.0.8 writes one for pivot_root -> profile alone) */
			read_xtable(c, &pdb->xtable);
		return;
	}
	uint32_t ns = pdb->dfa.tables->nstates;
	at = c->pos;
	if (opt_u32(c, "start", &pdb->start)) {
		pdb->has_start = true;
		if (pdb->start >= ns) {
			fail_at(c, at, "%s: start state %u out of range (%u states)", what, pdb->start, ns);
			return;
		}
	}
	at = c->pos;
	if (opt_u32(c, "dfa_start", &pdb->dfa_start)) {
		pdb->has_dfa_start = true;
		if (pdb->dfa_start >= ns) {
			fail_at(c, at, "%s: dfa_start state %u out of range (%u states)", what,
				pdb->dfa_start, ns);
			return;
		}
	}
	if (c->failed)
		return;
	if (ns < 2 && (!pdb->has_start || !pdb->has_dfa_start)) {
		fail_at(c, pdb->dfa.offset, "%s: DFA has %u state%s, the default start state 1 is missing",
			what, ns, ns == 1 ? "" : "s");
		return;
	}
	read_xtable(c, &pdb->xtable);
	if (c->failed)
		return;
	/* the kernel's verify_dfa_accept_index / verify_perms */
	if (pdb->has_perms) {
		for (uint32_t s = 0; s < ns; s++)
			if (pdb->dfa.tables->accept[s] >= pdb->nperms) {
				fail_at(c, pdb->dfa.offset, "%s: state %u accept index %u >= perms table size %u",
					what, s, pdb->dfa.tables->accept[s], pdb->nperms);
				return;
			}
		for (uint32_t i = 0; i < pdb->nperms; i++) {
			const struct binread_perm_entry *e = &pdb->perms[i];
			if ((e->xindex & BINREAD_X_TYPE_MASK) == BINREAD_X_TABLE &&
			    (e->xindex & BINREAD_X_INDEX_MASK) >= pdb->xtable.n) {
				fail_at(c, pdb->dfa.offset, "%s: perms entry %u names xtable slot %u of %u",
					what, i, e->xindex & BINREAD_X_INDEX_MASK, pdb->xtable.n);
				return;
			}
			if ((e->tag && e->tag >= pdb->xtable.n) || (e->label && e->label >= pdb->xtable.n)) {
				fail_at(c, pdb->dfa.offset, "%s: perms entry %u: tag/label index beyond the xtable",
					what, i);
				return;
			}
			/* the kernel's verify_perm: contradictory entries are refused */
			if ((e->allow & e->deny) || (e->subtree & ~e->allow) ||
			    (e->cond & (e->allow | e->deny)) || (e->kill & e->allow) ||
			    (e->complain & (e->allow | e->deny)) || (e->prompt & (e->allow | e->deny)) ||
			    (e->complain & e->prompt) || (e->hide & e->allow)) {
				fail_at(c, pdb->dfa.offset, "%s: perms entry %u is contradictory "
					"(e.g. allow and deny overlap)", what, i);
				return;
			}
		}
	}
}

/* packed file DFA: every named-transition index must be in the xtable (6.1 verify_dfa_xindex) */
static void check_file_xindex(struct cursor *c, const struct binread_pdb *pdb,
			      const struct binread_xtable *x)
{
	if (!pdb->dfa.tables || pdb->has_perms)
		return;
	const struct aut_tables *t = pdb->dfa.tables;
	for (uint32_t s = 0; s < t->nstates; s++) {
		uint32_t a = t->accept[s];
		for (int half = 0; half < 2; half++) {
			uint32_t idx = ((a >> (half * AA_OTHER_SHIFT)) & AA_EXEC_INDEX_MASK) >> AA_EXEC_INDEX_SHIFT;
			if (idx >= 4 && idx - 4 >= x->n) {
				fail_at(c, pdb->dfa.offset,
					"file DFA state %u names xtable slot %u but the xtable has %u entr%s",
					s, idx, x->n, x->n == 1 ? "y" : "ies");
				return;
			}
		}
	}
}

static void free_pdb(struct binread_pdb *pdb)
{
	free(pdb->perms);
	aut_tables_free(pdb->dfa.tables);
	free(pdb->dfa.oob);
	free_xtable(&pdb->xtable);
	memset(pdb, 0, sizeof(*pdb));
}

static void free_profile(struct binread_profile *p)
{
	free(p->unit_namespace);
	free(p->name);
	free(p->ns);
	free(p->basename);
	free(p->rename);
	free(p->attach);
	free_pdb(&p->xmatch);
	free(p->disconnected);
	free(p->disconnected_ipc);
	for (uint32_t i = 0; p->identity && i < p->nidentity; i++)
		free(p->identity[i]);
	free(p->identity);
	for (uint32_t i = 0; p->xattrs && i < p->nxattrs; i++)
		free(p->xattrs[i]);
	free(p->xattrs);
	for (uint32_t i = 0; p->secmark && i < p->nsecmark; i++)
		free(p->secmark[i].label);
	free(p->secmark);
	free(p->net_af);
	free_pdb(&p->policydb);
	free_pdb(&p->file);
	for (uint32_t i = 0; p->data && i < p->ndata; i++) {
		free(p->data[i].key);
		free(p->data[i].value);
	}
	free(p->data);
}

/* ---- the profile struct (§2.3) ---- */

/* ARRAY of n unnamed STRINGs into a fresh vector */
static void read_string_array(struct cursor *c, uint32_t *count, char ***out, const char *what)
{
	uint32_t n;
	if (!read_array(c, &n, what) || !count_fits(c, n, 4, what))
		return;
	*out = xcalloc(n ? n : 1, sizeof(char *));
	for (uint32_t i = 0; i < n; i++) {
		if (!expect(c, T_STRING, NULL, what))
			return;
		char *s = read_string(c, what);
		if (!s)
			return;
		(*out)[i] = s;
		*count = i + 1;
	}
	end_of(c, T_ARRAYEND, what);
}

static void split_name(struct binread_profile *p, const char *load_ns)
{
	const char *name = p->name;
	if (name[0] == ':') {
		const char *ns = name + 1;
		const char *colon = strchr(ns, ':');
		if (colon) {
			p->ns = colon > ns ? xstrndup(ns, (size_t)(colon - ns)) : NULL;
			const char *rest = colon + 1;
			if (rest[0] == '/' && rest[1] == '/')
				rest += 2;
			p->basename = xstrdup(rest);
		} else {
			p->ns = xstrdup(ns);
			p->basename = xstrdup("");
		}
		if (p->ns)
			return;
	} else {
		p->basename = xstrdup(name);
	}
	if (load_ns)
		p->ns = xstrdup(load_ns);
}

static void read_profile(struct cursor *c, struct binread_profile *p, const char *load_ns)
{
	if (!expect(c, T_STRUCT, "profile", "profile struct"))
		return;
	size_t at = c->pos;
	if (!expect(c, T_STRING, NULL, "profile name"))
		return;
	p->name = read_string(c, "profile name");
	if (!p->name)
		return;
	if (!p->name[0]) {
		fail_at(c, at, "empty profile name");
		return;
	}
	split_name(p, load_ns);
	if (!p->basename[0]) {
		fail_at(c, at, "profile name \"%s\" has a namespace but no profile", p->name);
		return;
	}
	opt_string(c, "rename", &p->rename);
	opt_string(c, "attach", &p->attach);
	if (c->failed)
		return;
	read_pdb(c, &p->xmatch, false, "xmatch");
	if (c->failed)
		return;
	if (p->xmatch.dfa.tables) {
		if (!expect(c, T_U32, NULL, "xmatch_len after the xmatch DFA") ||
		    !read_u32(c, &p->xmatch_len, "xmatch_len"))
			return;
		p->has_xmatch_len = true;
	}
	opt_string(c, "disconnected", &p->disconnected);
	opt_string(c, "disconnected_ipc", &p->disconnected_ipc);
	if (c->failed)
		return;
	at = c->pos;
	if (opt_u32(c, "kill", &p->kill))
		p->has_kill = true;
	if (opt_u32(c, "error", &p->error))
		p->has_error = true;
	if (c->failed)
		return;
	if (!expect(c, T_STRUCT, "flags", "profile flags"))
		return;
	const char *fw[3] = { "flag bits", "mode", "audit" };
	uint32_t *fv[3] = { &p->flags, &p->mode, &p->audit };
	for (int i = 0; i < 3; i++)
		if (!expect(c, T_U32, NULL, fw[i]) || !read_u32(c, fv[i], fw[i]))
			return;
	if (p->mode > 4) {
		fail_at(c, c->pos - 8, "invalid profile mode %u (0..4 defined)", p->mode);
		return;
	}
	if (!end_of(c, T_STRUCTEND, "end of flags"))
		return;
	if (opt_u32(c, "path_flags", &p->path_flags))
		p->has_path_flags = true;
	uint32_t lo[4];
	for (int i = 0; i < 4; i++)
		if (!expect(c, T_U32, NULL, "capability word") || !read_u32(c, &lo[i], "capability word"))
			return;
	p->caps_allow = lo[0];
	p->caps_audit = lo[1];
	p->caps_quiet = lo[2];
	/* lo[3], the fourth word, is not read by the kernel */
	if (probe(c, T_STRUCT, "caps64")) {
		uint32_t hi[4];
		for (int i = 0; i < 4; i++)
			if (!expect(c, T_U32, NULL, "caps64 word") || !read_u32(c, &hi[i], "caps64 word"))
				return;
		if (!end_of(c, T_STRUCTEND, "end of caps64"))
			return;
		p->has_caps64 = true;
		p->caps_allow |= (uint64_t)hi[0] << 32;
		p->caps_audit |= (uint64_t)hi[1] << 32;
		p->caps_quiet |= (uint64_t)hi[2] << 32;
	}
	if (probe(c, T_STRUCT, "capsx")) {
		uint32_t w[2];
		for (int i = 0; i < 2; i++)
			if (!expect(c, T_U32, NULL, "capsx word") || !read_u32(c, &w[i], "capsx word"))
				return;
		if (!end_of(c, T_STRUCTEND, "end of capsx"))
			return;
		p->has_capsx = true;
		p->capsx = w[0] | ((uint64_t)w[1] << 32);
	}
	if (probe(c, T_ARRAY, "identity")) {
		c->pos--;   /* re-read the ARRAY code through read_string_array */
		read_string_array(c, &p->nidentity, &p->identity, "identity");
		if (c->failed)
			return;
	}
	if (probe(c, T_STRUCT, "xattrs")) {
		p->has_xattrs = true;
		read_string_array(c, &p->nxattrs, &p->xattrs, "xattrs");
		if (c->failed || !end_of(c, T_STRUCTEND, "end of xattrs"))
			return;
	}
	if (probe(c, T_STRUCT, "rlimits")) {
		p->has_rlimits = true;
		if (!expect(c, T_U32, NULL, "rlimit mask") || !read_u32(c, &p->rlimit_mask, "rlimit mask"))
			return;
		at = c->pos;
		uint32_t n;
		if (!read_array(c, &n, "rlimit array"))
			return;
		if (n > BINREAD_RLIMITS_MAX) {
			fail_at(c, at, "rlimit array of %u entries (at most %d)", n, BINREAD_RLIMITS_MAX);
			return;
		}
		for (uint32_t i = 0; i < n; i++) {
			if (!expect(c, T_U64, NULL, "rlimit value") ||
			    !read_u64(c, &p->rlimits[i], "rlimit value"))
				return;
			p->nrlimits = i + 1;
		}
		if (!end_of(c, T_ARRAYEND, "end of rlimit array") ||
		    !end_of(c, T_STRUCTEND, "end of rlimits"))
			return;
	}
	if (probe(c, T_STRUCT, "secmark")) {
		uint32_t n;
		if (!read_array(c, &n, "secmark array") || !count_fits(c, n, 8, "secmark"))
			return;
		p->secmark = xcalloc(n ? n : 1, sizeof(*p->secmark));
		for (uint32_t i = 0; i < n; i++) {
			struct binread_secmark *m = &p->secmark[i];
			if (!expect(c, T_U8, NULL, "secmark audit") || !read_u8(c, &m->audit, "secmark audit") ||
			    !expect(c, T_U8, NULL, "secmark deny") || !read_u8(c, &m->deny, "secmark deny") ||
			    !expect(c, T_STRING, NULL, "secmark label"))
				return;
			m->label = read_string(c, "secmark label");
			if (!m->label)
				return;
			p->nsecmark = i + 1;
		}
		if (!end_of(c, T_ARRAYEND, "end of secmark array") ||
		    !end_of(c, T_STRUCTEND, "end of secmark"))
			return;
	}
	if (probe(c, T_ARRAY, "net_allowed_af")) {
		/* written by apparmor_parser for kernels with "network" but no network_v8 */
		const uint8_t *v;
		uint32_t n;
		if (!payload(c, 2, "net_allowed_af count", &v))
			return;
		n = le(v, 2);
		if (!count_fits(c, n, 9, "net_allowed_af"))
			return;
		p->has_net_allowed_af = true;
		p->net_af = xcalloc(n ? n : 1, sizeof(*p->net_af));
		for (uint32_t i = 0; i < n; i++) {
			for (int k = 0; k < 3; k++) {
				if (!expect(c, T_U16, NULL, "net_allowed_af entry") ||
				    !payload(c, 2, "net_allowed_af entry", &v))
					return;
				p->net_af[i][k] = (uint16_t)le(v, 2);
			}
			p->nnet_af = i + 1;
		}
		if (!end_of(c, T_ARRAYEND, "end of net_allowed_af"))
			return;
	}
	if (probe(c, T_STRUCT, "policydb")) {
		p->has_policydb = true;
		read_pdb(c, &p->policydb, true, "policydb");
		if (c->failed || !end_of(c, T_STRUCTEND, "end of policydb"))
			return;
	}
	read_pdb(c, &p->file, false, "file DFA");
	if (c->failed)
		return;
	check_file_xindex(c, &p->file, &p->file.xtable);
	if (c->failed)
		return;
	if (probe(c, T_STRUCT, "data")) {
		p->has_data = true;
		size_t cap = 0;
		for (;;) {
			if (!probe(c, T_STRING, NULL))
				break;
			char *key = read_string(c, "data key");
			if (!key)
				return;
			const uint8_t *v;
			uint32_t n;
			if (!expect(c, T_BLOB, NULL, "data value") || !read_u32(c, &n, "data value length") ||
			    !payload(c, n, "data value", &v)) {
				free(key);
				return;
			}
			if (p->ndata == cap) {
				cap = cap ? 2 * cap : 4;
				p->data = xreallocarray(p->data, cap, sizeof(*p->data));
			}
			p->data[p->ndata].key = key;
			p->data[p->ndata].value = xmalloc(n ? n : 1);
			memcpy(p->data[p->ndata].value, v, n);
			p->data[p->ndata].len = n;
			p->ndata++;
		}
		if (!end_of(c, T_STRUCTEND, "end of data"))
			return;
	}
	end_of(c, T_STRUCTEND, "end of profile");
}

int binread_decode(const void *buf, size_t len, const struct binread_limits *limits,
		   struct binread_policy **out, struct binread_error *err)
{
	*out = NULL;
	if (err)
		memset(err, 0, sizeof(*err));
	struct cursor c = { buf, len, 0, false, err, limits };
	size_t max_profiles = limits && limits->max_profiles ? limits->max_profiles
							       : DEFAULT_MAX_PROFILES;
	struct binread_policy *pol = xcalloc(1, sizeof(*pol));
	size_t cap = 0;
	uint32_t version = 0;
	bool have_version = false;
	char *load_ns = NULL;
	if (len == 0 || !buf)
		fail_at(&c, 0, "empty buffer: expected a profile unit");
	while (!c.failed && c.pos < len) {
		if (pol->nprofiles >= max_profiles) {
			fail_at(&c, c.pos, "more than %zu profiles", max_profiles);
			break;
		}
		if (pol->nprofiles == cap) {
			cap = cap ? 2 * cap : 4;
			pol->profiles = xreallocarray(pol->profiles, cap, sizeof(*pol->profiles));
		}
		struct binread_profile *p = &pol->profiles[pol->nprofiles++];
		memset(p, 0, sizeof(*p));
		p->offset = c.pos;
		size_t at = c.pos;
		if (probe(&c, T_U32, "version")) {
			if (!read_u32(&c, &version, "version"))
				break;
			have_version = true;
			p->unit_has_version = true;
			unsigned abi = version & 0x3ff;
			if (abi < 5 || abi > 9) {
				fail_at(&c, at, "unsupported interface version %u (word 0x%08x; 5..9 known)",
					abi, version);
				break;
			}
		} else if (!have_version) {
			expect(&c, T_U32, "version", "version header");
			break;
		}
		p->version = version;
		at = c.pos;
		if (opt_string(&c, "namespace", &p->unit_namespace)) {
			if (!p->unit_namespace[0]) {
				fail_at(&c, at, "empty namespace name");
				break;
			}
			if (!load_ns)
				load_ns = xstrdup(p->unit_namespace);
		}
		if (c.failed)
			break;
		read_profile(&c, p, load_ns);
	}
	free(load_ns);
	if (c.failed) {
		binread_free(pol);
		return err && err->code ? err->code : -EPROTO;
	}
	pol->size = len;
	*out = pol;
	return 0;
}

const char *binread_mode_name(uint32_t mode)
{
	static const char *const names[] = { "enforce", "complain", "kill", "unconfined", "user" };
	return mode < sizeof(names) / sizeof(names[0]) ? names[mode] : "invalid";
}

void binread_free(struct binread_policy *pol)
{
	if (!pol)
		return;
	for (size_t i = 0; i < pol->nprofiles; i++)
		free_profile(&pol->profiles[i]);
	free(pol->profiles);
	free(pol);
}

char *binread_profile_key(const struct binread_profile *p)
{
	size_t n = strlen(p->basename) + (p->ns ? strlen(p->ns) + 3 : 0) + 1;
	char *s = xmalloc(n);
	if (p->ns)
		snprintf(s, n, ":%s:%s", p->ns, p->basename);
	else
		snprintf(s, n, "%s", p->basename);
	return s;
}

const struct binread_profile *binread_find_profile(const struct binread_policy *pol,
						   const char *name)
{
	for (size_t i = 0; i < pol->nprofiles; i++)
		if (strcmp(pol->profiles[i].name, name) == 0)
			return &pol->profiles[i];
	for (size_t i = 0; i < pol->nprofiles; i++) {
		char *k = binread_profile_key(&pol->profiles[i]);
		bool eq = strcmp(k, name) == 0;
		free(k);
		if (eq)
			return &pol->profiles[i];
	}
	return NULL;
}

uint32_t binread_dfa_nstates(const struct binread_dfa *d)
{
	return d && d->tables ? d->tables->nstates : 0;
}

uint32_t binread_dfa_step(const struct binread_dfa *d, uint32_t s, unsigned c)
{
	if (!d || !d->tables)
		return 0;
	const struct aut_tables *t = d->tables;
	if (s >= t->nstates)
		return 0;
	if (c < 256) {
		uint8_t b = (uint8_t)c;
		return aut_tables_walk(t, s, &b, 1);
	}
	/* out-of-band: slot base - 1, no EC mapping; non-OOB states go nowhere */
	return aut_tables_oob(t, s);
}

uint32_t binread_dfa_walk(const struct binread_dfa *d, uint32_t s, const void *str, size_t n)
{
	if (!d || !d->tables || s >= d->tables->nstates)
		return 0;
	return aut_tables_walk(d->tables, s, str, n);
}

uint32_t binread_pdb_start(const struct binread_pdb *pdb, bool file_class)
{
	if (!pdb->dfa.tables)
		return 0;
	uint32_t s = file_class ? pdb->dfa_start : pdb->start;
	return s < pdb->dfa.tables->nstates ? s : 0;
}
