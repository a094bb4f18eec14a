/*
 * lower_mount: mount, remount, umount and pivot_root rules to policydb rule
 * entries (binary-policy-format.md §4.6), with apparmor_parser 3.0.8's
 * encoding:
 *
 *   mount       \x07 mountpoint \0 source \0 fstype \0 flags   (perm 0x2)
 *   umount      \x07 mountpoint                                (perm 0x4)
 *   pivot_root  \x07 newroot \0 oldroot                        (perm 0x1)
 *
 * A mount rule is reduced, as 3.0.8 reduces it, to two flag sets: "flags"
 * and "inv". Every options= list adds the flags its words set to flags and
 * the flags they clear to inv; every 'options in' list adds its flags (set
 * or cleared) to both. A flag in both is optional, a flag in flags only is
 * required; inv otherwise only decides whether the rule says anything at
 * all. 'remount' adds MS_REMOUNT and makes every flag required (inv = 0);
 * no option at all means every flag (so does a rule whose only option is
 * "norelatime", a word that constrains nothing in 3.0.8). The flags become
 * a byte per flag in bit order (bit i -> byte i+1), the optional ones as
 * (\xNN|); "every flag" is any string, no flag at all (\xfe|).
 *
 * From that one rule, 3.0.8 emits up to five independent entries, each with
 * the flags restricted to what that kind of mount can carry:
 *   remount      MS_REMOUNT required, no source, no fstype: mountpoint, any
 *                source and fstype;
 *   bind         MS_BIND required, no fstype: mountpoint, source;
 *   propagation  a make-* flag required, no source, no fstype: mountpoint;
 *   move         MS_MOVE required, no fstype: mountpoint, source;
 *   new mount    a flag outside the commands involved: everything.
 * The remount and new-mount entries carry AA_AUDIT_MNT_DATA (0x40) in their
 * audit field (3.0.8 ors it into allow and deny entries alike; it has no
 * data matches, since it refuses option words it does not know). A rule
 * that yields no entry is refused, as 3.0.8 refuses it.
 *
 * pivot_root -> PROFILE puts PROFILE in the exec transition table and its
 * index in the permission (1 | index << 10), the way 3.0.8 does.
 *
 * Beyond 3.0.8: a propagation change whose mount point is written in the
 * source position (deprecated) is accepted, as later upstream does. It
 * refuses the words nosymfollow, symfollow, lazytime,
 * nolazytime and nostrictatime; they are encoded here at their kernel bits
 * (kept in remount and new-mount entries), as later upstream versions do.
 */
#include "compile/lower.h"
#include "policy/mount_flags.h"

#include <string.h>


#define MAY_PIVOTROOT 0x1u
#define MAY_MOUNT 0x2u
#define MAY_UMOUNT 0x4u
#define AUDIT_MNT_DATA 0x40u

#define M_PROPAGATION (MF_UNBINDABLE | MF_PRIVATE | MF_SLAVE | MF_SHARED)
/* apparmor_parser 3.0.8's MS_ALL_FLAGS: without MS_NOUSER ("user" is 0
 * there), and without nosymfollow and lazytime, which it does not know */
#define M_ALL (MF_RDONLY | MF_NOSUID | MF_NODEV | MF_NOEXEC | MF_SYNC | MF_REMOUNT | \
	       MF_MAND | MF_DIRSYNC | MF_NOATIME | MF_NODIRATIME | MF_BIND | MF_REC | \
	       MF_MOVE | MF_SILENT | MF_ACL | M_PROPAGATION | MF_RELATIME | MF_IVERSION | \
	       MF_STRICTATIME)
/* the flags later versions added: kept wherever a flag of the mount itself
 * (not a command) is kept */
#define M_NEWER (MF_NOSYMFOLLOW | MF_LAZYTIME)
/* flags the kernel strips from a propagation change (fs/namespace.c) */
#define M_MNT_FLAGS (MF_NOSUID | MF_NOEXEC | MF_NODEV | MF_NOATIME | MF_NODIRATIME | \
		     MF_RELATIME | MF_STRICTATIME)
