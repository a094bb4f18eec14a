/*
 * check_mount: semantic checks of mount, remount, umount and pivot_root rules.
 *
 * Owns the vocabulary of mount options (which kernel MS_* flag each word sets
 * or clears), the conditionals each of these rules accepts, and the question
 * "can this rule ever be encoded?". The last one mirrors how apparmor_parser
 * compiles a mount rule: it becomes one or more of a remount, bind, move,
 * propagation-change or new-mount match, each of which ignores some parts of
 * the rule (a propagation change has no source, a bind mount no fstype, ...).
 * A rule that fits none of them is refused, as upstream refuses it; like
 * upstream, that question is only asked when the kernel enforces mount rules.
 *
 * Rule shapes (AST, see parser.c):
 *   mount      [conds] [source] [-> [conds] mountpoint]
 *   remount    [conds] [mountpoint]
 *   umount     [conds] [mountpoint]
 *   pivot_root [oldroot=path] [newroot] [-> profile]
 */
#include "policy/check.h"
#include "policy/check_cls.h"
#include "policy/mount_flags.h"

#include <string.h>

/* ---- mount flags ------------------------------------------------------------- */

#define MF_PROPAGATION (MF_UNBINDABLE | MF_PRIVATE | MF_SLAVE | MF_SHARED)
/* the "make-*" commands; the recursive ones carry MS_REC */
#define MF_MAKE_CMDS (MF_PROPAGATION | MF_REC)
/* flags that select an operation rather than describe the mount */
#define MF_CMDS (MF_MOVE | MF_REMOUNT | MF_BIND | MF_REC | MF_MAKE_CMDS)
/*
 * What a rule without options= allows. Upstream leaves out MS_NOUSER (its
 * "user" entry is 0), so an exact copy matters: a rule whose options happen
 * to be exactly this set is treated as unconstrained, as upstream does.
 */
#define MF_ALL (MF_RDONLY | MF_NOSUID | MF_NODEV | MF_NOEXEC | MF_SYNC | MF_REMOUNT | \
		MF_MAND | MF_DIRSYNC | MF_NOSYMFOLLOW | MF_NOATIME | MF_NODIRATIME | MF_BIND | \
		MF_REC | MF_MOVE | MF_SILENT | MF_ACL | MF_PROPAGATION | MF_RELATIME | \
		MF_IVERSION | MF_STRICTATIME | MF_LAZYTIME)
/* a remount may change everything but cannot move */
#define MF_REMOUNT_FLAGS (MF_ALL & ~MF_MOVE)

#define OPTIONS_HINT \
	"mount options: ro rw suid nosuid dev nodev exec noexec sync async remount mand " \
	"nomand dirsync symfollow nosymfollow atime noatime diratime nodiratime bind rbind " \
	"move verbose silent loud acl noacl [r]unbindable [r]private [r]slave [r]shared " \
	"(also as make-*) relatime norelatime iversion noiversion strictatime " \
	"nostrictatime lazytime nolazytime user nouser"

static const struct mount_option *find_option(const char *word)
{
	return mount_option_find(word);
}

/* ---- the parts of a rule ------------------------------------------------------ */

enum cond_kind { COND_KIND_OTHER, COND_KIND_OPTIONS, COND_KIND_FSTYPE };

static enum cond_kind cond_kind(const struct ast_cond *c)
{
	const char *name = c->name.text;
	if (strcmp(name, "options") == 0 || strcmp(name, "option") == 0)
		return COND_KIND_OPTIONS;
	if (strcmp(name, "fstype") == 0 || strcmp(name, "vfstype") == 0)
		return COND_KIND_FSTYPE;
	return COND_KIND_OTHER;
}

/*
 * What a mount, remount or umount rule constrains. Each options= conditional
 * is one alternative set of required flags, each 'options in' one alternative
 * set of optional flags; the rule allows every pairing of the two.
 */
struct mount_shape {
	enum ast_kind kind;
	const struct ast_word *source;       /* mount source (mount only) */
	const struct ast_word *mountpoint;   /* NULL when the rule leaves it open */
	const struct ast_cond *fstype;       /* first fstype conditional */
	const struct ast_cond **eq;          /* options=... conditionals */
	uint32_t *eq_flags;
	size_t neq;
	uint32_t *in_flags;                  /* options in (...) */
	size_t nin;
};

