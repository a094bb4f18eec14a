/* abi: see abi.h. */
#include "lang/abi.h"
#include "features/features.h"
#include "support/xalloc.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

struct abi_entry {
	char *path;
	struct features *policy;      /* the abi file's own set; NULL if it failed */
	struct features *effective;   /* policy ∩ kernel, or NULL when no kernel set */
	char *error;                  /* why it failed, reported at every use */
};

void abi_cache_init(struct abi_cache *c, const struct features *kernel)
{
	memset(c, 0, sizeof(*c));
	c->kernel = kernel;
}

void abi_cache_destroy(struct abi_cache *c)
{
	for (size_t i = 0; i < c->len; i++) {
		free(c->entries[i].path);
		features_free(c->entries[i].policy);
		features_free(c->entries[i].effective);
		free(c->entries[i].error);
	}
	free(c->entries);
	memset(c, 0, sizeof(*c));
}

static void load_entry(struct abi_cache *c, struct abi_entry *e)
{
	struct features_error err;
	memset(&err, 0, sizeof(err));
	char buf[512];
	if (features_load(AT_FDCWD, e->path, &e->policy, &err) < 0) {
		e->policy = NULL;
		if (err.has_offset)
			snprintf(buf, sizeof(buf), "abi '%s' is not a valid features file: %s (at byte %zu)",
				 e->path, err.message, err.offset);
		else
			snprintf(buf, sizeof(buf), "cannot read abi '%s': %s", e->path, err.message);
		e->error = xstrdup(buf);
		return;
	}
	if (c->kernel && features_intersection(c->kernel, e->policy, &e->effective, &err) < 0) {
		snprintf(buf, sizeof(buf), "cannot combine abi '%s' with the kernel features: %s",
			 e->path, err.message);
		e->error = xstrdup(buf);
		e->effective = NULL;
		features_free(e->policy);
		e->policy = NULL;
	}
}

/* Every file declaring a broken abi fails; the message is shown once. */
static const struct features *entry_set(const struct abi_entry *e, struct diag_engine *diag,
					struct source_loc loc)
{
	if (e->error) {
		diag_report(diag, DIAG_ERROR, WARN_NONE, DIAG_ONCE, loc,
			    "an abi file is a features file such as abi/4.0", "%s", e->error);
		return NULL;
	}
	return e->effective ? e->effective : e->policy;
}

const struct features *abi_cache_get(struct abi_cache *c, const char *path,
				     struct diag_engine *diag, struct source_loc loc)
{
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->entries[i].path, path) == 0)
			return entry_set(&c->entries[i], diag, loc);
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4;
		c->entries = xreallocarray(c->entries, c->cap, sizeof(*c->entries));
	}
	struct abi_entry *e = &c->entries[c->len++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	load_entry(c, e);
	return entry_set(e, diag, loc);
}
