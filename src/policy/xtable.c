/* xtable: see xtable.h. */
#include "policy/xtable.h"
#include "policy/perms.h"

#include <string.h>

bool xtable_label_has_ns(const char *l)
{
	if (*l == '&')
		l++;
	if (*l != ':')
		return false;
	const char *end = strchr(l + 1, ':');
	if (!end || end == l + 1)
		return false;
	const char *name = end + 1;
	if (!strncmp(name, "//", 2))
		name += 2;
	return *name != 0;
}

unsigned xtable_named_index(const char **names, unsigned *n, struct arena *a, const char *pname,
			    const char *target, const char *path, uint32_t letters)
{
	const char *name = target;
	if (!xtable_label_has_ns(target)) {
		const char *sub = strstr(target, "//");
		if (sub && strncmp(pname, sub, (size_t)(sub - target)) != 0 && strcmp(sub + 2, path) == 0)
			return AA_EXEC_LOCAL >> 10;
		if ((letters & AA_EXEC_TYPE_MASK) == AA_EXEC_LOCAL) {
			if (strcmp(target, path) == 0)
				return AA_EXEC_LOCAL >> 10;
			name = arena_printf(a, "%s//%s", pname, target);
		}
	}
	return xtable_add(names, n, name);
}

unsigned xtable_add(const char **names, unsigned *n, const char *name)
{
	for (unsigned i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return XTABLE_FIRST_INDEX + i;
	if (*n == XTABLE_MAX)
		return 0;
	names[(*n)++] = name;
	return XTABLE_FIRST_INDEX + *n - 1;
}
