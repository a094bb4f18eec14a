/*
 * writer: one profile unit in the kernel's typed stream (see writer.h).
 *
 * The stream is little-endian; the DFA blobs inside are big-endian and come
 * ready-made. Element order is fixed (the kernel only ever looks at the next
 * element), so this file follows binary-policy-format.md §2.3 line by line.
 */
#include "binary/writer.h"
#include "binary/stream.h"

#include "support/xalloc.h"

#include <stdlib.h>
#include <string.h>


struct stream {
	struct strbuf *sb;
	size_t unit_start;      /* the DFA alignment is relative to the unit */
};

static void put_le(struct stream *s, uint64_t v, unsigned n)
{
	char b[8];
	for (unsigned i = 0; i < n; i++)
		b[i] = (char)(v >> (8 * i));
	strbuf_add(s->sb, b, n);
}

static void put_code(struct stream *s, unsigned code)
{
	strbuf_addch(s->sb, (char)code);
}

/* A counted, NUL-terminated string of n bytes (which may hold NULs). */
static void put_counted(struct stream *s, const char *str, size_t n)
{
	put_le(s, n + 1, 2);
	strbuf_add(s->sb, str, n);
	strbuf_addch(s->sb, '\0');
}

static void put_name(struct stream *s, const char *name)
{
	if (!name)
		return;
	put_code(s, T_NAME);
	put_counted(s, name, strlen(name));
}

static void put_u16(struct stream *s, const char *name, uint16_t v)
{
	put_name(s, name);
	put_code(s, T_U16);
	put_le(s, v, 2);
}

static void put_u32(struct stream *s, const char *name, uint32_t v)
{
	put_name(s, name);
	put_code(s, T_U32);
	put_le(s, v, 4);
}

static void put_u64(struct stream *s, const char *name, uint64_t v)
{
	put_name(s, name);
	put_code(s, T_U64);
	put_le(s, v, 8);
}

static void put_string(struct stream *s, const char *name, const char *str, size_t n)
{
	put_name(s, name);
	put_code(s, T_STRING);
	put_counted(s, str, n);
}

static void put_struct(struct stream *s, const char *name)
{
	put_name(s, name);
	put_code(s, T_STRUCT);
}

static void put_structend(struct stream *s)
{
	put_code(s, T_STRUCTEND);
}

static void put_array(struct stream *s, const char *name, uint16_t count)
{
	put_name(s, name);
	put_code(s, T_ARRAY);
	put_le(s, count, 2);
}

static void put_arrayend(struct stream *s)
{
	put_code(s, T_ARRAYEND);
}

/*
 * NAME "aadfa", BLOB: zero padding puts the first DFA byte on an 8-byte
 * boundary counted from the start of the unit; the kernel recomputes the
 * same pad from the blob's position (§1.2).
 */
static void put_dfa(struct stream *s, const struct bin_blob *b)
{
	put_name(s, "aadfa");
	size_t at = s->sb->len - s->unit_start + 5;
	size_t pad = (8 - at % 8) % 8;
	put_code(s, T_BLOB);
	put_le(s, b->len + pad, 4);
	static const char zero[8] = { 0 };
	strbuf_add(s->sb, zero, pad);
	strbuf_add(s->sb, b->data, b->len);
}

uint32_t bin_version_word(unsigned abi, bool force_complain)
{
	if (abi <= 5)
		return 5;
	/* policy version 2, parser ABI 2 (§2.2) */
	return (abi & 0x3ff) | (force_complain ? 0x800u : 0) | (2u << 12) | (2u << 20);
}

/* ':ns:name' goes out as ':ns\0name' (the kernel turns it back) */
static void put_xtable_entry(struct stream *s, const char *e)
{
	size_t n = strlen(e);
	const char *colon = e[0] == ':' ? strchr(e + 1, ':') : NULL;
	if (!colon) {
		put_string(s, NULL, e, n);
		return;
	}
	char *buf = xstrdup(e);
	buf[colon - e] = '\0';
	put_string(s, NULL, buf, n);
	free(buf);
}

void bin_write_profile(struct strbuf *out, const struct bin_header *h,
		       const struct bin_profile *p)
{
	struct stream s = { out, out->len };
	if (h->write_version)
		put_u32(&s, "version", h->version);
	if (p->ns)
		put_string(&s, "namespace", p->ns, strlen(p->ns));
	put_struct(&s, "profile");
	put_string(&s, NULL, p->name, strlen(p->name));
	if (p->xmatch.data) {
		put_dfa(&s, &p->xmatch);
		put_u32(&s, NULL, p->xmatch_len);
	}
	if (p->disconnected)
		put_string(&s, "disconnected", p->disconnected, strlen(p->disconnected));
	if (p->has_kill_signal)
		put_u32(&s, "kill", p->kill_signal);
	put_struct(&s, "flags");
	put_u32(&s, NULL, p->flag_bits);
	put_u32(&s, NULL, p->mode);
	put_u32(&s, NULL, p->audit ? 1 : 0);
	put_structend(&s);
	if (p->has_path_flags)
		put_u32(&s, "path_flags", p->path_flags);
	put_u32(&s, NULL, p->cap_allow[0]);
	put_u32(&s, NULL, p->cap_audit[0]);
	put_u32(&s, NULL, p->cap_quiet[0]);
	put_u32(&s, NULL, 0);
	put_struct(&s, "caps64");
	put_u32(&s, NULL, p->cap_allow[1]);
	put_u32(&s, NULL, p->cap_audit[1]);
	put_u32(&s, NULL, p->cap_quiet[1]);
	put_u32(&s, NULL, 0);
	put_structend(&s);
	if (p->nxattrs) {
		put_struct(&s, "xattrs");
		put_array(&s, NULL, (uint16_t)p->nxattrs);
		for (size_t i = 0; i < p->nxattrs; i++)
			put_string(&s, NULL, p->xattrs[i], strlen(p->xattrs[i]));
		put_arrayend(&s);
		put_structend(&s);
	}
	if (p->rlimit_mask) {
		put_struct(&s, "rlimits");
		put_u32(&s, NULL, p->rlimit_mask);
		put_array(&s, NULL, BIN_RLIMIT_COUNT);
		for (unsigned i = 0; i < BIN_RLIMIT_COUNT; i++)
			put_u64(&s, NULL, p->rlimits[i]);
		put_arrayend(&s);
		put_structend(&s);
	}
	if (p->net_af_count) {
		size_t n = p->net_af_count < BIN_NET_AF_MAX ? p->net_af_count : BIN_NET_AF_MAX;
		put_array(&s, "net_allowed_af", (uint16_t)n);
		for (size_t i = 0; i < n; i++) {
			put_u16(&s, NULL, p->net_af_allow[i]);
			put_u16(&s, NULL, p->net_af_audit[i]);
			put_u16(&s, NULL, p->net_af_quiet[i]);
		}
		put_arrayend(&s);
	}
	if (p->policydb.data) {
		put_struct(&s, "policydb");
		put_dfa(&s, &p->policydb);
		put_structend(&s);
	}
	if (p->file.data)
		put_dfa(&s, &p->file);
	if (p->nxtable) {
		put_struct(&s, "xtable");
		put_array(&s, NULL, (uint16_t)p->nxtable);
		for (size_t i = 0; i < p->nxtable; i++)
			put_xtable_entry(&s, p->xtable[i]);
		put_arrayend(&s);
		put_structend(&s);
	}
	put_structend(&s);
}
