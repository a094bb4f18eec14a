/*
 * lower_file: file, link and change_profile rules to file-DFA rule entries
 * (binary-policy-format.md §4.1-4.3), the profile's exec transition table,
 * and the rules apparmor_parser adds on its own (the /proc attr files that
 * change_profile and change_hat write).
 *
 * Encoding, as apparmor_parser 3.0.8 emits it: one 14-bit half per owner /
 * other (a rule without qualifier sets both), 'w' is write+append, an
 * inherit fallback implies 'm', lowercase p/c/u set the unsafe bit, a named
 * target replaces the exec index by its slot in the table (4 + n), and a
 * link permission adds a second entry "path \0 target" carrying the link
 * bits (plus the subset bit when no target was named or 'subset' given).
 */
#include "compile/lower.h"
#include "policy/perms.h"
#include "policy/xtable.h"

#include <string.h>

#define LINK_DEFAULT_TARGET_RE "/[^/].*"
#define ANY_EXEC_PATH_RE "/[^/\\x00][^\\x00]*"

/* both halves, or the owner / other half only */
static uint32_t halves(const struct policy_rule *r, uint32_t half)
{
	switch (r->prefix.owner) {
	case OWNER_OWNER:
		return half;
	case OWNER_OTHER:
		return half << AA_OTHER_SHIFT;
	default:
		return half | (half << AA_OTHER_SHIFT);
	}
}

/*
 * The exec index of a named transition (policy/xtable.h). 'cx -> child'
 * names the child by the profile's own name, not its full name, as 3.0.8
 * does (inside child profile b of a: "b//child").
 */
static unsigned named_index(struct lower_ctx *lx, const struct policy_rule *r, const char *target,
			    const char *path, uint32_t letters)
{
	const char *pname = lx->p->name ? lx->p->name : "";
	unsigned idx = xtable_named_index(lx->xtable, &lx->nxtable, lx->arena, pname, target, path,
					  letters);
	if (!idx)
		lower_error(lx, r->node->u.file.target.loc,
			    "too many different exec transition targets in profile '%s' (the kernel's table has 12)",
			    pname);
	return idx;
}

static uint32_t exec_bits(uint32_t letters, enum ast_exec_mode mode, unsigned index)
{
	if (!(letters & AA_MAY_EXEC))
		return letters;
	if (mode == EXEC_MODE_UNSAFE)
		letters |= AA_EXEC_UNSAFE;
	else if (mode == EXEC_MODE_SAFE)
		letters &= ~AA_EXEC_UNSAFE;
	if (index)
		letters = (letters & ~AA_EXEC_TYPE_MASK) | (index << 10);
	if (letters & AA_EXEC_INHERIT)
		letters |= AA_EXEC_MMAP;
	return letters;
}

static void add_link_pair(struct lower_ctx *lx, const struct policy_rule *r, struct aut_node *src,
			  const char *target, bool subset, struct source_loc tloc, const char *label)
{
	struct aut_node *dst;
	if (target)
		dst = lower_glob(lx, lx->file, target, true, tloc);
	else
		dst = lower_regex(lx, lx->file, LINK_DEFAULT_TARGET_RE);
	if (!dst)
		return;
	/* the subset flag lives in the user half only (upstream LINK_TO_LINK_SUBSET) */
	uint32_t perms = halves(r, AA_MAY_LINK) | ((subset || !target) ? AA_MAY_LOCK : 0);
	struct aut_node *pair = aut_cat(lx->file, aut_cat(lx->file, src, aut_byte(lx->file, 0)),
					dst);
	/* audit/quiet follow the rule's link bits; the subset flag is not audited */
	lower_add(lx, lx->file, pair, lower_rule_mode(r), perms,
		  lower_rule_audit(r, halves(r, AA_MAY_LINK)), label);
}

/*
 * alias FROM -> TO: a path whose text begins with FROM also gets the rule
 * under TO + the rest (upstream compares the expanded text, before glob
 * conversion). NULL when the alias does not apply.
 */
static const char *aliased(struct lower_ctx *lx, const struct policy_alias *a, const char *path)
{
	size_t n = strlen(a->from);
	if (strncmp(path, a->from, n) != 0)
		return NULL;
	return arena_printf(lx->arena, "%s%s", a->to, path + n);
}

/* The path entry and, with 'l', the link pair of one file rule. */
static void emit_file_entries(struct lower_ctx *lx, const struct policy_rule *r, const char *path,
			      const char *link_target, uint32_t half, bool link, const char *label)
{
	const struct ast_node *n = r->node;
	struct aut_node *node = lower_glob(lx, lx->file, path, true, n->u.file.path.loc);
	if (!node)
		return;
	uint32_t perms = halves(r, half);
	lower_add(lx, lx->file, node, lower_rule_mode(r), perms,
		  lower_rule_audit(r, perms), label);
	if (link)
		add_link_pair(lx, r, node, link_target, n->u.file.subset, n->u.file.target.loc, label);
}

