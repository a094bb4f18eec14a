/*
 * automata: AppArmor patterns -> regular-expression tree -> DFA -> minimal DFA
 * -> the kernel's packed default/base/next/check tables, plus matchers that
 * walk both the unpacked DFA and the packed tables.
 *
 * Owns: src/automata/ (this header is its whole contract). It knows nothing of
 * the policy language: the lowering stage (src/compile) turns rules into
 * (pattern, permissions) entries and calls this API. It must not touch the
 * language front end, the features tree or the binary container around the
 * DFA blob (the typed stream of binary-policy-format.md §1-2 belongs to the
 * binary writer; we produce only the "aadfa" payload of §3.1).
 *
 * How lowering uses it (one rule set per DFA, e.g. one per profile file DFA,
 * one per policydb, one per attachment):
 *
 *   struct aut_ruleset *rs = aut_ruleset_new(&limits);   // NULL limits = defaults
 *   struct aut_node *n;
 *   struct aut_error err;
 *   // (a) a file path, variables already expanded:
 *   aut_glob(rs, "/usr/lib/\*\*" (two stars), SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &n, NULL, &err);
 *   aut_add_rule(rs, n, &(struct aut_rule){ .perms = AA_MAY_READ | ..., .label = "..." }, &err);
 *   // (b) multi-component rule A \0 B (link pair, mount, dbus...):
 *   struct aut_node *parts[2] = { a, b };
 *   aut_add_rule_vec(rs, parts, 2, &rule, &err);
 *   // (c) raw policydb pieces: aut_byte(rs, 0x0e), aut_bytes(rs, "\x00\x01", 2),
 *   //     aut_range(rs, lo, hi), aut_any_but_nul(rs), aut_cat/aut_alt/aut_star,
 *   //     or upstream's internal regex text: aut_regex(rs, "\\x0e[^\\x00]*", ...)
 *   struct aut_dfa *dfa;
 *   aut_build(rs, &opts, &dfa, &err);       // subset construction
 *   struct aut_dfa *min;
 *   aut_minimize(dfa, &min, &err);          // minimal DFA, state 0 dead, 1 start
 *   struct aut_tables *t;
 *   aut_pack(min, &pack_opts, &t, &err);    // comb-compressed tables
 *   aut_tables_serialize(t, &strbuf);       // big-endian blob, §3.1
 *
 * Nodes belong to the rule set's arena and may be shared between rules of the
 * same set (the tree is never mutated). Everything is per rule set: no global
 * state, so independent rule sets can be built in parallel threads.
 *
 * Errors are values: functions return 0 or a negative errno and fill a
 * struct aut_error whose message names the offending rule(s) by label.
 */
#ifndef CONFINE_AUTOMATA_H
#define CONFINE_AUTOMATA_H

#include "support/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- permission bits (binary-policy-format.md §4.1) ---- */

#define AA_MAY_EXEC          0x0001u
#define AA_MAY_WRITE         0x0002u
#define AA_MAY_READ          0x0004u
#define AA_MAY_APPEND        0x0008u
#define AA_OLD_MAY_LINK      0x0010u
#define AA_OLD_MAY_LOCK      0x0020u   /* also the link "subset" flag */
#define AA_OLD_EXEC_MMAP     0x0040u
#define AA_EXEC_PUX          0x0080u
#define AA_EXEC_UNSAFE       0x0100u
#define AA_EXEC_INHERIT      0x0200u
#define AA_EXEC_INDEX_SHIFT  10
#define AA_EXEC_INDEX_MASK   0x3c00u
#define AA_OTHER_SHIFT       14        /* other half = user half << 14 */
#define AA_HALF_MASK         0x3fffu
/* exec "type": everything that says how to exec (modifiers + index) */
#define AA_EXEC_TYPE         (AA_EXEC_PUX | AA_EXEC_UNSAFE | AA_EXEC_INHERIT | AA_EXEC_INDEX_MASK)
#define AA_USER_EXEC_TYPE    AA_EXEC_TYPE
#define AA_OTHER_EXEC_TYPE   (AA_EXEC_TYPE << AA_OTHER_SHIFT)
#define AA_USER_EXEC         AA_MAY_EXEC
#define AA_OTHER_EXEC        (AA_MAY_EXEC << AA_OTHER_SHIFT)
#define AA_ONEXEC            0x40000000u   /* also AA_CHANGE_HAT */
#define AA_CHANGE_PROFILE    0x80000000u
/* bits of audit/quiet that survive PACK_AUDIT_CTL (§4.2) */
#define AA_AUDIT_PACK_MASK   0x1fc07fu

