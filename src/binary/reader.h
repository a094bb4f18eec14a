/*
 * reader: decodes an AppArmor binary policy load buffer (what
 * apparmor_parser writes to /sys/kernel/security/apparmor/.replace or stores
 * in a cache file: a sequence of profile units, binary-policy-format.md §1-2)
 * into a plain in-memory model, and answers simple queries on it (walking a
 * decoded DFA).
 *
 * Owns: src/binary/reader.{h,c}. It reads the typed little-endian container
 * (§1), applies the kernel unpacker's rules (fixed field order, optional named
 * fields probed by name, every length bounds-checked, the aadfa pad computed
 * like the kernel's unpack_dfa) and hands every DFA blob to the automata
 * module (aut_tables_parse) for the table checks; out-of-band transitions
 * (§3.2 bit 29) are split off here because the automata parser does not take
 * them. It never touches the writer (src/binary/writer.*), the compiler or
 * the language front end, and it interprets permissions only as far as the
 * container requires (xtable references); semantics live in equiv.{h,c}.
 *
 * The input is treated as hostile: no read outside the buffer, counts are
 * checked against the bytes that remain before anything is allocated, there
 * is no recursion, and errors are returned as values (negative errno plus a
 * message that names the byte offset and what was expected). No global state.
 */
#ifndef CONFINE_BINARY_READER_H
#define CONFINE_BINARY_READER_H

#include "automata/automata.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the (old-style) permission-table entry of §4.5, 13 words after the reserved one */
struct binread_perm_entry {
	uint32_t allow, deny, subtree, cond, kill, complain, prompt, audit, quiet, hide;
	uint32_t xindex, tag, label;
};

/* new-format xindex (§4.2, ≥6.2) */
#define BINREAD_X_INDEX_MASK 0x00ffffffu
#define BINREAD_X_TYPE_MASK  0x0c000000u
#define BINREAD_X_TABLE      0x08000000u

struct binread_xtable {
	bool present;
	uint32_t n;
	char **names;          /* n strings; ':ns\0name' entries turned back into ':ns:name' */
	size_t offset;         /* byte offset of the "xtable" element */
};

/* one decoded aadfa blob */
struct binread_dfa {
	struct aut_tables *tables;   /* NULL: no DFA */
	bool has_accept2;            /* the blob carried an ACCEPT2 table */
	bool has_oob;                /* some state has an out-of-band transition */
	uint8_t *oob;                /* per state 0/1 (NULL when !has_oob) */
	size_t offset;               /* byte offset of the DFA bytes (after the pad) */
	size_t size;                 /* DFA bytes, pad excluded */
	unsigned pad;
};

/* one policydb (xmatch, the policydb struct, or the file DFA) */
struct binread_pdb {
	bool has_perms;                   /* a "perms" table was present */
	uint32_t perms_version;
	uint32_t nperms;
	struct binread_perm_entry *perms;
	bool has_permsv;
	uint32_t permsv;
	struct binread_dfa dfa;
	uint32_t start;                   /* "start" (default 1) */
	uint32_t dfa_start;               /* "dfa_start" (default 1) */
	bool has_start, has_dfa_start;
	struct binread_xtable xtable;     /* an xtable read with this policydb */
};

struct binread_data {
	char *key;
	uint8_t *value;
	size_t len;
};

struct binread_secmark {
	uint8_t audit, deny;
	char *label;
};

enum { BINREAD_RLIMITS_MAX = 16 };

struct binread_profile {
	size_t offset;          /* byte offset of the unit (its first header element) */
	uint32_t version;       /* version word in effect for this unit */
	bool unit_has_version;
	char *unit_namespace;   /* the unit's "namespace" header, or NULL */
	char *name;             /* the name as written, e.g. "parent//hat" or ":ns:name" */
	char *ns;               /* namespace: the name's :ns: prefix, else the load's, or NULL */
	char *basename;         /* name without the :ns: prefix */
	char *rename, *attach;
	struct binread_pdb xmatch;
	bool has_xmatch_len;
	uint32_t xmatch_len;
	char *disconnected, *disconnected_ipc;
	bool has_kill, has_error;
	uint32_t kill, error;
	uint32_t flags, mode, audit;   /* the "flags" struct (§2.3 #11) */
	bool has_path_flags;
	uint32_t path_flags;
	uint64_t caps_allow, caps_audit, caps_quiet;   /* low 32 + caps64 high 32 */
	bool has_caps64, has_capsx;
	uint64_t capsx;
	uint32_t nidentity;
	char **identity;
	bool has_xattrs;
	uint32_t nxattrs;
	char **xattrs;
	bool has_rlimits;
	uint32_t rlimit_mask;
	uint32_t nrlimits;
	uint64_t rlimits[BINREAD_RLIMITS_MAX];
	uint32_t nsecmark;
	struct binread_secmark *secmark;
	/* old Ubuntu-style network rules (§2.3 #20): per address family allow/audit/quiet */
	bool has_net_allowed_af;
	uint32_t nnet_af;
	uint16_t (*net_af)[3];
	bool has_policydb;
	struct binread_pdb policydb;
	struct binread_pdb file;       /* the file DFA; its xtable is the profile's xtable */
	bool has_data;
	uint32_t ndata;
	struct binread_data *data;
};

struct binread_policy {
	size_t nprofiles;
	struct binread_profile *profiles;
	size_t size;            /* bytes decoded */
};

struct binread_error {
	int code;               /* negative errno (-EPROTO for bad data) */
	size_t offset;          /* byte offset where decoding stopped */
	char msg[256];          /* "offset N: expected ..." */
};

struct binread_limits {
	size_t max_profiles;    /* 0 = default 100,000 */
	size_t max_dfa_bytes;   /* per DFA blob; 0 = default 256 MiB */
};

/*
 * Decode a whole load buffer. On success *out is a new model (free with
 * binread_free) and 0 is returned; otherwise a negative errno, *out is NULL
 * and err (if not NULL) says where and why.
 */
int binread_decode(const void *buf, size_t len, const struct binread_limits *limits,
		   struct binread_policy **out, struct binread_error *err);
void binread_free(struct binread_policy *pol);
/* The name of a profile mode value (enforce, complain, ...), "invalid" if none. */
const char *binread_mode_name(uint32_t mode);

/* Profile by written name, or by ":ns:name" when it has a namespace; NULL if none. */
const struct binread_profile *binread_find_profile(const struct binread_policy *pol,
						   const char *name);
/* "name", or ":ns:name" when the profile has a namespace (the comparison key). Caller frees. */
char *binread_profile_key(const struct binread_profile *p);

/* The out-of-band input symbol of binread_dfa_step (after the 256 bytes). */
#define BINREAD_OOB 256u

/* One kernel step from state s on byte c (0..255) or BINREAD_OOB. A NULL DFA stays in 0. */
uint32_t binread_dfa_step(const struct binread_dfa *d, uint32_t s, unsigned c);
/* Walk exactly n bytes from state s. */
uint32_t binread_dfa_walk(const struct binread_dfa *d, uint32_t s, const void *str, size_t n);
/*
 * The start state the kernel uses: "dfa_start" for the file DFA (file_class),
 * "start" otherwise (both default 1); 0 without a DFA.
 */
uint32_t binread_pdb_start(const struct binread_pdb *pdb, bool file_class);
/* number of states (0 without a DFA) */
uint32_t binread_dfa_nstates(const struct binread_dfa *d);

#endif
