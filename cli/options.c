/* options: see options.h. */
#include "options.h"
#include "features/features.h"
#include "support/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void frontend_options_set_features(struct frontend_options *o, const char *value, bool text)
{
	o->kernel = (struct features_arg){ value, text };
	o->policy = o->kernel;
	o->override_abi = false;
}

/* Load one features set; NULL after reporting what is wrong with it. */
static struct features *load_arg(const struct features_arg *a, const char *what,
				 struct diag_engine *diag)
{
	struct features *f = NULL;
	struct features_error err;
	memset(&err, 0, sizeof(err));
	int r = a->text ? features_parse(a->value, strlen(a->value), &f, &err)
			: features_load(AT_FDCWD, a->value, &f, &err);
	if (r == 0)
		return f;
	if (a->text)
		diag_error_hint(diag, (struct source_loc){ 0 },
				"-m takes a features string, as in a cache's .features file",
				"%sfeatures given with -m: %s (at byte %zu)", what, err.message,
				err.offset);
	else if (err.has_offset)
		diag_error(diag, (struct source_loc){ 0 }, "%sfeatures file '%s': %s (at byte %zu)",
			   what, a->value, err.message, err.offset);
	else
		diag_error(diag, (struct source_loc){ 0 }, "cannot read %sfeatures file '%s': %s", what,
			   a->value, strerror(err.code < 0 ? -err.code : EINVAL));
	return NULL;
}

static bool same_arg(const struct features_arg *a, const struct features_arg *b)
{
	return a->value && b->value && a->text == b->text && strcmp(a->value, b->value) == 0;
}

int frontend_options_apply(const struct frontend_options *o, struct frontend *fe)
{
	for (int i = 0; i < o->nincludes; i++)
		frontend_add_search_dir(fe, o->includes[i]);
	frontend_add_search_dir(fe, o->base ? o->base : "/etc/apparmor.d");
	if (o->kernel.value) {
		/* -M names both sets: "features file", as before the split */
		bool both = same_arg(&o->policy, &o->kernel);
		struct features *k = load_arg(&o->kernel, both ? "" : "kernel ", fe->diag);
		if (!k || frontend_set_features(fe, k) < 0)
			return -1;
	}
	if (o->policy.value && !same_arg(&o->policy, &o->kernel)) {
		struct features *p = load_arg(&o->policy, "policy ", fe->diag);
		if (!p || frontend_set_policy_features(fe, p, o->override_abi) < 0)
			return -1;
	} else if (o->override_abi && frontend_set_policy_features(fe, NULL, true) < 0) {
		return -1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int expand_inputs(char **args, int nargs, char ***out, struct diag_engine *diag)
{
	char **list = NULL;
	int n = 0;
	for (int i = 0; i < nargs; i++) {
		struct stat st;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(args[i]);
			if (!d) {
				diag_error(diag, (struct source_loc){ 0 }, "cannot read directory '%s': %s",
					   args[i], strerror(errno));
				continue;
			}
			char **names = NULL;
			size_t k = 0;
			struct dirent *de;
			while ((de = readdir(d))) {
				if (de->d_name[0] == '.' || include_skip_name(de->d_name))
					continue;
				size_t len = strlen(args[i]) + strlen(de->d_name) + 2;
				char *path = xmalloc(len);
				snprintf(path, len, "%s/%s", args[i], de->d_name);
				struct stat est;
				if (stat(path, &est) == 0 && S_ISREG(est.st_mode)) {
					names = xreallocarray(names, k + 1, sizeof(*names));
					names[k++] = path;
				} else {
					free(path);
				}
			}
			closedir(d);
			if (k > 1)   /* names is NULL for an empty directory */
				qsort(names, k, sizeof(*names), cmp_str);
			list = xreallocarray(list, (size_t)n + k + 1, sizeof(*list));
			for (size_t j = 0; j < k; j++)
				list[n++] = names[j];
			free(names);
		} else {
			list = xreallocarray(list, (size_t)n + 1, sizeof(*list));
			list[n++] = xstrdup(args[i]);
		}
	}
	*out = list;
	return n;
}

void free_inputs(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}