/* ---- permission tuples ---- */

/*
 * The merged permissions of one DFA state (and the reference result of a
 * match). allow already has deny removed (deny always wins); quiet only
 * keeps bits that are denied, as in the kernel's packed format.
 */
struct aut_perms {
	uint32_t allow;
	uint32_t deny;
	uint32_t audit;
	uint32_t quiet;
};

enum aut_rule_mode { AUT_RULE_ALLOW = 0, AUT_RULE_DENY = 1 };

/*
 * One rule's contribution. perms uses the §4.1 layout (user half bits 0-13,
 * other half bits 14-27, shared bits 30/31); a rule without owner qualifier
 * sets both halves. audit: for allow rules the bits to force-audit; for deny
 * rules the bits to keep quiet (a plain "deny" passes its perms, "audit deny"
 * passes 0), exactly as upstream's rule entries carry them.
 * priority: higher wins per permission bit (policy versions with priority);
 * all 0 gives the classic semantics. ref/label identify the rule in errors.
 */
struct aut_rule {
	enum aut_rule_mode mode;
	uint32_t perms;
	uint32_t audit;
	int priority;
	const void *ref;       /* opaque back-pointer for the caller */
	const char *label;     /* human text, e.g. "profile foo: /bin/x px" */
};

/* ---- errors and limits ---- */

struct aut_error {
	int code;                      /* negative errno */
	char msg[512];
	const struct aut_rule *rule1;  /* rule(s) involved, when known */
	const struct aut_rule *rule2;
};

struct aut_limits {
	size_t max_states;       /* 0 = default (4,000,000) */
	size_t max_memory;       /* bytes for the construction; 0 = default (2 GiB) */
	size_t max_positions;    /* regex leaves over all rules; 0 = default (50,000,000) */
};

/* ---- rule sets and regex nodes ---- */

struct aut_ruleset;
struct aut_node;

struct aut_ruleset *aut_ruleset_new(const struct aut_limits *limits);
void aut_ruleset_free(struct aut_ruleset *rs);
size_t aut_ruleset_rule_count(const struct aut_ruleset *rs);

/* Programmatic builders. They never fail (allocation failure aborts). */
struct aut_node *aut_empty(struct aut_ruleset *rs);                /* matches "" */
struct aut_node *aut_byte(struct aut_ruleset *rs, uint8_t c);
struct aut_node *aut_bytes(struct aut_ruleset *rs, const void *s, size_t n);
struct aut_node *aut_range(struct aut_ruleset *rs, uint8_t lo, uint8_t hi);
/* set: 256-bit membership, bit c of set[c / 64] */
struct aut_node *aut_charset(struct aut_ruleset *rs, const uint64_t set[4]);
struct aut_node *aut_any(struct aut_ruleset *rs);                  /* any byte incl. NUL */
struct aut_node *aut_any_but_nul(struct aut_ruleset *rs);          /* [^\0] */
/*
 * The out-of-band symbol: no byte, but the kernel's out-of-band transition
 * (binary-policy-format.md §3.4), which the attachment DFA takes between
 * the exec path and each xattr value. A DFA whose rules use it has a class
 * for it (aut_dfa.oob_class), packed at the slot before the state's base.
 */
