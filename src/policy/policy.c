/* policy: see policy.h. */
#include "policy/policy.h"
#include "support/xalloc.h"

#include <string.h>

struct policy_profile *policy_add_profile(struct arena *a, struct policy *pol,
					  struct policy_profile *parent)
{
	struct policy_profile *p = arena_new(a, struct policy_profile);
	p->parent = parent;
	if (parent) {
		if (parent->nchildren == parent->children_cap) {
			parent->children_cap = parent->children_cap ? parent->children_cap * 2 : 4;
			parent->children = xreallocarray(parent->children, parent->children_cap,
							 sizeof(*parent->children));
		}
		parent->children[parent->nchildren++] = p;
	} else {
		if (pol->nprofiles == pol->profiles_cap) {
			pol->profiles_cap = pol->profiles_cap ? pol->profiles_cap * 2 : 8;
			pol->profiles = xreallocarray(pol->profiles, pol->profiles_cap,
						      sizeof(*pol->profiles));
		}
		pol->profiles[pol->nprofiles++] = p;
	}
	return p;
}

struct policy_rule *policy_add_rule(struct policy_profile *p)
{
	if (p->nrules == p->rules_cap) {
		p->rules_cap = p->rules_cap ? p->rules_cap * 2 : 16;
		p->rules = xreallocarray(p->rules, p->rules_cap, sizeof(*p->rules));
	}
	struct policy_rule *r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	r->profile = p;
	return r;
}

static void free_profile(struct policy_profile *p)
{
	for (size_t i = 0; i < p->nchildren; i++)
		free_profile(p->children[i]);
	free(p->children);
	free(p->rules);
	p->children = NULL;
	p->rules = NULL;
}

void policy_note_source(struct policy *pol, const struct source_file *src)
{
	/* a profile expands a few dozen distinct files, each many times over:
	 * the newest are the likeliest repeats, so look from the end */
	for (size_t i = pol->nsources; i-- > 0;)
		if (pol->sources[i] == src)
			return;
	if (pol->nsources == pol->sources_cap) {
		pol->sources_cap = pol->sources_cap ? 2 * pol->sources_cap : 16;
		pol->sources = xreallocarray(pol->sources, pol->sources_cap, sizeof(*pol->sources));
	}
	pol->sources[pol->nsources++] = src;
}

void policy_free_arrays(struct policy *pol)
{
	if (pol->expander_free)
		pol->expander_free(pol->expander);
	for (size_t i = 0; i < pol->nprofiles; i++)
		free_profile(pol->profiles[i]);
	free(pol->profiles);
	free(pol->aliases);
	free(pol->sources);
	arena_destroy(&pol->arena);
	memset(pol, 0, sizeof(*pol));
}