#define M_CMDS (MF_MOVE | MF_REMOUNT | MF_BIND | MF_REC | M_PROPAGATION)
#define M_BIND_FLAGS (MF_BIND | MF_REC)
#define M_MAKE_FLAGS (M_PROPAGATION | MF_REC | (M_ALL & ~M_MNT_FLAGS))
#define M_MOVE_FLAGS MF_MOVE
#define M_REMOUNT_FLAGS ((M_ALL | M_NEWER) & ~(MF_MOVE | M_PROPAGATION))
#define M_NEW_FLAGS (~M_CMDS)

/* One mount, remount or umount rule, reduced. */
struct mnt {
	struct aut_node *mountpoint;   /* NULL: any */
	struct aut_node *source;       /* NULL: any */
	struct aut_node *fstype;       /* alternation; NULL: any */
	uint32_t flags, inv;
	uint32_t audit;                /* the rule's audit field (without 0x40) */
	enum aut_rule_mode mode;
	const char *label;
};

static struct aut_node *any_component(struct aut_ruleset *rs)
{
	return aut_star(rs, aut_any_but_nul(rs));
}

/* A path word (mount point, source, roots): expanded, slashes filtered. */
static bool path_word(struct lower_ctx *lx, const struct ast_word *w, struct aut_node **out)
{
	*out = NULL;
	if (!w || !w->text)
		return true;
	const char *text = lower_expand(lx, w);
	if (!text)
		return false;
	*out = lower_glob(lx, lx->policydb, text, true, w->loc);
	return *out != NULL;
}

static bool is_options(const struct ast_cond *c)
{
	return !strcmp(c->name.text, "options") || !strcmp(c->name.text, "option");
}

static bool is_fstype(const struct ast_cond *c)
{
	return !strcmp(c->name.text, "fstype") || !strcmp(c->name.text, "vfstype");
}

/* The flags one options conditional names (set and cleared); false on error. */
static bool cond_flags(struct lower_ctx *lx, const struct ast_cond *c, uint32_t *set,
		       uint32_t *clear)
{
	for (size_t i = 0; i < c->values.n; i++) {
		const struct ast_word *w = &c->values.items[i];
		const struct mount_option *o = mount_option_find(w->text);
		if (!o) {
			lower_error(lx, w->loc, "mount option '%s' cannot be encoded", w->text);
			return false;
		}
		/* 3.0.8's "norelatime" clears nothing (its MS_NORELATIME is 0) */
		if (!strcmp(w->text, "norelatime"))
			continue;
		*set |= o->set;
		*clear |= o->clear;
	}
	return true;
}

/* The conditionals of a mount, remount or umount rule into m. */
static bool collect_conds(struct lower_ctx *lx, const struct ast_node *n, struct mnt *m)
{
	struct aut_ruleset *rs = lx->policydb;
	uint32_t eq_set = 0, eq_clear = 0, in_set = 0, in_clear = 0;
	if (n->u.cls.dst_conds.n) {
		lower_error(lx, n->u.cls.dst_conds.items[0].name.loc,
			    "conditionals on the mount point cannot be encoded");
		return false;
	}
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (is_options(c)) {
			bool ok = c->op == COND_IN ? cond_flags(lx, c, &in_set, &in_clear)
						   : cond_flags(lx, c, &eq_set, &eq_clear);
			if (!ok)
				return false;
		} else if (is_fstype(c)) {
			/* every fstype conditional adds to one alternation */
			for (size_t j = 0; j < c->values.n; j++) {
				const char *text = lower_expand(lx, &c->values.items[j]);
				if (!text)
					return false;
				struct aut_node *g = lower_glob(lx, rs, text, false, c->values.items[j].loc);
				if (!g)
					return false;
				m->fstype = m->fstype ? aut_alt(rs, m->fstype, g) : g;
			}
		} else {
			lower_error(lx, c->name.loc, "mount conditional '%s' cannot be encoded",
				    c->name.text);
			return false;
		}
	}
	uint32_t opt = in_set | in_clear;
	m->flags = eq_set | opt;
	m->inv = eq_clear | opt;
	if (n->kind == AST_REMOUNT) {
		/* 3.0.8 makes every flag of a remount rule required */
		m->flags |= MF_REMOUNT;
		m->inv = 0;
	} else if (!(m->flags | m->inv)) {
		m->flags = m->inv = M_ALL;
	}
	return true;
}

