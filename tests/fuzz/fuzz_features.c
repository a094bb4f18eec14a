/*
 * fuzz_features: libFuzzer target for the features ABI parser (src/features).
 *
 * Feeds arbitrary bytes to features_parse() and, when they parse, exercises
 * every query on the result with paths taken from the input itself, the
 * intersection with itself, and the hash. Any crash, sanitizer report or
 * broken invariant (abort) is a bug: features strings come from files and
 * directories a user or a cache may supply.
 */
#include "features/features.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct features *f, const struct features_node *n, unsigned depth)
{
	if (depth > FEATURES_MAX_DEPTH + 1)
		abort();        /* the parser promised a bound */
	for (const struct features_node *c = n->children; c; c = c->next) {
		if (c->parent != n || (c->value && c->children))
			abort();
		if (c->value) {
			size_t pos = 0;
			struct features_word w;
			while (features_next_word(c->value, c->value_len, &pos, &w))
				if (w.len == 0 || pos > c->value_len)
					abort();
		}
		walk(f, c, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct features *f = NULL;
	struct features_error err;
	int rc = features_parse((const char *)data, size, &f, &err);
	if (rc) {
		if (f || (err.has_offset && err.offset > size) || !memchr(err.message, 0, sizeof(err.message)))
			abort();
		return 0;
	}
	size_t len;
	const char *s = features_string(f, &len);
	if (len != size || memcmp(s, data, size) != 0 || s[len] != '\0')
		abort();
	walk(f, features_root(f), 0);

	/* queries with paths cut from the input (NUL-terminated copies) */
	char path[64];
	size_t n = size < sizeof(path) - 1 ? size : sizeof(path) - 1;
	memcpy(path, data, n);
	path[n] = '\0';
	(void)features_supports(f, path);
	(void)features_lookup(f, path);
	(void)features_value(f, path, &len);
	(void)features_has_word(f, path, "yes");
	(void)features_value_is(f, path, "yes");
	uint64_t u;
	(void)features_value_u64(f, path, &u);
	(void)features_policy_version(f);
	char h[9];
	features_hash(f, h);

	struct features_support sup;
	features_support_compute(f, f, &sup);
	struct features *i = NULL;
	if (features_intersection(f, f, &i, &err) == 0) {
		/* intersecting a set with itself loses no feature */
		for (const struct features_node *c = features_root(f)->children; c; c = c->next)
			if (!features_supports(i, c->name))
				abort();
		features_free(i);
	}
	features_free(f);
	return 0;
}
