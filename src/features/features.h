/*
 * features: the AppArmor features ABI (docs/binary-policy-format.md §6).
 *
 * Owns the parsed form of one features set: a private copy of the flattened
 * features string ("name {value}" nested, the format of --features-file, of a
 * cache's .features file and of the policy abi files in /etc/apparmor.d/abi/)
 * and the tree of named features built from it. Also owns the reading of a
 * kernel features directory (/sys/kernel/security/apparmor/features) and its
 * flattening into that string, the cache hash of the string, the intersection
 * of a kernel and a policy features set, and the table that maps rule classes
 * to the feature that enforces them.
 *
 * Does not own: policy, cache directories, parser.conf, diagnostics. Nothing
 * here prints; every failure is a negative errno plus a struct features_error
 * with a message and, for text input, the byte offset of the problem.
 *
 * A features set is immutable after parsing and holds no global state, so one
 * set may be shared read-only by many compilation threads.
 *
 * Path queries ("network_v8/af_mask", "policy/versions/v7") follow libapparmor's
 * aa_features_supports(): '/' separates components, empty components are
 * ignored, a component names a feature of the current level, and the last
 * component may instead name one word of a leaf's value ("mount/mask/pivot_root",
 * "policy/permstable32_version/0x000003"). One deliberate difference: words and
 * names must match whole. libapparmor's matcher also accepts a component that
 * is only the tail of a word (it would find "mount/mask/mount" in a value that
 * holds only "umount"); no kernel features set depends on that.
 */
#ifndef CONFINE_FEATURES_FEATURES_H
#define CONFINE_FEATURES_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libapparmor refuses features strings of this size or more (STRING_SIZE). We
 * accept larger ones (newer kernels may grow) but the CLI can warn with this. */
#define FEATURES_UPSTREAM_STRING_SIZE 8192u
/* Hard limits on untrusted input: bigger or deeper input is an error. */
#define FEATURES_MAX_SIZE (1u << 20)
#define FEATURES_MAX_DEPTH 32u

/* The seed libapparmor uses for the cache hash of a features string. */
#define FEATURES_HASH_SEED 5381u

struct features;

/* One feature: a directory (children, no value) or a leaf (value, no children). */
struct features_node {
	const char *name;               /* NUL-terminated; "" for the root */
	const char *value;              /* leaf: the raw text between the braces, */
	size_t value_len;               /*   verbatim (normally ends in '\n'); NULL for a directory */
	size_t offset;                  /* byte offset of the name in the flattened string */
	const struct features_node *parent;
	const struct features_node *children;   /* first child, in input order */
	const struct features_node *next;       /* next sibling */
};

struct features_error {
	int code;                       /* the negative errno also returned */
	size_t offset;                  /* byte offset in the text (parse errors only) */
	bool has_offset;
	char message[256];              /* English, no trailing newline */
};

/* ---- construction --------------------------------------------------------- */

/*
 * Parse a flattened features string (not necessarily NUL-terminated). Strict:
 * every level is either a leaf value (text without braces) or a sequence of
 * "name {...}" entries separated by optional whitespace. Returns 0 and a new
 * set, or -EINVAL (malformed: err->offset says where), -EFBIG (larger than
 * FEATURES_MAX_SIZE) or -ELOOP (nested deeper than FEATURES_MAX_DEPTH).
 *
 * One exception, for compatibility: a '}' at top level that closes nothing
 * ends the features; the rest of the text is kept (it is part of the string
 * and its hash) but never parsed nor found by queries, which is exactly what
 * libapparmor's lookups see. Upstream's abi/kernel-5.4-vanilla and
 * abi/kernel-5.4-outoftree-network (shipped by Debian) contain such a brace.
 * features_tail_ignored() reports it so a tool can warn.
 */
int features_parse(const char *text, size_t len, struct features **out,
		   struct features_error *err);