/* The flags component: bit i -> byte i+1, optional ones (\xNN|). */
static struct aut_node *flags_node(struct aut_ruleset *rs, uint32_t flags, uint32_t inv,
				   uint32_t mask)
{
	if (flags == M_ALL)
		return any_component(rs);
	flags &= mask;
	struct aut_node *out = NULL;
	for (unsigned i = 0; i < 32; i++) {
		uint32_t bit = 1u << i;
		struct aut_node *piece;
		if (flags & inv & bit)
			piece = aut_opt(rs, aut_byte(rs, (uint8_t)(i + 1)));
		else if (flags & bit)
			piece = aut_byte(rs, (uint8_t)(i + 1));
		else
			continue;
		out = out ? aut_cat(rs, out, piece) : piece;
	}
	return out ? out : aut_opt(rs, aut_byte(rs, 0xfe));
}

/* \x07 mountpoint \0 source \0 fstype \0 flags */
static void add_mount_entry(struct lower_ctx *lx, const struct mnt *m, struct aut_node *mountpoint,
			    struct aut_node *source, struct aut_node *fstype, uint32_t mask,
			    uint32_t audit_extra)
{
	struct aut_ruleset *rs = lx->policydb;
	struct aut_node *parts[4] = {
		mountpoint ? mountpoint : any_component(rs),
		source ? source : any_component(rs),
		fstype ? fstype : any_component(rs),
		flags_node(rs, m->flags, m->inv, mask),
	};
	struct aut_node *e = aut_byte(rs, CLASS_MOUNT);
	for (int i = 0; i < 4; i++) {
		if (i)
			e = aut_cat(rs, e, aut_byte(rs, 0));
		e = aut_cat(rs, e, parts[i]);
	}
	lower_add(lx, rs, e, m->mode, MAY_MOUNT, m->audit | audit_extra, m->label);
}

/* The entries of one mount (or remount) rule, as 3.0.8 chooses them. */
static void emit_mount(struct lower_ctx *lx, const struct ast_node *n, const struct mnt *m)
{
	unsigned count = 0;
	uint32_t f = m->flags;
	if ((f & MF_REMOUNT) && !m->source && !m->fstype) {
		add_mount_entry(lx, m, m->mountpoint, NULL, NULL, M_REMOUNT_FLAGS, AUDIT_MNT_DATA);
		count++;
	}
	if ((f & MF_BIND) && !m->fstype) {
		add_mount_entry(lx, m, m->mountpoint, m->source, NULL, M_BIND_FLAGS, 0);
		count++;
	}
	if ((f & M_PROPAGATION) && !m->source && !m->fstype) {
		add_mount_entry(lx, m, m->mountpoint, NULL, NULL, M_MAKE_FLAGS, 0);
		count++;
	}
	if ((f & MF_MOVE) && !m->fstype) {
		add_mount_entry(lx, m, m->mountpoint, m->source, NULL, M_MOVE_FLAGS, 0);
		count++;
	}
	if ((f | m->inv) & M_NEW_FLAGS) {
		add_mount_entry(lx, m, m->mountpoint, m->source, m->fstype, M_NEW_FLAGS,
				AUDIT_MNT_DATA);
		count++;
	}
	if (!count && (f & M_PROPAGATION) && m->source && !m->mountpoint && !m->fstype) {
		/*
		 * "mount options=(rprivate) /x," names the mount point in the
		 * source position: deprecated (the front end warns), refused by
		 * 3.0.8 (no entry at all), accepted by upstream since, with the
		 * source as the mount point of the propagation change. Only when
		 * 3.0.8 would have emitted nothing, so its output stays the same
		 * everywhere else.
		 */
		add_mount_entry(lx, m, m->source, NULL, NULL, M_MAKE_FLAGS, 0);
		count++;
	}
	if (count)
		return;
	const char *hint = NULL;
	if ((f & M_PROPAGATION) && m->source && !m->mountpoint)
		hint = "apparmor_parser 3.0.8 takes the mount point of a propagation change only after '->': mount options=(...) -> /mount/point/,";
	else if ((f & MF_REMOUNT) && m->source)
		hint = "a remount names only the mount point: remount /mount/point/,";
	else if (m->fstype)
		hint = "remount, bind, move and propagation changes do not check the fstype";
	diag_error_hint(lx->diag, n->loc, hint,
			"this %s rule matches no kind of mount operation the kernel checks (remount, bind, propagation change, move or new mount)",
			n->kind == AST_REMOUNT ? "remount" : "mount");
	lx->failed = true;
}

