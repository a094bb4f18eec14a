/*
 * include: finding, reading and parsing the files named by include directives.
 *
 * Owns the include search path (-I directories, then the base directory), the
 * rules for which directory entries are skipped (dotfiles, package-manager
 * leftovers such as *.dpkg-old or *.rpmsave, editor backups *~), and a cache of
 * parsed files so that an abstraction included by a thousand profiles is read
 * and parsed once per context (top level or profile body).
 */
#ifndef CONFINE_LANG_INCLUDE_H
#define CONFINE_LANG_INCLUDE_H

#include "lang/ast.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"

#include <stdbool.h>

struct include_cache_entry;

struct include_cache_entry;
struct include_memo;

struct include_ctx {
	struct arena *arena;
	struct diag_engine *diag;
	struct source_set *sources;
	const char **search;       /* include search path, in order */
	size_t nsearch;
	struct include_cache_entry *cache;   /* hash table */
	struct include_memo *memo;           /* directive -> units, hash table */
	size_t memo_cap, memo_len;
	size_t cache_cap, cache_len;
	bool no_parse;             /* preprocessing: load files, leave them unparsed
	                            * (units get src and no items; parsed when needed later) */
};

void include_ctx_init(struct include_ctx *ic, struct arena *arena, struct diag_engine *diag,
		      struct source_set *sources);
void include_ctx_destroy(struct include_ctx *ic);
void include_add_search_dir(struct include_ctx *ic, const char *dir);

/* Parse a file (cached by path and context). NULL and a diagnostic if unreadable. */
struct ast_unit *include_load_file(struct include_ctx *ic, const char *path, bool body,
				   struct source_loc from, int *err);

/*
 * Resolve an include directive to the units it names: one for a file, one
 * per accepted entry (sorted) for a directory. Returns the number of units
 * (0 when an 'if exists' include finds nothing) or -1 after reporting an error.
 * *units is arena memory. *resolved_path receives the path that was found.
 */
int include_resolve(struct include_ctx *ic, const struct ast_node *inc, bool body,
		    struct ast_unit ***units, const char **resolved_path);

/*
 * Find the file an include-style name refers to (search path for <name>, the
 * name itself otherwise). Returns an arena path, or NULL after reporting.
 */
const char *include_find(struct include_ctx *ic, const struct ast_node *inc);

/* Whether a directory entry is skipped when a directory is included. */
bool include_skip_name(const char *name);

#endif