static const char *rule_word(enum ast_kind k)
{
	switch (k) {
	case AST_REMOUNT: return "remount";
	case AST_UMOUNT: return "umount";
	case AST_PIVOT_ROOT: return "pivot_root";
	default: return "mount";
	}
}

/* Report the first pair of options of c that both set and clear one of bits. */
static void report_conflict(struct check_ctx *cx, const struct ast_cond *c, uint32_t bits)
{
	const struct ast_word *setter = NULL, *clearer = NULL;
	for (size_t i = 0; i < c->values.n && !(setter && clearer); i++) {
		const struct mount_option *o = find_option(c->values.items[i].text);
		if (!setter && (o->set & bits))
			setter = &c->values.items[i];
		if (!clearer && (o->clear & bits))
			clearer = &c->values.items[i];
	}
	/* name them in the order written, pointing at the second */
	const struct ast_word *first = setter < clearer ? setter : clearer;
	const struct ast_word *second = setter < clearer ? clearer : setter;
	diag_error_hint(cx->diag, second->loc,
			"options=(...) requires every listed option; to allow either, write options in (...)",
			"mount options '%s' and '%s' conflict", first->text, second->text);
}

/* The flags one options conditional names; false after reporting a bad value. */
static bool option_flags(struct check_ctx *cx, const struct ast_cond *c, uint32_t *set,
			 uint32_t *clear)
{
	bool ok = true;
	*set = *clear = 0;
	for (size_t i = 0; i < c->values.n; i++) {
		const struct ast_word *w = &c->values.items[i];
		const struct mount_option *o = find_option(w->text);
		if (o) {
			*set |= o->set;
			*clear |= o->clear;
			continue;
		}
		ok = false;
		if (strchr(w->text, ',') && !c->paren)
			diag_error_hint(cx->diag, w->loc, "for example: options=(ro,noexec)",
					"unknown mount option '%s': list several options in parentheses",
					w->text);
		else if (strchr(w->text, '='))
			diag_error_hint(cx->diag, w->loc, OPTIONS_HINT,
					"unknown mount option '%s': filesystem-specific options cannot be matched",
					w->text);
		else
			diag_error_hint(cx->diag, w->loc, OPTIONS_HINT, "unknown mount option '%s'",
					w->text);
	}
	return ok;
}

static bool add_options_cond(struct check_ctx *cx, struct mount_shape *s, const struct ast_cond *c)
{
	uint32_t set, clear;
	if (!option_flags(cx, c, &set, &clear))
		return false;
	if (c->op == COND_IN) {
		/* optional flags: setting or clearing one means the same, no conflict */
		s->in_flags[s->nin++] = set | clear;
		return true;
	}
	if (set & clear) {
		report_conflict(cx, c, set & clear);
		return false;
	}
	s->eq[s->neq] = c;
	s->eq_flags[s->neq++] = set;
	return true;
}

/* The conditionals before the source of a mount, remount or umount rule. */
static bool collect_conds(struct check_ctx *cx, const struct ast_node *n, struct mount_shape *s)
{
	const struct ast_conds *cs = &n->u.cls.conds;
	bool ok = true;
	s->eq = arena_new_array(cx->arena, const struct ast_cond *, cs->n + 1);
	s->eq_flags = arena_new_array(cx->arena, uint32_t, cs->n + 1);
	s->in_flags = arena_new_array(cx->arena, uint32_t, cs->n + 1);
	for (size_t i = 0; i < cs->n; i++) {
		const struct ast_cond *c = &cs->items[i];
		enum cond_kind k = cond_kind(c);
		if (k == COND_KIND_OTHER) {
			diag_error_hint(cx->diag, c->name.loc,
					"mount, remount and umount rules take options=(...), options in (...) and fstype=(...)",
					"unknown %s conditional '%s'", rule_word(n->kind), c->name.text);
			ok = false;
		} else if (c->op == COND_BARE || !c->values.n) {
			diag_error(cx->diag, c->name.loc, "conditional '%s' needs a value: %s=VALUE",
				   c->name.text, c->name.text);
			ok = false;
		} else if (k == COND_KIND_OPTIONS) {
			ok = add_options_cond(cx, s, c) && ok;
		} else if (!s->fstype) {
			s->fstype = c;
		}
	}
	return ok;
}

