/* include: see include.h. */
#include "lang/include.h"
#include "lang/parser.h"
#include "support/strbuf.h"
#include "support/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct include_cache_entry {
	char *path;          /* NULL = empty slot */
	bool body;
	struct ast_unit *unit;
	bool failed;         /* unreadable: remembered to report once */
	bool parsed;         /* unit holds the parse (not only the source: no_parse) */
};

/*
 * A directive that resolved once resolves the same way for the rest of the
 * run (the search path and the files do not change), so its units are
 * remembered: profiles share abstractions, and looking them up again costs
 * a stat() per search directory and per directory entry. Failures are not
 * remembered: each directive that fails must report its own error.
 */
struct include_memo {
	char *key;               /* flags + name; NULL = empty slot */
	int count;
	struct ast_unit **units;
	const char *path;
};

void include_ctx_init(struct include_ctx *ic, struct arena *arena, struct diag_engine *diag,
		      struct source_set *sources)
{
	memset(ic, 0, sizeof(*ic));
	ic->arena = arena;
	ic->diag = diag;
	ic->sources = sources;
}

void include_ctx_destroy(struct include_ctx *ic)
{
	for (size_t i = 0; i < ic->cache_cap; i++)
		free(ic->cache[i].path);
	free(ic->cache);
	for (size_t i = 0; i < ic->memo_cap; i++)
		free(ic->memo[i].key);
	free(ic->memo);
	for (size_t i = 0; i < ic->nsearch; i++)
		free((char *)ic->search[i]);
	free(ic->search);
	memset(ic, 0, sizeof(*ic));
}

void include_add_search_dir(struct include_ctx *ic, const char *dir)
{
	ic->search = xreallocarray(ic->search, ic->nsearch + 1, sizeof(*ic->search));
	ic->search[ic->nsearch++] = xstrdup(dir);
}

bool include_skip_name(const char *name)
{
	static const char *const suffixes[] = {
		".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak", ".dpkg-remove",
		".pacsave", ".pacnew", ".rpmnew", ".rpmsave", ".orig", ".rej", "~",
	};
	if (name[0] == '.')
		return true;
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t k = strlen(suffixes[i]);
		if (n >= k && strcmp(name + n - k, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static size_t hash_str(const char *s, bool body)
{
	size_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ^ (size_t)body;
}

static struct include_cache_entry *cache_slot(struct include_ctx *ic, const char *path, bool body)
{
	if (ic->cache_len * 2 >= ic->cache_cap) {
		size_t ncap = ic->cache_cap ? ic->cache_cap * 2 : 64;
		struct include_cache_entry *n = xcalloc(ncap, sizeof(*n));
		for (size_t i = 0; i < ic->cache_cap; i++) {
			struct include_cache_entry *e = &ic->cache[i];
			if (!e->path)
				continue;
			size_t j = hash_str(e->path, e->body) & (ncap - 1);
			while (n[j].path)
				j = (j + 1) & (ncap - 1);
			n[j] = *e;
		}
		free(ic->cache);
		ic->cache = n;
		ic->cache_cap = ncap;
	}
	size_t j = hash_str(path, body) & (ic->cache_cap - 1);
	while (ic->cache[j].path) {
		if (ic->cache[j].body == body && strcmp(ic->cache[j].path, path) == 0)
			return &ic->cache[j];
		j = (j + 1) & (ic->cache_cap - 1);
	}
	return &ic->cache[j];
}

struct ast_unit *include_load_file(struct include_ctx *ic, const char *path, bool body,
				   struct source_loc from, int *err)
{
	struct include_cache_entry *e = cache_slot(ic, path, body);
	if (e->path) {
		if (err)
			*err = e->failed ? -EIO : 0;
		if (!e->failed && !e->parsed && !ic->no_parse) {
			e->unit = parse_unit(ic->arena, ic->diag, e->unit->src, body);
			e->parsed = true;
		}
		return e->failed ? NULL : e->unit;
	}
	e->path = xstrdup(path);
	e->body = body;
	ic->cache_len++;
	struct source_file *src;
	int r = source_set_load(ic->sources, path, &src);
	if (r < 0) {
		e->failed = true;
		if (err)
			*err = r;
		return NULL;
	}
	if (ic->no_parse) {
		e->unit = arena_new(ic->arena, struct ast_unit);
		e->unit->src = src;
		e->unit->body = body;
		e->unit->ok = true;
	} else {
		e->unit = parse_unit(ic->arena, ic->diag, src, body);
		e->parsed = true;
	}
	if (err)
		*err = 0;
	(void)from;
	return e->unit;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Find a <name> on the search path; returns a malloc'd path or NULL. */
static char *search_path(struct include_ctx *ic, const char *name)
{
	for (size_t i = 0; i < ic->nsearch; i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s/%s", ic->search[i], name);
		struct stat st;
		if (stat(sb.buf, &st) == 0)
			return strbuf_detach(&sb, NULL);
		strbuf_release(&sb);
	}
	return NULL;
}



static char *memo_key(const struct ast_node *inc, bool body)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, inc->u.include.search ? '<' : '"');
	strbuf_addch(&sb, body ? 'b' : 't');
	strbuf_addch(&sb, inc->u.include.if_exists ? 'e' : '-');
	strbuf_addstr(&sb, inc->u.include.name.text);
	return strbuf_detach(&sb, NULL);
}

static size_t memo_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct include_memo *memo_slot(struct include_ctx *ic, const char *key)
{
	size_t mask = ic->memo_cap - 1;
	for (size_t h = memo_hash(key) & mask;; h = (h + 1) & mask)
		if (!ic->memo[h].key || strcmp(ic->memo[h].key, key) == 0)
			return &ic->memo[h];
}

static void memo_store(struct include_ctx *ic, char *key, int count, struct ast_unit **units,
		       const char *path)
{
	if ((ic->memo_len + 1) * 2 > ic->memo_cap) {
		struct include_memo *old = ic->memo;
		size_t old_cap = ic->memo_cap;
		ic->memo_cap = old_cap ? old_cap * 2 : 64;
		ic->memo = xreallocarray(NULL, ic->memo_cap, sizeof(*ic->memo));
		memset(ic->memo, 0, ic->memo_cap * sizeof(*ic->memo));
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].key)
				*memo_slot(ic, old[i].key) = old[i];
		free(old);
	}
	struct include_memo *m = memo_slot(ic, key);
	if (m->key) {
		free(key);
		return;
	}
	*m = (struct include_memo){ key, count, units, path };
	ic->memo_len++;
}