void lower_file_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const char *label = lower_rule_label(lx, r);
	bool deny = r->prefix.mode == RULE_MODE_DENY;
	uint32_t letters;
	const char *path;
	if (n->u.file.bare) {
		/* 'file,': every path, every permission that needs no exec target */
		letters = AA_MAY_EXEC | AA_MAY_WRITE | AA_MAY_READ | AA_MAY_APPEND | AA_MAY_LINK |
			  AA_MAY_LOCK | AA_EXEC_MMAP | AA_EXEC_INHERIT;
		path = "/{**,}";
	} else {
		struct perms_parse pp = perms_parse_file(n->u.file.perms.text);
		if (pp.error) {
			lower_error(lx, n->u.file.perms.loc, "%s", pp.error);
			return;
		}
		letters = pp.perms;
		path = lower_expand(lx, &n->u.file.path);
		if (!path)
			return;
	}
	bool link_target = n->u.file.perms_first && (letters & AA_MAY_LINK) && n->u.file.target.text;
	const char *target = NULL;
	unsigned index = 0;
	if (n->u.file.target.text) {
		target = lower_expand(lx, &n->u.file.target);
		if (!target)
			return;
		if (!link_target) {
			index = named_index(lx, r, target, path, letters);
			if (!index)
				return;
		}
	}
	uint32_t half = exec_bits(letters, n->u.file.exec_mode, index);
	if (deny && (half & AA_MAY_EXEC))
		half &= ~(AA_EXEC_TYPE_MASK | AA_EXEC_UNSAFE | AA_EXEC_INHERIT | AA_EXEC_PUX);
	/* a deny rule takes 'l' away through the link pair only (upstream
	 * never masks the path entry's link bit) */
	uint32_t entry_half = deny ? half & ~AA_MAY_LINK : half;
	const char *ltarget = link_target ? target : NULL;
	emit_file_entries(lx, r, path, ltarget, entry_half, letters & AA_MAY_LINK, label);
	for (size_t i = 0; i < lx->pol->naliases; i++) {
		const char *p2 = aliased(lx, &lx->pol->aliases[i], path);
		const char *t2 = ltarget ? aliased(lx, &lx->pol->aliases[i], ltarget) : NULL;
		if (p2 || t2)
			emit_file_entries(lx, r, p2 ? p2 : path, t2 ? t2 : ltarget, entry_half,
					  letters & AA_MAY_LINK, label);
	}
}

void lower_link_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const char *label = lower_rule_label(lx, r);
	const char *path = lower_expand(lx, &n->u.file.path);
	const char *target = lower_expand(lx, &n->u.file.target);
	if (!path || !target)
		return;
	emit_file_entries(lx, r, path, target, AA_MAY_LINK, true, label);
	for (size_t i = 0; i < lx->pol->naliases; i++) {
		const char *p2 = aliased(lx, &lx->pol->aliases[i], path);
		const char *t2 = aliased(lx, &lx->pol->aliases[i], target);
		if (p2 || t2)
			emit_file_entries(lx, r, p2 ? p2 : path, t2 ? t2 : target, AA_MAY_LINK, true, label);
	}
}

/*
 * change_profile: the target label gets CHANGE_PROFILE|ONEXEC (the kernel
 * looks it up from the start state), the exec condition ONEXEC, and
 * "cond \0 target" ONEXEC plus, when a condition was written, x (and
 * unsafe) in both halves.
 */
void lower_change_profile_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const char *label = lower_rule_label(lx, r);
	enum aut_rule_mode mode = lower_rule_mode(r);
	struct aut_node *t, *e;
	if (n->u.change_profile.target.text) {
		const char *target = lower_expand(lx, &n->u.change_profile.target);
		if (!target)
			return;
		t = lower_glob(lx, lx->file, target, false, n->u.change_profile.target.loc);
	} else {
		t = lower_regex(lx, lx->file, "[^\\x00]*");
	}
	uint32_t xbits = 0;
	if (n->u.change_profile.exec.text) {
		const char *exec = lower_expand(lx, &n->u.change_profile.exec);
		if (!exec)
			return;
		e = lower_glob(lx, lx->file, exec, true, n->u.change_profile.exec.loc);
		xbits = AA_MAY_EXEC;
		if (n->u.change_profile.exec_mode == EXEC_MODE_UNSAFE)
			xbits |= AA_EXEC_UNSAFE;
		xbits |= xbits << AA_OTHER_SHIFT;
	} else {
		e = lower_regex(lx, lx->file, ANY_EXEC_PATH_RE);
	}
	if (!t || !e)
		return;
	lx->has_change_profile = true;
	uint32_t p1 = AA_CHANGE_PROFILE | AA_ONEXEC;
	lower_add(lx, lx->file, t, mode, p1, lower_rule_audit(r, p1), label);
	lower_add(lx, lx->file, e, mode, AA_ONEXEC, lower_rule_audit(r, AA_ONEXEC), label);
	struct aut_node *pair = aut_cat(lx->file, aut_cat(lx->file, e, aut_byte(lx->file, 0)), t);
	uint32_t p3 = AA_ONEXEC | xbits;
	lower_add(lx, lx->file, pair, mode, p3, lower_rule_audit(r, p3), label);
}

/* Owner-half raw bits, as upstream emits them: write 0x2 (no append), read 0x4. */
static void implied(struct lower_ctx *lx, const char *glob, uint32_t perms)
{
	struct aut_node *n = lower_glob(lx, lx->file, glob, true, (struct source_loc){ 0 });
	if (n)
		lower_add(lx, lx->file, n, AUT_RULE_ALLOW, perms, 0, "implied rule");
}

void lower_implied_file_rules(struct lower_ctx *lx)
{
	const struct policy_profile *p = lx->p;
	/* upstream keeps hats and child profiles in one table: any child counts */
	bool hats = p->is_hat || p->nchildren > 0;
	if (lx->has_change_profile)
		implied(lx, "/proc/*/attr/{apparmor/,}{current,exec}", AA_MAY_WRITE);
	if (hats)
		implied(lx, "/proc/[0-9]*/attr/{apparmor/,}current", AA_MAY_WRITE);
	if (lx->has_change_profile || hats) {
		implied(lx, "/proc/*/attr/apparmor/", AA_MAY_READ);
		implied(lx, "/sys/module/apparmor/parameters/enabled", AA_MAY_READ);
	}
}