/* ---- encoding ------------------------------------------------------------------- */

/* Which kind of kernel match one pairing of required/optional flags becomes. */
enum mount_match {
	MATCH_NONE,
	MATCH_ANY,          /* no required flags: every kind of match */
	MATCH_REMOUNT,
	MATCH_BIND,
	MATCH_PROPAGATION,
	MATCH_MOVE,
	MATCH_NEW,
};

/*
 * The order and the conditions are apparmor_parser's: the first operation
 * whose flags are required and whose match can represent the rule's source,
 * mount point and fstype wins; otherwise a new-mount match is made when a
 * non-operation flag is involved.
 */
static enum mount_match match_for(const struct mount_shape *s, uint32_t req, uint32_t opt)
{
	bool src = s->source != NULL, dst = s->mountpoint != NULL, type = s->fstype != NULL;
	if (!req || req == MF_ALL)
		return MATCH_ANY;
	if ((req & MF_REMOUNT) && !src && !type)
		return MATCH_REMOUNT;
	if ((req & MF_BIND) && !type)
		return MATCH_BIND;
	if ((req & MF_MAKE_CMDS) && !(src && dst) && !type)
		return MATCH_PROPAGATION;
	if ((req & MF_MOVE) && !type)
		return MATCH_MOVE;
	if ((req | opt) & ~MF_CMDS)
		return MATCH_NEW;
	return MATCH_NONE;
}

/* The first value of an options conditional that sets any of bits, or NULL. */
static const struct ast_word *option_word(const struct ast_cond *c, uint32_t bits)
{
	for (size_t i = 0; c && i < c->values.n; i++) {
		const struct mount_option *o = find_option(c->values.items[i].text);
		if (o && (o->set & bits))
			return &c->values.items[i];
	}
	return NULL;
}

/* Why the required flags of c (with the rule's shape) fit no kind of match. */
static void explain_no_match(struct check_ctx *cx, const struct ast_node *n,
			     const struct mount_shape *s, const struct ast_cond *c, uint32_t req)
{
	const char *mp = s->mountpoint ? s->mountpoint->text
			 : s->source ? s->source->text : "/mnt";
	if ((req & MF_REMOUNT) && s->source) {
		const char *hint = arena_printf(cx->arena, "write 'remount %s,' or 'mount options=(remount) -> %s,'",
						mp, mp);
		diag_error_hint(cx->diag, s->source->loc, hint,
				"a remount names only the mount point: the source '%s' cannot be matched",
				s->source->text);
	} else if (s->fstype) {
		const struct ast_word *w = option_word(c, MF_CMDS);
		diag_error_hint(cx->diag, s->fstype->name.loc,
				"remount, bind, move and propagation changes act on an existing mount, whose fstype is not checked",
				"fstype cannot be combined with '%s'", w ? w->text : "remount");
	} else if ((req & MF_MAKE_CMDS) && s->source && s->mountpoint) {
		const struct ast_word *w = option_word(c, MF_MAKE_CMDS);
		const char *opt = w ? w->text : "...";
		const char *hint = arena_printf(cx->arena, "write 'mount options=(%s) -> %s,'", opt, mp);
		diag_error_hint(cx->diag, s->source->loc, hint,
				"a propagation change ('%s') names only the mount point: the source '%s' cannot be matched",
				opt, s->source->text);
	} else {
		diag_error(cx->diag, n->loc, "this %s rule can never match a mount operation",
			   rule_word(n->kind));
	}
}

/*
 * Deprecated upstream form: 'mount options=(rprivate) /mnt,' puts the mount
 * point of a propagation change where the source goes.
 */
static void warn_source_as_mountpoint(struct check_ctx *cx, const struct ast_node *n,
				      const struct mount_shape *s)
{
	const char *opt = "...";
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		const struct ast_word *w = option_word(c, MF_PROPAGATION);
		if (w && cond_kind(c) == COND_KIND_OPTIONS) {
			opt = w->text;
			break;
		}
	}
	const char *hint = arena_printf(cx->arena, "write the mount point after '->': mount options=(%s) -> %s,",
					opt, s->source->text);
	diag_report(cx->diag, DIAG_WARNING, WARN_DEPRECATED, 0, s->source->loc, hint,
		    "giving the mount point of a propagation change in the source position is deprecated");
}