/*
 * Flatten a features directory tree exactly as libapparmor does: entries of
 * each directory in byte order (alphasort in the C locale), names starting
 * with '.' skipped, each entry written as "name {" + (a regular file's raw
 * contents | a directory's flattened children | nothing) + "}\n". A symlink
 * to a file counts as that file, a symlink to a directory as an empty entry
 * (byte-identical to ../shared/vm/aa-vm flatten). Appends to *out.
 * Returns 0 or a negative errno (-EFBIG when the result would exceed
 * FEATURES_MAX_SIZE, -ELOOP when deeper than FEATURES_MAX_DEPTH).
 */
struct strbuf;
int features_flatten_dir(int dirfd, const char *path, struct strbuf *out,
			 struct features_error *err);

/*
 * Load a features set from a path: a directory is flattened (above), anything
 * else is read as a flattened string. dirfd is AT_FDCWD or a directory fd.
 */
int features_load(int dirfd, const char *path, struct features **out,
		  struct features_error *err);

void features_free(struct features *f);

/* True if a stray top-level '}' at *offset ended the parse (see features_parse). */
bool features_tail_ignored(const struct features *f, size_t *offset);

/* ---- the flattened string and its hash ------------------------------------ */

/* The flattened string exactly as parsed or built (NUL-terminated; *len may be NULL). */
const char *features_string(const struct features *f, size_t *len);

/* MurmurHash3, x86 32-bit variant, over len bytes. */
uint32_t features_murmur3_x86_32(const void *data, size_t len, uint32_t seed);

/* The cache hash of the set: MurmurHash3 x86_32, seed 5381, of the string's
 * bytes up to its first NUL, as 8 lowercase hex digits plus NUL. */
void features_hash(const struct features *f, char out[9]);

/* ---- queries -------------------------------------------------------------- */

/* The root directory node (name ""); its children are the top-level features. */
const struct features_node *features_root(const struct features *f);

/* The node at a path of feature names (no value words), or NULL. */
const struct features_node *features_lookup(const struct features *f, const char *path);

/* True if the path names a feature, or a word in the value of the leaf it ends
 * at (see the file comment). An empty path or a NULL set is never supported. */
bool features_supports(const struct features *f, const char *path);

/* The raw value of the leaf at path, or NULL (absent or a directory). */
const char *features_value(const struct features *f, const char *path, size_t *len);

/* One whitespace-separated word of a leaf value. */
struct features_word {
	const char *text;               /* not NUL-terminated */
	size_t len;
};

/* Iterate over the words of a value: start with *pos = 0; returns false at the end. */
bool features_next_word(const char *value, size_t value_len, size_t *pos,
			struct features_word *word);

/* Does the leaf at path hold this word ("mount/mask" has "pivot_root")? */
bool features_has_word(const struct features *f, const char *path, const char *word);

/* Is the value of the leaf at path exactly this one word ("yes", "1.2")? */
bool features_value_is(const struct features *f, const char *path, const char *word);

/* The leaf value as an unsigned number ("0x000003", "3"). 0 or -ENOENT/-EINVAL. */
int features_value_u64(const struct features *f, const char *path, uint64_t *out);

/* The highest policy version N with "policy/versions/vN" (0 if none). */
unsigned features_policy_version(const struct features *f);

/* ---- kernel x policy ------------------------------------------------------ */

/* Upstream's features_intersect(): supported by both sets. NULL sets support nothing. */
bool features_intersect(const struct features *kernel, const struct features *policy,
			const char *path);

/*
 * A new set holding what both sets have: features present in both (in a's
 * order); a leaf's value keeps the words present in both. A leaf in one set
 * that is a directory in the other is dropped. Returns 0 or a negative errno.
 */
int features_intersection(const struct features *a, const struct features *b,
			  struct features **out, struct features_error *err);

/*
 * What the compiler may use, computed the way apparmor_parser does: rule
 * classes and profile flags need the feature in both the kernel and the policy
 * set; the encoding/version capabilities come from the kernel set only (the
 * kernel decides what it can unpack, whatever abi the policy was written for).
 * A NULL policy set means "same as the kernel" (no abi rule, no
 * --policy-features).
 */