static void lower_pivot_root(struct lower_ctx *lx, const struct policy_rule *r, const char *label,
			     enum aut_rule_mode mode)
{
	const struct ast_node *n = r->node;
	struct aut_ruleset *rs = lx->policydb;
	const struct ast_word *oldroot = NULL;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (strcmp(c->name.text, "oldroot") != 0 || c->values.n != 1 || oldroot) {
			lower_error(lx, c->name.loc, "pivot_root conditional '%s' cannot be encoded",
				    c->name.text);
			return;
		}
		oldroot = &c->values.items[0];
	}
	struct aut_node *newroot_n, *oldroot_n;
	if (!path_word(lx, n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL, &newroot_n) ||
	    !path_word(lx, oldroot, &oldroot_n))
		return;
	uint32_t perms = MAY_PIVOTROOT;
	if (n->u.cls.has_arrow && n->u.cls.dst.text) {
		const char *target = lower_expand(lx, &n->u.cls.dst);
		if (!target)
			return;
		unsigned idx = xtable_add(lx->xtable, &lx->nxtable, target);
		if (!idx) {
			lower_error(lx, n->u.cls.dst.loc,
				    "too many different transition targets in profile '%s' (the kernel's table has 12)",
				    lx->p->name ? lx->p->name : "");
			return;
		}
		perms |= idx << AA_EXEC_INDEX_SHIFT;
	}
	struct aut_node *e = aut_cat(rs, aut_byte(rs, CLASS_MOUNT),
				     newroot_n ? newroot_n : any_component(rs));
	e = aut_cat(rs, aut_cat(rs, e, aut_byte(rs, 0)), oldroot_n ? oldroot_n : any_component(rs));
	/* the audit field follows the permission as written, without the index */
	lower_add(lx, rs, e, mode, perms, lower_rule_audit(r, MAY_PIVOTROOT), label);
}

void lower_mount_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const char *label = lower_rule_label(lx, r);
	enum aut_rule_mode mode = lower_rule_mode(r);
	if (n->kind == AST_PIVOT_ROOT) {
		lower_pivot_root(lx, r, label, mode);
		return;
	}
	struct mnt m = { .mode = mode, .label = label };
	const struct ast_word *id = n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL;
	if (n->u.cls.ids.n > 1) {
		lower_error(lx, n->u.cls.ids.items[1].loc, "unexpected word in a %s",
			    ast_kind_name(n->kind));
		return;
	}
	if (n->kind == AST_MOUNT) {
		if (!path_word(lx, id, &m.source) ||
		    !path_word(lx, n->u.cls.has_arrow ? &n->u.cls.dst : NULL, &m.mountpoint))
			return;
	} else {
		if (n->u.cls.has_arrow) {
			lower_error(lx, n->u.cls.dst.loc, "a %s takes no '->'", ast_kind_name(n->kind));
			return;
		}
		if (!path_word(lx, id, &m.mountpoint))
			return;
	}
	if (!collect_conds(lx, n, &m))
		return;
	if (n->kind == AST_UMOUNT) {
		/* \x07 mountpoint; conditionals do not take part */
		struct aut_ruleset *rs = lx->policydb;
		struct aut_node *e = aut_cat(rs, aut_byte(rs, CLASS_MOUNT),
					     m.mountpoint ? m.mountpoint : any_component(rs));
		lower_add(lx, rs, e, mode, MAY_UMOUNT, lower_rule_audit(r, MAY_UMOUNT), label);
		return;
	}
	m.audit = lower_rule_audit(r, MAY_MOUNT);
	emit_mount(lx, n, &m);
}
