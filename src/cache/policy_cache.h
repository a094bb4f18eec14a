/*
 * policy_cache: the binary policy cache of apparmor_parser (-W, -T, -K, -L),
 * laid out as upstream lays it out, with an exact validity rule.
 *
 * Owns finding and creating the cache directory, the cache key of a
 * compiled policy file, and reading and writing cache files atomically.
 *
 * Layout (binary-policy-format.md §6.3): under each location, a directory
 * "<murmur3 of the kernel features>.<n>" holding ".features" (the features
 * string, byte for byte: a hash collision moves on to n+1) and one file per
 * policy source file, named by its base name, holding the profile units
 * exactly as they are written to the kernel.
 *
 * Upstream trusts a cache file when no file read for it has a newer mtime.
 * That goes stale when a file is restored with an old mtime, when packages
 * ship files with old mtimes, when a new file shadows an include on the
 * search path, or when the compiler changes. Here a cache file is used only
 * when its key matches: SHA-256 over the compiler build, the features, the
 * options that change the output, and the path and text of every file the
 * policy was read from, found the way the search path finds them now (the
 * policy is always parsed before the cache is consulted, as upstream does).
 * The key and a digest of the cache file live in a sidecar ".NAME.key", so
 * a cache file written by another parser, or altered, is never trusted.
 * Files written here still carry upstream's mtime convention (the newest
 * source mtime), so upstream's parser can use them too.
 */
#ifndef CONFINE_CACHE_POLICY_CACHE_H
#define CONFINE_CACHE_POLICY_CACHE_H

#include "policy/policy.h"
#include "support/diag.h"
#include "support/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define POLICY_CACHE_MAX_LOCS 4
#define POLICY_CACHE_DEFAULT_LOC "/var/cache/apparmor"

struct features;

struct policy_cache {
	/* the cache directory of each location, in order; the first location
	 * is the one written, the others are read-only overlays. NULL where
	 * a location has no directory for these features. */
	char *dirs[POLICY_CACHE_MAX_LOCS];
	char *locs[POLICY_CACHE_MAX_LOCS];
	size_t nlocs;
	char *features;                /* the features string the directories hold */
	size_t features_len;
	/* identifies the compiler build: its GNU build id, or a digest of the
	 * executable when it has none */
	uint8_t compiler_id[32];
	size_t compiler_id_len;
	/* digest of each source file by source id, computed once per run: an
	 * abstraction is part of the key of hundreds of files */
	struct policy_cache_memo *memo;
	size_t memo_cap;
	/* the digest of the last abi file met (most files share one) */
	char *abi_path;
	uint8_t abi_digest[32];
	bool abi_readable;
};

/*
 * Find the cache directories for the kernel features string under the
 * comma-separated locations (NULL: the default). create: make the first
 * location's directory (and .features) if it has none; when that fails, a
 * warning, and nothing is written. Returns 0, or -1 after reporting a bad
 * location list.
 */
int policy_cache_open(struct policy_cache *c, const char *locations, const char *features,
		      size_t features_len, bool create, struct diag_engine *diag);
void policy_cache_close(struct policy_cache *c);

/* Whether any location has a directory for these features (else every lookup misses). */
bool policy_cache_present(const struct policy_cache *c);
/*
 * The path the first location's directory has or would have (for
 * --print-cache-dir). Heap string.
 */
char *policy_cache_dir_path(const struct policy_cache *c);

/* Remove the cached files of the first location's directory (--purge-cache). */
int policy_cache_purge(struct policy_cache *c, struct diag_engine *diag);

struct policy_cache_key {
	uint8_t digest[32];
	struct timespec newest;        /* newest mtime of the sources */
};

/*
 * The key of a model compiled by this build for the cache's features.
 * The sources must all come from one source set for the cache's lifetime
 * (their digests are remembered by source id).
 * The key covers the features the model's rules were gated by
 * (policy.features: kernel ∩ abi rule or --policy-features) besides the
 * cache's own; options: anything else that changes the output, as bits the
 * caller defines.
 */
void policy_cache_key_compute(struct policy_cache *c, const struct policy *pol,
			      uint32_t options, struct policy_cache_key *key);

/*
 * Look name up. Returns 1 and the units (appended to units) when a
 * directory holds it with this key, 0 otherwise (absent, stale, unreadable
 * or damaged files are all misses). *path (may be NULL) gets the file
 * looked at, heap string, NULL when there is no directory.
 */
int policy_cache_lookup(const struct policy_cache *c, const char *name,
			const struct policy_cache_key *key, struct strbuf *units, char **path);

/*
 * Write name into the first location's directory: the units to a temporary
 * file, flushed, given the newest source mtime, renamed into place; then
 * the sidecar the same way. Returns 0, or -1 after a warning (a cache that
 * cannot be written does not make the policy wrong). *path as for lookup.
 */
int policy_cache_store(const struct policy_cache *c, const char *name,
		       const struct policy_cache_key *key, const void *units, size_t len,
		       char **path, struct diag_engine *diag);

#endif
