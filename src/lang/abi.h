/*
 * abi: the features sets that `abi <...>,` rules name, loaded once per run.
 *
 * Owns the cache from an abi file's path to its parsed features and to the
 * set that gates rule classes for policy declaring it: the abi's features
 * intersected with the kernel's (-M), or the abi's alone when no kernel set
 * was given. The resolver asks for the set when it meets an abi rule and
 * hands it to the semantic checks, so "mqueue rules need abi 4.0" is decided
 * by the abi a file declares, as upstream does. One cache per frontend (not
 * thread-safe); the sets stay valid until abi_cache_destroy().
 */
#ifndef CONFINE_LANG_ABI_H
#define CONFINE_LANG_ABI_H

#include "support/diag.h"

#include <stddef.h>

struct features;
struct abi_entry;

struct abi_cache {
	const struct features *kernel;   /* -M set, or NULL */
	struct abi_entry *entries;
	size_t len, cap;
};

void abi_cache_init(struct abi_cache *c, const struct features *kernel);
void abi_cache_destroy(struct abi_cache *c);

/*
 * The gating set for policy declaring the abi file at path (already found on
 * the search path). NULL after reporting an error at loc (unreadable or
 * malformed file); the error is reported once per path and run.
 */
const struct features *abi_cache_get(struct abi_cache *c, const char *path,
				     struct diag_engine *diag, struct source_loc loc);

#endif
