/*
 * perms: how the rules that match one string combine into one permission
 * tuple (binary-policy-format.md §4.3), and the packed accept words (§4.2).
 *
 * Owns: the merge rules (deny always wins, exact-match exec types override
 * wildcard ones, conflicting exec modifiers are an error naming both rules,
 * per-bit priority). Must not know about patterns or DFA construction.
 */
#include "automata/internal.h"

#include <stdio.h>

const char *rule_label(const struct rule_entry *r)
{
	return r->rule.label ? r->rule.label : "(unnamed rule)";
}

/*
 * Two rules granting x in the same half must agree on how to exec; the
 * exec "type" is everything in AA_EXEC_TYPE of that half.
 */
static int x_conflict_half(uint32_t a, uint32_t b, unsigned shift)
{
	uint32_t x = AA_MAY_EXEC << shift, t = AA_EXEC_TYPE << shift;
	return (a & x) && (b & x) && ((a & t) != (b & t));
}

struct acc {
	uint32_t perms;
	uint32_t owner[2];      /* rule index that set the user/other exec type */
};

static int acc_add(struct acc *a, uint32_t perms, uint32_t rule, struct merge_conflict *c)
{
	for (int h = 0; h < 2; h++) {
		unsigned shift = h ? AA_OTHER_SHIFT : 0;
		if (x_conflict_half(a->perms, perms, shift)) {
			c->rule1 = a->owner[h];
			c->rule2 = rule;
			return -EINVAL;
		}
		if ((perms & (AA_MAY_EXEC << shift)) && !(a->perms & (AA_MAY_EXEC << shift)))
			a->owner[h] = rule;
	}
	a->perms |= perms;
	return 0;
}

/*
 * With priorities, a permission bit is decided only by the rules of the
 * highest priority that mention it; lower ones lose that bit. Exec type
 * bits follow their half's x bit.
 */
static uint32_t expand_x(uint32_t m)
{
	if (m & AA_USER_EXEC)
		m |= AA_USER_EXEC_TYPE;
	if (m & AA_OTHER_EXEC)
		m |= AA_OTHER_EXEC_TYPE;
	return m;
}

int perms_merge(const struct rule_entry *rules, const uint32_t *idx, size_t n,
		struct aut_perms *out, struct merge_conflict *conflict)
{
	struct acc allow = { 0, { 0, 0 } }, exact = { 0, { 0, 0 } };
	uint32_t audit = 0, exact_audit = 0, deny = 0, quiet = 0;
	bool prio = false;
	int maxp[32];
	int ret = 0;

	for (size_t i = 1; i < n; i++)
		if (rules[idx[i]].rule.priority != rules[idx[0]].rule.priority)
			prio = true;
	if (prio) {
		for (int b = 0; b < 32; b++)
			maxp[b] = -2147483647;
		for (size_t i = 0; i < n; i++) {
			const struct aut_rule *r = &rules[idx[i]].rule;
			uint32_t m = expand_x(r->perms);
			for (int b = 0; b < 32; b++)
				if ((m >> b & 1) && r->priority > maxp[b])
					maxp[b] = r->priority;
		}
	}

	for (size_t i = 0; i < n; i++) {
		const struct rule_entry *e = &rules[idx[i]];
		uint32_t perms = e->rule.perms, au = e->rule.audit;
		if (prio) {
			uint32_t keep = 0, m = expand_x(perms);
			for (int b = 0; b < 32; b++)
				if ((m >> b & 1) && e->rule.priority >= maxp[b])
					keep |= 1u << b;
			/* losing the x bit loses the exec type of that half too */
			if (!(keep & AA_USER_EXEC))
				keep &= ~AA_USER_EXEC_TYPE;
			if (!(keep & AA_OTHER_EXEC))
				keep &= ~AA_OTHER_EXEC_TYPE;
			perms &= keep;
			au &= keep;
		}
		if (e->rule.mode == AUT_RULE_DENY) {
			deny |= perms;
			quiet |= au;
		} else if (e->exact) {
			if (acc_add(&exact, perms, idx[i], conflict))
				ret = -EINVAL;
			exact_audit |= au;
		} else {
			if (acc_add(&allow, perms, idx[i], conflict))
				ret = -EINVAL;
			audit |= au;
		}
	}

	uint32_t a = allow.perms | (exact.perms & ~(AA_USER_EXEC_TYPE | AA_OTHER_EXEC_TYPE));
	/*
	 * An exact match decides the exec type of its half. Its audit bits
	 * count except the exec type part (checked against apparmor_parser
	 * 3.0.8: "audit /bin/e ix" audits only x).
	 */
	if (exact.perms & AA_USER_EXEC_TYPE)
		a = (exact.perms & AA_USER_EXEC_TYPE) | (a & ~AA_USER_EXEC_TYPE);
	if (exact.perms & AA_OTHER_EXEC_TYPE)
		a = (exact.perms & AA_OTHER_EXEC_TYPE) | (a & ~AA_OTHER_EXEC_TYPE);
	audit |= exact_audit & ~(AA_USER_EXEC_TYPE | AA_OTHER_EXEC_TYPE);
	/* a denied x also denies how to exec */
	if (deny & AA_USER_EXEC)
		deny |= AA_USER_EXEC_TYPE;
	if (deny & AA_OTHER_EXEC)
		deny |= AA_OTHER_EXEC_TYPE;

	out->allow = a & ~deny;
	out->deny = deny;
	out->audit = audit;
	out->quiet = quiet & deny;
	return ret;
}

void perms_normalize(struct aut_perms *p, enum aut_perm_key key)
{
	if (key == AUT_KEY_KERNEL) {
		p->deny = 0;
		p->audit &= AA_AUDIT_PACK_MASK;
		p->quiet &= AA_AUDIT_PACK_MASK;
	}
}

uint32_t aut_accept1(const struct aut_perms *p)
{
	return p->allow;
}

uint32_t aut_accept2(const struct aut_perms *p)
{
	return (p->audit & AA_AUDIT_PACK_MASK) | ((p->quiet & AA_AUDIT_PACK_MASK) << 7);
}