static const char *include_find_uncached(struct include_ctx *ic, const struct ast_node *inc)
{
	const char *name = inc->u.include.name.text;
	if (!inc->u.include.search) {
		struct stat st;
		if (stat(name, &st) < 0) {
			diag_report(ic->diag, DIAG_ERROR, WARN_NONE, DIAG_ONCE, inc->loc, NULL,
				    "cannot open '%s': %s", name, strerror(errno));
			return NULL;
		}
		return arena_strdup(ic->arena, name);
	}
	char *path = search_path(ic, name);
	if (!path) {
		diag_report(ic->diag, DIAG_ERROR, WARN_NONE, DIAG_ONCE, inc->loc,
			    "names in <...> are searched in the -I directories and the base directory",
			    "file <%s> not found", name);
		return NULL;
	}
	const char *out = arena_strdup(ic->arena, path);
	free(path);
	return out;
}

/* Found paths are remembered like resolved directives (key 'F'...): abi
 * rules at the top of every abstraction would otherwise stat the search
 * path for each profile that includes them. */
const char *include_find(struct include_ctx *ic, const struct ast_node *inc)
{
	if (!inc->u.include.name.text)
		return include_find_uncached(ic, inc);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, 'F');
	strbuf_addch(&sb, inc->u.include.search ? '<' : '"');
	strbuf_addstr(&sb, inc->u.include.name.text);
	char *key = strbuf_detach(&sb, NULL);
	if (ic->memo_cap) {
		struct include_memo *m = memo_slot(ic, key);
		if (m->key) {
			free(key);
			return m->path;
		}
	}
	const char *path = include_find_uncached(ic, inc);
	if (path)
		memo_store(ic, key, 0, NULL, path);
	else
		free(key);
	return path;
}

static int include_resolve_uncached(struct include_ctx *ic, const struct ast_node *inc, bool body,
				    struct ast_unit ***units, const char **resolved_path);

