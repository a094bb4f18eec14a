/*
 * writer: the kernel's binary policy container (binary-policy-format.md §1-2).
 *
 * Owns the typed little-endian stream (named elements, structs, arrays,
 * the 8-byte aligned DFA blob) and the exact element order of one profile
 * unit: version header, namespace, the profile struct. Its input is a
 * compiled profile (struct bin_profile) whose DFAs are already serialized
 * "aadfa" payloads; it knows nothing of the policy language or of how the
 * DFAs were built. Nothing here allocates beyond the output buffer.
 */
#ifndef CONFINE_BINARY_WRITER_H
#define CONFINE_BINARY_WRITER_H

#include "support/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BIN_RLIMIT_COUNT 16
#define BIN_NET_AF_MAX 64
#define BIN_XTABLE_MAX 12

/* Flag bits of the "flags" struct (§2.3 #11). */
#define BIN_FLAG_HAT     0x1u
#define BIN_FLAG_DEBUG1  0x2u
#define BIN_FLAG_DEBUG2  0x4u

/* path_flags wire bits (§2.3 #12) */
#define BIN_PATH_CHROOT_RELATIVE     0x8u
#define BIN_PATH_ATTACH_DISCONNECTED 0x4u
#define BIN_PATH_CHROOT_ATTACH       0x10u
#define BIN_PATH_MEDIATE_DELETED     0x10000u

struct bin_blob {
	const void *data;      /* a serialized aadfa payload (length a multiple of 8) */
	size_t len;
};

struct bin_profile {
	const char *name;          /* full name: a, /usr/bin/a, parent//hat */
	const char *ns;            /* namespace header of the unit, or NULL */
	uint32_t flag_bits;        /* BIN_FLAG_* */
	uint32_t mode;             /* 0 enforce, 1 complain, 2 kill, 3 unconfined */
	bool audit;
	bool has_path_flags;
	uint32_t path_flags;
	const char *disconnected;  /* attach_disconnected.path, or NULL */
	bool has_kill_signal;
	uint32_t kill_signal;
	/* capabilities: index 0 = caps 0-31, 1 = caps 32-63 */
	uint32_t cap_allow[2], cap_audit[2], cap_quiet[2];
	uint32_t rlimit_mask;      /* 0: no rlimits element */
	uint64_t rlimits[BIN_RLIMIT_COUNT];
	/* net_allowed_af (§2.3 #20, old kernels without network_v8): per
	 * address family a socket-type mask of allowed, audited and quieted
	 * types; net_af_count 0: no element */
	size_t net_af_count;
	uint16_t net_af_allow[BIN_NET_AF_MAX], net_af_audit[BIN_NET_AF_MAX],
		net_af_quiet[BIN_NET_AF_MAX];
	const char *const *xattrs; /* attachment xattr names */
	size_t nxattrs;
	struct bin_blob xmatch;    /* data NULL: no attachment DFA */
	uint32_t xmatch_len;
	struct bin_blob policydb;  /* data NULL: no policydb */
	struct bin_blob file;      /* data NULL: no file DFA */
	const char *xtable[BIN_XTABLE_MAX];   /* slot 4 + i, the first nxtable used */
	size_t nxtable;
};

struct bin_header {
	uint32_t version;          /* the version word (§2.2) */
	bool write_version;        /* emit it (required in the first unit of a write) */
};

/* The version word for kernel ABI abi (5..7) and force-complain. */
uint32_t bin_version_word(unsigned abi, bool force_complain);

/* Append one profile unit. */
void bin_write_profile(struct strbuf *out, const struct bin_header *h,
		       const struct bin_profile *p);

#endif