/*
 * The required flags of alternative i and the optional flags of alternative
 * j. Without options= a mount rule requires nothing in particular (MF_ALL
 * marks "unconstrained"); a remount always requires MS_REMOUNT.
 */
static uint32_t required_flags(const struct mount_shape *s, size_t i)
{
	uint32_t remount = s->kind == AST_REMOUNT ? MF_REMOUNT : 0;
	if (s->neq)
		return s->eq_flags[i] | remount;
	if (remount)
		return remount;
	return s->nin ? 0 : MF_ALL;
}

static uint32_t optional_flags(const struct mount_shape *s, size_t j)
{
	if (s->nin)
		return s->in_flags[j];
	if (s->neq)
		return 0;
	return s->kind == AST_REMOUNT ? MF_REMOUNT_FLAGS & ~MF_REMOUNT : MF_ALL;
}

/*
 * Check that at least one pairing of required and optional flags becomes a
 * kernel match, as apparmor_parser requires of every mount and remount rule.
 */
static bool check_encodable(struct check_ctx *cx, const struct ast_node *n,
			    const struct mount_shape *s)
{
	size_t nreq = s->neq ? s->neq : 1, nopt = s->nin ? s->nin : 1;
	bool any = false, deprecated = false;
	for (size_t i = 0; i < nreq; i++) {
		uint32_t req = required_flags(s, i);
		for (size_t j = 0; j < nopt; j++) {
			uint32_t opt = optional_flags(s, j);
			enum mount_match m = match_for(s, req, opt);
			any |= m != MATCH_NONE;
			/* a propagation change without a mount point takes the source as one */
			if (s->source && !s->mountpoint && !s->fstype &&
			    (m == MATCH_PROPAGATION ||
			     (m == MATCH_ANY && req != MF_ALL && (opt & MF_PROPAGATION))))
				deprecated = true;
		}
	}
	if (deprecated)
		warn_source_as_mountpoint(cx, n, s);
	if (!any)
		explain_no_match(cx, n, s, s->neq ? s->eq[0] : NULL, required_flags(s, 0));
	return any;
}

/* ---- words -------------------------------------------------------------------- */

/*
 * Every word of the rule that names a path, fstype or profile must expand:
 * an undefined variable is an error whether or not the class is enforced.
 * Option values are matched literally, as upstream does.
 */
static bool expand_all(struct check_ctx *cx, const struct ast_node *n)
{
	bool ok = true;
	for (size_t i = 0; i < n->u.cls.ids.n; i++)
		ok = cx->expand(cx->resolver, &n->u.cls.ids.items[i]) != NULL && ok;
	if (n->u.cls.has_arrow)
		ok = cx->expand(cx->resolver, &n->u.cls.dst) != NULL && ok;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (cond_kind(c) == COND_KIND_OPTIONS)
			continue;
		for (size_t j = 0; j < c->values.n; j++)
			ok = cx->expand(cx->resolver, &c->values.items[j]) != NULL && ok;
	}
	return ok;
}

/*
 * The kernel checks mount points (and pivot_root's roots) as absolute paths,
 * so one that cannot begin with '/' never matches. Patterns that may expand
 * to a '/' ({a,b}, *, ...) get the benefit of the doubt.
 */
static void check_mountpoint(struct check_ctx *cx, const struct ast_word *w, const char *what)
{
	const char *x = cx->expand(cx->resolver, w);
	if (!x || (x[0] && strchr("/{*?[", x[0])))
		return;
	diag_warn(cx->diag, WARN_SUSPICIOUS, w->loc,
		  "%s '%s' is not an absolute path, so the rule will never match", what, x);
}

/*
 * Patterns of the rule, validated as the compiler will convert them (only
 * for an enforced class: upstream never converts the others).
 */