int include_resolve(struct include_ctx *ic, const struct ast_node *inc, bool body,
		    struct ast_unit ***units, const char **resolved_path)
{
	/* preprocessing loads files unparsed: its units must not be reused */
	if (ic->no_parse || !inc->u.include.name.text)
		return include_resolve_uncached(ic, inc, body, units, resolved_path);
	char *key = memo_key(inc, body);
	if (ic->memo_cap) {
		struct include_memo *m = memo_slot(ic, key);
		if (m->key) {
			free(key);
			*units = m->units;
			if (resolved_path)
				*resolved_path = m->path;
			return m->count;
		}
	}
	const char *path = NULL;
	int k = include_resolve_uncached(ic, inc, body, units, &path);
	if (resolved_path)
		*resolved_path = path;
	if (k >= 0)
		memo_store(ic, key, k, *units, path);
	else
		free(key);
	return k;
}

static int include_resolve_uncached(struct include_ctx *ic, const struct ast_node *inc, bool body,
				    struct ast_unit ***units, const char **resolved_path)
{
	const char *name = inc->u.include.name.text;
	struct source_loc loc = inc->loc;
	char *path;
	*units = NULL;
	if (!name || !*name) {
		diag_error(ic->diag, loc, "empty include file name");
		return -1;
	}
	if (inc->u.include.search) {
		path = search_path(ic, name);
		if (!path) {
			if (inc->u.include.if_exists)
				return 0;
			struct strbuf where = STRBUF_INIT;
			for (size_t i = 0; i < ic->nsearch; i++)
				strbuf_addf(&where, "%s%s", i ? ", " : "", ic->search[i]);
			char *hint = ic->nsearch ? NULL : "no include directory is set; use -I or -b";
			struct strbuf h = STRBUF_INIT;
			if (!hint) {
				strbuf_addf(&h, "searched: %s; 'include if exists <%s>' tolerates a missing file",
					    strbuf_str(&where), name);
				hint = h.buf;
			}
			diag_report(ic->diag, DIAG_ERROR, WARN_NONE, DIAG_ONCE, loc, hint,
				    "include file <%s> not found", name);
			strbuf_release(&where);
			strbuf_release(&h);
			return -1;
		}
	} else {
		path = xstrdup(name);
	}
	*resolved_path = arena_strdup(ic->arena, path);

	struct stat st;
	if (stat(path, &st) < 0) {
		int e = errno;
		if (inc->u.include.if_exists && e == ENOENT) {
			free(path);
			return 0;
		}
		diag_report(ic->diag, DIAG_ERROR, WARN_NONE, DIAG_ONCE, loc, NULL,
			    "cannot open include file '%s': %s", path, strerror(e));
		free(path);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (!d) {
			diag_error(ic->diag, loc, "cannot read include directory '%s': %s", path,
				   strerror(errno));
			free(path);
			return -1;
		}
		char **names = NULL;
		size_t n = 0;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (include_skip_name(de->d_name))
				continue;
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
		closedir(d);
		if (n > 1)   /* names is NULL for an empty directory */
			qsort(names, n, sizeof(*names), cmp_str);
		struct ast_unit **out = arena_new_array(ic->arena, struct ast_unit *, n ? n : 1);
		size_t k = 0;
		int rc = 0;
		for (size_t i = 0; i < n; i++) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s/%s", path, names[i]);
			struct stat est;
			if (stat(sb.buf, &est) == 0 && S_ISREG(est.st_mode)) {
				int err;
				struct ast_unit *u = include_load_file(ic, sb.buf, body, loc, &err);
				if (u)
					out[k++] = u;
				else if (err != -EIO) {
					diag_error(ic->diag, loc, "cannot read '%s': %s", sb.buf,
						   strerror(-err));
					rc = -1;
				}
			}
			strbuf_release(&sb);
			free(names[i]);
		}
		free(names);
		free(path);
		*units = out;
		return rc < 0 ? -1 : (int)k;
	}
	int err;
	struct ast_unit *u = include_load_file(ic, path, body, loc, &err);
	if (!u) {
		if (err != -EIO)
			diag_report(ic->diag, DIAG_ERROR, WARN_NONE, DIAG_ONCE, loc, NULL,
				    "cannot read include file '%s': %s", path, strerror(-err));
		free(path);
		return -1;
	}
	free(path);
	*units = arena_new_array(ic->arena, struct ast_unit *, 1);
	(*units)[0] = u;
	return 1;
}