struct aut_node *aut_oob(struct aut_ruleset *rs);
struct aut_node *aut_cat(struct aut_ruleset *rs, struct aut_node *a, struct aut_node *b);
struct aut_node *aut_alt(struct aut_ruleset *rs, struct aut_node *a, struct aut_node *b);
struct aut_node *aut_star(struct aut_ruleset *rs, struct aut_node *a);
struct aut_node *aut_plus(struct aut_ruleset *rs, struct aut_node *a);
struct aut_node *aut_opt(struct aut_ruleset *rs, struct aut_node *a);   /* (a|) */

/*
 * Upstream's internal regex dialect (binary-policy-format.md §5.4): '.' any
 * byte (including NUL), [...] [^...], (...), |, *, +, escapes \NNN \dNNN
 * \xHH \a \e \f \n \r \t and escaped metacharacters. For class strings built
 * by lowering ("\\x0e..."). len may be SIZE_MAX for a NUL-terminated string.
 */
int aut_regex(struct aut_ruleset *rs, const char *re, size_t len,
	      struct aut_node **out, struct aut_error *err);

/* AppArmor glob conversion (binary-policy-format.md §5). */
enum {
	AUT_GLOB_FILTER_SLASHES = 1u << 0,  /* collapse // (keep a leading //) */
	AUT_GLOB_NULL = 1u << 1,            /* glob_null mode: wildcards may match NUL */
};
enum aut_pattern_type {
	AUT_PATTERN_BASIC,      /* no wildcard at all */
	AUT_PATTERN_TAILGLOB,   /* only a trailing ** */
	AUT_PATTERN_REGEX,
};
struct aut_glob_info {
	enum aut_pattern_type type;
	size_t first_re_pos;    /* offset of the first wildcard in the (filtered) input */
	size_t min_match_len;   /* minimum length of a match (xmatch_len) */
	size_t prefix_match_len;/* the same, counted up to the first repetition
	                         * (apparmor_parser 3.0.8's xmatch_len) */
	unsigned warnings;      /* bit 0: a character was quoted unnecessarily */
};
int aut_glob(struct aut_ruleset *rs, const char *glob, size_t len, unsigned flags,
	     struct aut_node **out, struct aut_glob_info *info, struct aut_error *err);

/* The filtered form of a path (§5.3), for callers that need the text. */
size_t aut_filter_slashes(char *path);

/*
 * Add a rule. The rule struct is copied; label/ref must outlive the rule set.
 * Whether the rule is an "exact match" (no wildcard: its exec type overrides
 * wildcard rules, §4.3) is derived from the node tree.
 */
int aut_add_rule(struct aut_ruleset *rs, struct aut_node *pattern,
		 const struct aut_rule *rule, struct aut_error *err);
/* Components joined by a literal NUL byte: parts[0] \0 parts[1] \0 ... */
int aut_add_rule_vec(struct aut_ruleset *rs, struct aut_node *const *parts, size_t n,
		     const struct aut_rule *rule, struct aut_error *err);

/* ---- DFAs ---- */

enum aut_perm_key {
	/*
	 * States are distinguished by what reaches the kernel in the packed
	 * format: allow, and audit/quiet restricted to the packable bits;
	 * deny is dropped. This is upstream's minimization key, so state
	 * counts compare 1:1 with apparmor_parser.
	 */
	AUT_KEY_KERNEL = 0,
	/* States keep the whole tuple, deny included (for query/explain). */
	AUT_KEY_FULL = 1,
};

struct aut_build_opts {
	enum aut_perm_key key;
};

/*
 * A DFA over byte equivalence classes. State 0 is the dead (non-matching)
 * state, state 1 the start state. next[s * nclasses + cls] is the successor.
 * oob_class is the class of the out-of-band symbol (no byte maps to it), or
 * UINT32_MAX when the rules have none; nclasses counts it.
 */
struct aut_dfa {
	uint32_t nstates;
	uint32_t nclasses;
	uint32_t oob_class;
	uint8_t byte_class[256];
	uint32_t *next;
	struct aut_perms *perms;    /* per state, normalized to the build key */
	uint32_t *origin;           /* per state: a rule index that accepts here, or UINT32_MAX */
	size_t build_bytes;         /* peak bytes used while building (statistics) */
};