static bool check_patterns(struct check_ctx *cx, const struct ast_node *n,
			   const struct mount_shape *s)
{
	bool ok = true;
	/* 'detached' is a keyword for move_mount(2) sources, not a path */
	if (s->source && strcmp(s->source->text, "detached") != 0)
		ok = cls_check_pattern(cx, s->source, "mount source", true) && ok;
	if (s->mountpoint)
		ok = cls_check_pattern(cx, s->mountpoint, "mount point", true) && ok;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (cond_kind(c) != COND_KIND_FSTYPE)
			continue;
		for (size_t j = 0; j < c->values.n; j++)
			ok = cls_check_pattern(cx, &c->values.items[j], "fstype", false) && ok;
	}
	return ok;
}

/* ---- rules ---------------------------------------------------------------------- */

static bool check_dst_conds(struct check_ctx *cx, const struct ast_node *n)
{
	if (!n->u.cls.dst_conds.n)
		return true;
	diag_error_hint(cx->diag, n->u.cls.dst_conds.items[0].name.loc,
			"put them before the source: mount options=(...) fstype=... SOURCE -> MOUNTPOINT,",
			"conditionals after '->' (on the mount point) are not supported");
	return false;
}

/* mount, remount and umount */
static bool check_mount_like(struct check_ctx *cx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct mount_shape s = { .kind = n->kind };
	const struct ast_word *id = n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL;
	if (n->kind == AST_MOUNT) {
		s.source = id;
		s.mountpoint = n->u.cls.has_arrow ? &n->u.cls.dst : NULL;
	} else {
		s.mountpoint = id;
	}
	bool ok = collect_conds(cx, n, &s);
	ok = check_dst_conds(cx, n) && ok;
	if (!ok || !expand_all(cx, n))
		return false;
	if (n->kind == AST_UMOUNT && n->u.cls.conds.n)
		diag_warn(cx->diag, WARN_SUSPICIOUS, n->u.cls.conds.items[0].name.loc,
			  "umount rules match only the mount point; '%s' has no effect",
			  n->u.cls.conds.items[0].name.text);
	if (s.mountpoint)
		check_mountpoint(cx, s.mountpoint, "mount point");
	if (!cls_enforced(cx, r, FEATURES_RULE_MOUNT))
		return true;
	if (!check_patterns(cx, n, &s))
		return false;
	return n->kind == AST_UMOUNT || check_encodable(cx, n, &s);
}

/* The oldroot= conditional of a pivot_root rule (NULL if none); false on error. */
static bool pivot_oldroot(struct check_ctx *cx, const struct ast_node *n,
			  const struct ast_cond **out)
{
	bool ok = true;
	*out = NULL;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (strcmp(c->name.text, "oldroot") != 0) {
			diag_error_hint(cx->diag, c->name.loc,
					"pivot_root [oldroot=/old/root] [/new/root] [-> profile],",
					"unknown pivot_root conditional '%s'", c->name.text);
			ok = false;
		} else if (*out) {
			diag_error(cx->diag, c->name.loc, "oldroot is given more than once");
			ok = false;
		} else if (!cls_cond_single(cx, c, "pivot_root")) {
			ok = false;
		} else {
			*out = c;
		}
	}
	return ok;
}

/* pivot_root [oldroot=/put/old] [/new/root] [-> profile], */
static bool check_pivot_root(struct check_ctx *cx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const struct ast_cond *oldroot;
	if (!pivot_oldroot(cx, n, &oldroot) || !expand_all(cx, n))
		return false;
	const struct ast_word *newroot = n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL;
	const struct ast_word *old = oldroot ? &oldroot->values.items[0] : NULL;
	if (newroot)
		check_mountpoint(cx, newroot, "new root");
	if (old)
		check_mountpoint(cx, old, "old root");
	if (!cls_enforced(cx, r, FEATURES_RULE_PIVOT_ROOT))
		return true;
	bool ok = !newroot || cls_check_pattern(cx, newroot, "new root", true);
	return (!old || cls_check_pattern(cx, old, "old root", true)) && ok;
}

bool check_mount_rule(struct check_ctx *cx, struct policy_rule *r)
{
	if (!cls_reject_owner(cx, r, rule_word(r->node->kind)))
		return false;
	if (r->node->kind == AST_PIVOT_ROOT)
		return check_pivot_root(cx, r);
	return check_mount_like(cx, r);
}