struct features_support {
	/* both sets */
	bool network;                   /* "network": af/type network rules */
	bool network_v8;                /* "network_v8" */
	bool network_inet;              /* "network_v8/af_inet": fine-grained inet */
	bool network_unix;              /* "network/af_unix": unix rules */
	bool network_v9;                /* "network_v9" */
	bool network_v9_unix;           /* "network_v9/af_unix" */
	bool mount;                     /* "mount": mount, remount, umount, pivot_root */
	bool dbus;                      /* "dbus" */
	bool signal;                    /* "signal" */
	bool ptrace;                    /* "ptrace" */
	bool stacking;                  /* "domain/stack" */
	bool domain_xattr;              /* "domain/attach_conditions/xattr" */
	bool userns;                    /* "namespaces/mask/userns_create" */
	bool posix_mqueue;              /* "ipc/posix_mqueue" */
	bool sysv_mqueue;               /* "ipc/sysv_mqueue" */
	bool io_uring;                  /* "io_uring" */
	bool flag_interruptible;        /* "policy/profile/interruptible" */
	bool flag_kill_signal;          /* "policy/profile/kill.signal" */
	bool flag_error;                /* "policy/profile/error" */
	/* kernel set only */
	bool policydb;                  /* "file": the kernel has a policydb */
	bool set_load;                  /* "policy/set_load" */
	bool diff_encode;               /* "policy/diff_encode" */
	bool state32;                   /* "policy/state32" */
	bool flags_table;               /* "policy/flags_table" */
	bool outofband;                 /* "policy/outofband" */
	bool permstable32;              /* "policy/permstable32" */
	bool compressed_load;           /* "policy/compressed_load" */
	bool detached_mount;            /* "mount/move_mount/detached" */
	unsigned permstable32_version;  /* value of "policy/permstable32_version", 0 if absent */
	unsigned abi_version;           /* highest "policy/versions/vN", 0 if none */
};

void features_support_compute(const struct features *kernel, const struct features *policy,
			      struct features_support *out);

/* ---- rule classes --------------------------------------------------------- */

/* The rule classes whose enforcement depends on the features ABI. */
enum features_rule_class {
	FEATURES_RULE_FILE,
	FEATURES_RULE_CAPABILITY,
	FEATURES_RULE_NETWORK,          /* network [domain] [type] */
	FEATURES_RULE_NETWORK_INET,     /* network with ip=/port= conditions */
	FEATURES_RULE_UNIX,
	FEATURES_RULE_MOUNT,            /* mount, remount, umount */
	FEATURES_RULE_PIVOT_ROOT,
	FEATURES_RULE_DBUS,
	FEATURES_RULE_SIGNAL,
	FEATURES_RULE_PTRACE,
	FEATURES_RULE_CHANGE_PROFILE,
	FEATURES_RULE_RLIMIT,
	FEATURES_RULE_USERNS,
	FEATURES_RULE_MQUEUE,
	FEATURES_RULE_IO_URING,
	FEATURES_RULE__COUNT
};

struct features_rule_class_info {
	const char *name;               /* the rule's keyword, e.g. "userns" */
	const char *feature;            /* path that must be supported, e.g. "namespaces/mask/userns_create" */
	const char *min_abi;            /* first upstream abi file that has it ("3.0", "4.0"),
					   NULL if no released abi file does */
};

const struct features_rule_class_info *features_rule_class_info(enum features_rule_class c);

/* Is the class enforced: its feature in both sets (NULL policy = kernel)? */
bool features_rule_class_enforced(const struct features *kernel, const struct features *policy,
				  enum features_rule_class c);

/*
 * For a "needs abi X" hint: if the policy set lacks the class's feature but an
 * upstream abi file has it, that abi's name ("4.0"); otherwise NULL.
 */
const char *features_rule_class_abi_hint(const struct features *policy,
					 enum features_rule_class c);

#endif
