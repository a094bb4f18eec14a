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

int frontend_options_apply(const struct frontend_options *o, struct frontend *fe)
{
	for (int i = 0; i < o->nincludes; i++)
		frontend_add_search_dir(fe, o->includes[i]);
	frontend_add_search_dir(fe, o->base ? o->base : "/etc/apparmor.d");
	if (!o->features_file)
		return 0;
	struct features *f = NULL;
	struct features_error err;
	memset(&err, 0, sizeof(err));
	if (features_load(AT_FDCWD, o->features_file, &f, &err) < 0) {
		if (err.has_offset)
			diag_error(fe->diag, (struct source_loc){ 0 },
				   "features file '%s': %s (at byte %zu)", o->features_file,
				   err.message, err.offset);
		else
			diag_error(fe->diag, (struct source_loc){ 0 }, "cannot read features file '%s': %s",
				   o->features_file, strerror(err.code < 0 ? -err.code : EINVAL));
		return -1;
	}
	frontend_set_features(fe, f);
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