int aut_build(struct aut_ruleset *rs, const struct aut_build_opts *opts,
	      struct aut_dfa **out, struct aut_error *err);
/*
 * After a large construction, give the memory it freed back to the system
 * (glibc keeps it in the heap otherwise). A process-wide call: the driver
 * decides when, the builder does not make it on its own.
 */
void aut_release_scratch(const struct aut_dfa *dfa);
/* Minimal DFA (unreachable and dead states removed; 0 dead, 1 start, BFS order). */
int aut_minimize(const struct aut_dfa *dfa, struct aut_dfa **out, struct aut_error *err);
/*
 * The same, releasing dfa's transition table as soon as it has been read
 * (less peak memory on large DFAs): afterwards dfa keeps its state count,
 * perms and statistics but cannot be matched; free it with aut_dfa_free.
 */
int aut_minimize_consume(struct aut_dfa *dfa, struct aut_dfa **out, struct aut_error *err);
void aut_dfa_free(struct aut_dfa *dfa);

/*
 * Number of states apparmor_parser 3.0.8 reports for the same minimized DFA
 * (-D dfa-stats "partitions"): live states plus its non-matching state.
 */
uint32_t aut_dfa_upstream_state_count(const struct aut_dfa *min);

/* Walk: bytes are consumed exactly (embedded NULs are the separators). */
uint32_t aut_dfa_walk(const struct aut_dfa *dfa, uint32_t state, const void *s, size_t n);
/* The out-of-band transition of a state (0: none). */
uint32_t aut_dfa_oob(const struct aut_dfa *dfa, uint32_t state);
struct aut_perms aut_dfa_match(const struct aut_dfa *dfa, const void *s, size_t n);

/* ---- packed kernel tables (§3) and the old accept encoding (§4.2) ---- */

uint32_t aut_accept1(const struct aut_perms *p);   /* ACCEPT word */
uint32_t aut_accept2(const struct aut_perms *p);   /* ACCEPT2 = PACK_AUDIT_CTL */

struct aut_pack_opts {
	bool equiv_classes;      /* emit an EC table (upstream: -O equiv) */
	bool state32;            /* kernel has policy/state32: allow >65535 states */
	bool diff_encode;        /* kernel supports policy/diff_encode: reference states */
	bool zero_start_perms;   /* P-3.0: accept[1] = accept2[1] = 0 */
};

struct aut_tables {
	uint32_t nstates;
	uint32_t nnext;          /* length of next/check */
	bool wide;               /* 32-bit default/next/check */
	bool has_ec;
	uint16_t flags;          /* th_flags (AUT_TH_OOB when a state has an OOB transition) */
	uint8_t ec[256];
	uint32_t *accept, *accept2, *base, *def, *next, *check;
};

int aut_pack(const struct aut_dfa *min, const struct aut_pack_opts *opts,
	     struct aut_tables **out, struct aut_error *err);
void aut_tables_free(struct aut_tables *t);
/* Appends the big-endian "aadfa" payload (length a multiple of 8). */
void aut_tables_serialize(const struct aut_tables *t, struct strbuf *out);
/* Reads a blob back (checks like the kernel's unpacker); for tests/query. */
int aut_tables_parse(const void *blob, size_t len, struct aut_tables **out,
		     struct aut_error *err);
/* The kernel's walk (match.c semantics), exactly n bytes. */
uint32_t aut_tables_walk(const struct aut_tables *t, uint32_t state, const void *s, size_t n);
/* The kernel's out-of-band transition: 0 unless the state's BASE has the flag. */
uint32_t aut_tables_oob(const struct aut_tables *t, uint32_t state);

#define AUT_TH_OOB 2u                 /* th_flags: out-of-band transitions */
#define AUT_BASE_OOB 0x20000000u      /* BASE: the state has one, at base - 1 */

#endif
