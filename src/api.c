/* api: the public interface of include/confine/confine.h over the front end. */
#include "confine/confine.h"
#include "lang/frontend.h"
#include "support/xalloc.h"

#include <stdio.h>
#include <string.h>

#ifndef CONFINE_VERSION
#define CONFINE_VERSION "0.0.0"
#endif

struct confine_checker {
	struct diag_engine diag;
	struct frontend fe;
	const char *base;
	char **dirs;
	size_t ndirs;
	int configured;
};

const char *confine_version(void)
{
	return CONFINE_VERSION;
}

struct confine_checker *confine_checker_new(int json)
{
	struct confine_checker *c = xcalloc(1, sizeof(*c));
	diag_init(&c->diag, stderr);
	c->diag.format = json ? DIAG_FORMAT_JSON : DIAG_FORMAT_TEXT;
	frontend_init(&c->fe, &c->diag);
	return c;
}

void confine_checker_free(struct confine_checker *c)
{
	if (!c)
		return;
	diag_finish(&c->diag);
	frontend_destroy(&c->fe);
	diag_destroy(&c->diag);
	for (size_t i = 0; i < c->ndirs; i++)
		free(c->dirs[i]);
	free(c->dirs);
	free((char *)c->base);
	free(c);
}

void confine_checker_add_include_dir(struct confine_checker *c, const char *dir)
{
	c->dirs = xreallocarray(c->dirs, c->ndirs + 1, sizeof(*c->dirs));
	c->dirs[c->ndirs++] = xstrdup(dir);
}

void confine_checker_set_base_dir(struct confine_checker *c, const char *dir)
{
	free((char *)c->base);
	c->base = xstrdup(dir);
}

static void names(const struct policy_profile *p, void (*cb)(const char *, void *), void *data)
{
	char buf[4096];
	if (p->ns)
		snprintf(buf, sizeof(buf), ":%s:%s", p->ns, p->fqname);
	else
		snprintf(buf, sizeof(buf), "%s", p->fqname);
	cb(buf, data);
	for (size_t i = 0; i < p->nchildren; i++)
		names(p->children[i], cb, data);
}

int confine_check_file(struct confine_checker *c, const char *path,
		       void (*names_cb)(const char *name, void *data), void *data)
{
	if (!c->configured) {
		/* the search path is fixed at the first check */
		for (size_t i = 0; i < c->ndirs; i++)
			frontend_add_search_dir(&c->fe, c->dirs[i]);
		frontend_add_search_dir(&c->fe, c->base ? c->base : "/etc/apparmor.d");
		c->configured = 1;
	}
	unsigned before = c->diag.errors;
	struct policy pol;
	memset(&pol, 0, sizeof(pol));
	int r = frontend_load(&c->fe, path, &pol);
	if (r == 0 && names_cb)
		for (size_t i = 0; i < pol.nprofiles; i++)
			names(pol.profiles[i], names_cb, data);
	policy_free_arrays(&pol);
	unsigned errs = c->diag.errors - before;
	return r < 0 && errs == 0 ? -1 : (int)errs;
}
