/*
 * compile: one policy model to profile units (see compile.h).
 *
 * Per profile: lower every rule into the file and policydb rule sets, add
 * the implied rules and class markers, build, minimize and pack both DFAs
 * (and the attachment DFA), fill the capability words and flags, and write
 * the unit. Children and hats follow their parent, ordered by name as
 * apparmor_parser orders them, so the kernel always meets a parent first.
 */
#include "compile/compile.h"
#include "binary/writer.h"
#include "compile/lower.h"
#include "policy/check_cls.h"
#include "features/features.h"
#include "policy/names.h"

#include "support/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* ---- helpers shared by the lowering files --------------------------------- */

const char *lower_expand(struct lower_ctx *lx, const struct ast_word *w)
{
	if (!w->text)
		return NULL;
	const char *s = lx->pol->expand ? lx->pol->expand(lx->pol->expander, lx->diag, lx->p, w) : w->text;
	if (!s)
		lx->failed = true;
	return s;
}

void lower_error(struct lower_ctx *lx, struct source_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(lx->diag, DIAG_ERROR, WARN_NONE, 0, loc, NULL, fmt, ap);
	va_end(ap);
	lx->failed = true;
}

void lower_add(struct lower_ctx *lx, struct aut_ruleset *rs, struct aut_node *n,
	       enum aut_rule_mode mode, uint32_t perms, uint32_t audit, const char *label)
{
	struct aut_rule rule = { mode, perms, audit, 0, NULL, label };
	struct aut_error err;
	if (aut_add_rule(rs, n, &rule, &err)) {
		diag_error(lx->diag, lx->p->node ? lx->p->node->loc : (struct source_loc){ 0 },
			   "profile '%s': %s", lx->p->fqname, err.msg);
		lx->failed = true;
		return;
	}
	if (rs == lx->file)
		lx->file_rules++;
	else
		lx->policydb_rules++;
}

struct aut_node *lower_glob(struct lower_ctx *lx, struct aut_ruleset *rs, const char *glob,
			    bool filter, struct source_loc loc)
{
	struct aut_node *n;
	struct aut_error err;
	if (aut_glob(rs, glob, SIZE_MAX, filter ? AUT_GLOB_FILTER_SLASHES : 0, &n, NULL,
		     &err)) {
		lower_error(lx, loc, "%s", err.msg);
		return NULL;
	}
	return n;
}

const char *lower_rule_label(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	return arena_printf(lx->arena, "%s:%u:%u: %s", n->loc.file ? n->loc.file->path : "?",
			    n->loc.line, n->loc.col, ast_kind_name(n->kind));
}

const struct ast_cond *lower_find_cond(const struct ast_conds *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].name.text && strcmp(c->items[i].name.text, name) == 0)
			return &c->items[i];
	return NULL;
}

bool lower_rule_perms(struct lower_ctx *lx, const struct policy_rule *r,
		      const struct cls_perm_spec *spec, uint32_t all, uint32_t *out)
{
	const struct ast_words *ws = &r->node->u.cls.perms;
	*out = ws->n ? 0 : all;
	for (size_t i = 0; i < ws->n; i++) {
		/* the checks accepted these words: 0 means the two disagree */
		uint32_t b = cls_perm_bits(spec, ws->items[i].text);
		if (!b) {
			lower_error(lx, ws->items[i].loc, "unknown %s permission '%s'", spec->rule,
				    ws->items[i].text);
			return false;
		}
		*out |= b;
	}
	return true;
}

void lower_add_rule(struct lower_ctx *lx, struct aut_ruleset *rs, const struct policy_rule *r,
		    struct aut_node *n, uint32_t perms)
{
	lower_add(lx, rs, n, lower_rule_mode(r), perms, lower_rule_audit(r, perms),
		  lower_rule_label(lx, r));
}

struct aut_node *lower_label(struct lower_ctx *lx, struct aut_ruleset *rs,
			     const struct ast_cond *c, const char *any, bool *ok)
{
	*ok = true;
	if (!c)
		return lower_regex(lx, rs, any);
	*ok = false;
	if (c->values.n != 1) {
		lower_error(lx, c->name.loc, "exactly one label is supported in '%s='", c->name.text);
		return NULL;
	}
	const char *text = lower_expand(lx, &c->values.items[0]);
	struct aut_node *g = text ? lower_glob(lx, rs, text, false, c->values.items[0].loc) : NULL;
	*ok = g != NULL;
	return g;
}

uint32_t lower_rule_audit(const struct policy_rule *r, uint32_t perms)
{
	if (r->prefix.mode == RULE_MODE_DENY)
		return r->prefix.audit ? 0 : perms;
	return r->prefix.audit ? perms : 0;
}

enum aut_rule_mode lower_rule_mode(const struct policy_rule *r)
{
	return r->prefix.mode == RULE_MODE_DENY ? AUT_RULE_DENY : AUT_RULE_ALLOW;
}

struct aut_node *lower_regex(struct lower_ctx *lx, struct aut_ruleset *rs, const char *re)
{
	struct aut_node *n;
	struct aut_error err;
	if (aut_regex(rs, re, SIZE_MAX, &n, &err)) {
		diag_error(lx->diag, (struct source_loc){ 0 }, "internal pattern '%s': %s", re,
			   err.msg);
		lx->failed = true;
		return NULL;
	}
	return n;
}

/* ---- capabilities ----------------------------------------------------------- */

struct caps {
	uint64_t allow, audit, deny, quiet;
};

static void lower_capability_rule(struct lower_ctx *lx, const struct policy_rule *r,
				  struct caps *c)
{
	const struct ast_node *n = r->node;
	uint64_t set = 0;
	/* 'capability,': every bit, known to the kernel or not (as 3.0.8) */
	if (!n->u.capability.names.n)
		set = UINT64_MAX;
	const struct features *f = lx->opts->features;
	for (size_t i = 0; i < n->u.capability.names.n; i++) {
		const char *name = n->u.capability.names.items[i].text;
		int num = capability_number(name);
		if (num < 0 || num > 63) {
			lower_error(lx, n->u.capability.names.items[i].loc, "unknown capability '%s'",
				    name);
			return;
		}
		/*
		 * perfmon, bpf and checkpoint_restore were split out of
		 * sys_admin: on a kernel that does not know them (its caps/mask
		 * lacks the name), sys_admin is what grants them, as 3.0.8 maps it
		 */
		if ((!strcmp(name, "perfmon") || !strcmp(name, "bpf") ||
		     !strcmp(name, "checkpoint_restore")) &&
		    f && features_supports(f, "caps/mask") && !features_has_word(f, "caps/mask", name))
			num = capability_number("sys_admin");
		set |= 1ull << num;
	}
	if (r->prefix.mode == RULE_MODE_DENY) {
		c->deny |= set;
		if (!r->prefix.audit)
			c->quiet |= set;
	} else {
		c->allow |= set;
		if (r->prefix.audit)
			c->audit |= set;
	}
}

/* ---- rlimits ------------------------------------------------------------------ */

static bool unit_scale(const char *unit, bool time, uint64_t *scale)
{
	static const struct { const char *name; uint64_t scale; } sizes[] = {
		{ "K", 1024 }, { "KB", 1024 }, { "M", 1024 * 1024 }, { "MB", 1024 * 1024 },
		{ "G", 1024ull * 1024 * 1024 }, { "GB", 1024ull * 1024 * 1024 },
	};
	static const struct { const char *name; uint64_t scale; } times[] = {
		{ "us", 1 }, { "microsecond", 1 }, { "microseconds", 1 },
		{ "ms", 1000 }, { "millisecond", 1000 }, { "milliseconds", 1000 },
		{ "s", 1000000 }, { "sec", 1000000 }, { "second", 1000000 }, { "seconds", 1000000 },
		{ "min", 60000000ull }, { "minute", 60000000ull }, { "minutes", 60000000ull },
		{ "h", 3600000000ull }, { "hour", 3600000000ull }, { "hours", 3600000000ull },
		{ "d", 86400000000ull }, { "day", 86400000000ull }, { "days", 86400000000ull },
		{ "week", 604800000000ull }, { "weeks", 604800000000ull },
	};
	if (time) {
		for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
			if (!strcmp(unit, times[i].name)) {
				*scale = times[i].scale;
				return true;
			}
		return false;
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!strcmp(unit, sizes[i].name)) {
			*scale = sizes[i].scale;
			return true;
		}
	return false;
}

/*
 * 'set rlimit NAME <= VALUE [UNIT],' with apparmor_parser 3.0.8's encoding:
 * cpu in seconds, rttime in microseconds (units convert, a bare number is
 * taken as is), sizes with K/M/G (1024-based), nice stored as 20 + value,
 * infinity as all ones. The front end has validated the words.
 */
static void lower_rlimit_rule(struct lower_ctx *lx, const struct policy_rule *r,
			      uint32_t *mask, uint64_t *values)
{
	const struct ast_node *n = r->node;
	int lim = rlimit_number(n->u.rlimit.name.text);
	if (lim < 0 || lim >= BIN_RLIMIT_COUNT) {
		lower_error(lx, n->u.rlimit.name.loc, "unknown rlimit '%s'", n->u.rlimit.name.text);
		return;
	}
	const char *val = n->u.rlimit.value.text, *unit = n->u.rlimit.unit.text;
	uint64_t v;
	if (!strcmp(val, "infinity")) {
		v = UINT64_MAX;
	} else {
		char *end;
		errno = 0;
		long long x = strtoll(val, &end, 0);
		if (end == val || *end || errno) {
			lower_error(lx, n->u.rlimit.value.loc, "invalid rlimit value '%s'", val);
			return;
		}
		if (lim == RLIMIT_NICE) {
			v = (uint64_t)(20 + x);
		} else {
			uint64_t scale = 1;
			bool time = lim == RLIMIT_CPU || lim == RLIMIT_RTTIME;
			if (unit && !unit_scale(unit, time, &scale)) {
				lower_error(lx, n->u.rlimit.unit.loc, "unknown unit '%s' for rlimit %s", unit,
					    n->u.rlimit.name.text);
				return;
			}
			v = (uint64_t)x * scale;
			if (lim == RLIMIT_CPU && unit)
				v /= 1000000;     /* cpu is kept in seconds */
		}
	}
	*mask |= 1u << lim;
	values[lim] = v;
}

/*
 * Rules of a class the kernel does not mediate are left out, as upstream
 * does (the front end has warned). Which feature enforces a class is the
 * features module's table (features_rule_class_info), the one the checks
 * use too; classes not listed here are always compiled.
 */
static bool class_mediated(const struct lower_ctx *lx, enum ast_kind k)
{
	enum features_rule_class c;
	switch (k) {
	case AST_MOUNT:
	case AST_REMOUNT:
	case AST_UMOUNT:
		c = FEATURES_RULE_MOUNT;
		break;
	case AST_PIVOT_ROOT:
		c = FEATURES_RULE_PIVOT_ROOT;
		break;
	case AST_DBUS:
		c = FEATURES_RULE_DBUS;
		break;
	case AST_USERNS:
		c = FEATURES_RULE_USERNS;
		break;
	case AST_IO_URING:
		c = FEATURES_RULE_IO_URING;
		break;
	default:
		return true;
	}
	return lx->opts->features &&
	       features_rule_class_enforced(lx->opts->features, lx->pol->features, c);
}

/* What rules accumulate at profile level while lowering. */
struct profile_acc {
	struct caps *caps;
	uint32_t *rlimit_mask;
	uint64_t *rlimits;
};

static void lower_all_rule(const struct compile_options *opts, struct lower_ctx *lx,
			   const struct policy_rule *r, struct profile_acc *acc);

static void lower_one(const struct compile_options *opts, struct lower_ctx *lx,
		      const struct policy_rule *r, struct profile_acc *acc)
{
	/* every class alike: the packed format has no prompt permissions */
	if (r->prefix.mode == RULE_MODE_PROMPT) {
		lower_error(lx, r->node->loc,
			    "prompt rules are not supported by this kernel's policy format");
		return;
	}
	switch (r->node->kind) {
	case AST_FILE:
		lower_file_rule(lx, r);
		break;
	case AST_LINK:
		lower_link_rule(lx, r);
		break;
	case AST_CHANGE_PROFILE:
		lower_change_profile_rule(lx, r);
		break;
	case AST_CAPABILITY:
		lower_capability_rule(lx, r, acc->caps);
		break;
	case AST_RLIMIT:
		lower_rlimit_rule(lx, r, acc->rlimit_mask, acc->rlimits);
		break;
	case AST_SIGNAL:
		lower_signal_rule(lx, r);
		break;
	case AST_MQUEUE:   /* gated per queue kind inside */
		lower_mqueue_rule(lx, r);
		break;
	case AST_USERNS:
		if (class_mediated(lx, r->node->kind))
			lower_userns_rule(lx, r);
		break;
	case AST_IO_URING:
		if (class_mediated(lx, r->node->kind))
			lower_io_uring_rule(lx, r);
		break;
	case AST_PTRACE:
		lower_ptrace_rule(lx, r);
		break;
	case AST_NETWORK:
		lower_network_rule(lx, r);
		break;
	case AST_UNIX:
		lower_unix_rule(lx, r);
		break;
	case AST_MOUNT:
	case AST_REMOUNT:
	case AST_UMOUNT:
	case AST_PIVOT_ROOT:
		if (class_mediated(lx, r->node->kind))
			lower_mount_rule(lx, r);
		break;
	case AST_DBUS:
		if (class_mediated(lx, r->node->kind))
			lower_dbus_rule(lx, r);
		break;
	case AST_ALL:
		lower_all_rule(opts, lx, r, acc);
		break;
	default:
		if (class_mediated(lx, r->node->kind))
			lower_error(lx, r->node->loc, "confine cannot compile %ss yet",
				    ast_kind_name(r->node->kind));
		break;
	}
}

/*
 * 'all,' (upstream 4.x): the bare rule of every class with the same
 * qualifiers — unix, dbus, io_uring, mqueue, ptrace, signal, userns, mount,
 * remount, umount, pivot_root, network, 'file,' and 'capability,' (every
 * capability bit).
 * Each goes through the normal lowering, so classes the kernel does not
 * mediate drop out exactly as written rules would.
 */
static void lower_all_rule(const struct compile_options *opts, struct lower_ctx *lx,
			   const struct policy_rule *r, struct profile_acc *acc)
{
	static const enum ast_kind kinds[] = {
		AST_UNIX, AST_DBUS, AST_IO_URING, AST_MQUEUE, AST_PTRACE, AST_SIGNAL, AST_USERNS,
		AST_MOUNT, AST_REMOUNT, AST_UMOUNT, AST_PIVOT_ROOT, AST_NETWORK, AST_FILE,
		AST_CAPABILITY,
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !lx->failed; i++) {
		struct ast_node *n = arena_new(lx->arena, struct ast_node);
		memset(n, 0, sizeof(*n));
		n->kind = kinds[i];
		n->loc = r->node->loc;
		n->end_loc = r->node->end_loc;
		n->prefix = r->node->prefix;
		if (kinds[i] == AST_FILE)
			n->u.file.bare = true;
		struct policy_rule sub = *r;
		sub.node = n;
		lower_one(opts, lx, &sub, acc);
	}
}

/* ---- one profile ------------------------------------------------------------ */

struct unit_builder {
	const struct compile_options *opts;
	struct features_support sup;       /* of the kernel's and the file's sets, once */
	struct diag_engine *diag;
	struct bin_header header;
	struct strbuf out;
	bool failed;
};

static int build_tables(struct lower_ctx *lx, struct aut_ruleset *rs, bool zero_start,
			struct strbuf *blob)
{
	struct aut_dfa *dfa = NULL, *min = NULL;
	struct aut_tables *t = NULL;
	struct aut_error err;
	int ret = aut_build(rs, NULL, &dfa, &err);
	if (!ret) {
		aut_release_scratch(dfa);
		ret = aut_minimize_consume(dfa, &min, &err);
	}
	if (!ret) {
		struct aut_pack_opts po = {
			.equiv_classes = lx->opts->equiv_classes,
			.state32 = lx->sup->state32,
			.diff_encode = lx->sup->diff_encode,
			.zero_start_perms = zero_start,
		};
		ret = aut_pack(min, &po, &t, &err);
	}
	if (ret) {
		diag_error(lx->diag, lx->p->node ? lx->p->node->loc : (struct source_loc){ 0 },
			   "profile '%s': %s", lx->p->fqname ? lx->p->fqname : lx->p->name, err.msg);
		lx->failed = true;
	} else {
		aut_tables_serialize(t, blob);
	}
	aut_tables_free(t);
	aut_dfa_free(min);
	aut_dfa_free(dfa);
	return ret;
}

/* The xattr conditions in force: the kernel must know them and out-of-band transitions. */
static const struct ast_conds *xattrs_in_force(const struct lower_ctx *lx,
					       const struct features_support *sup)
{
	const struct ast_node *n = lx->p->node;
	if (!n || n->kind != AST_PROFILE || !n->u.profile.has_xattrs || !n->u.profile.xattrs.n)
		return NULL;
	return sup->domain_xattr && sup->outofband ? &n->u.profile.xattrs : NULL;
}

/*
 * The xattr part of the attachment, as 3.0.8 writes it: after the exec
 * path, for each xattr, an out-of-band transition, a NUL and the value
 * (glob_null; no value means any), each step optional so that every prefix
 * accepts, since the kernel checks the path and each value at its own
 * accepting state. The chain, and the names in the profile, run in the
 * reverse of the written order (3.0.8 keeps them in a list it prepends to).
 */
static struct aut_node *xattr_chain(struct lower_ctx *lx, struct aut_ruleset *rs,
				    const struct ast_conds *xattrs, struct bin_profile *bp)
{
	struct aut_node *tail = NULL;
	const char **names = arena_new_array(lx->arena, const char *, xattrs->n);
	for (size_t i = 0; i < xattrs->n; i++) {
		/* the first written is the last in the chain: built from there */
		const struct ast_cond *c = &xattrs->items[i];
		names[xattrs->n - 1 - i] = arena_strndup(lx->arena, c->name.text, c->name.len);
		const char *value = c->values.n ? lower_expand(lx, &c->values.items[0]) : "**";
		if (!value)
			return NULL;
		struct aut_node *v;
		struct aut_error err;
		if (aut_glob(rs, value, SIZE_MAX, AUT_GLOB_NULL, &v, NULL, &err)) {
			lower_error(lx, c->values.n ? c->values.items[0].loc : c->name.loc,
				    "xattr '%s' value '%s': %s", names[xattrs->n - 1 - i], value, err.msg);
			return NULL;
		}
		struct aut_node *step = aut_cat(rs, aut_cat(rs, aut_oob(rs), aut_byte(rs, 0)), v);
		tail = aut_opt(rs, tail ? aut_cat(rs, step, tail) : step);
	}
	bp->xattrs = names;
	bp->nxattrs = xattrs->n;
	return tail;
}

/* The attachment DFA: the attach text, or a profile name that is a pattern. */
static int build_xmatch(struct lower_ctx *lx, struct bin_profile *bp, struct strbuf *blob)
{
	const struct policy_profile *p = lx->p;
	const char *text = p->attachment;
	const struct ast_conds *xattrs = xattrs_in_force(lx, lx->sup);
	/* xattr conditions written (in force or not) make 3.0.8 attach any
	 * name through a DFA, even a literal or one without a leading '/' */
	bool has_xattrs = p->node && p->node->kind == AST_PROFILE && p->node->u.profile.has_xattrs &&
			  p->node->u.profile.xattrs.n;
	if (!text) {
		if (p->is_hat || !p->name || (p->name[0] != '/' && !has_xattrs))
			return 0;
		text = p->name;
	}
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *n;
	struct aut_glob_info info;
	struct aut_error err;
	int ret = aut_glob(rs, text, SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &n, &info, &err);
	if (ret) {
		lower_error(lx, p->node ? p->node->loc : (struct source_loc){ 0 }, "attachment '%s': %s",
			    text, err.msg);
		aut_ruleset_free(rs);
		return ret;
	}
	/* alias FROM -> TO gives the attachment an alternative name */
	size_t min_len = info.prefix_match_len;
	struct aut_node *alts = NULL;
	for (size_t i = 0; i < lx->pol->naliases && !ret; i++) {
		const struct policy_alias *a = &lx->pol->aliases[i];
		size_t fl = strlen(a->from);
		if (strncmp(text, a->from, fl) != 0)
			continue;
		char *alt = arena_printf(lx->arena, "%s%s", a->to, text + fl);
		struct aut_node *an;
		struct aut_glob_info ai;
		ret = aut_glob(rs, alt, SIZE_MAX, AUT_GLOB_FILTER_SLASHES, &an, &ai, &err);
		if (ret)
			break;
		alts = alts ? aut_alt(rs, alts, an) : an;
		if (ai.prefix_match_len < min_len)
			min_len = ai.prefix_match_len;
	}
	if (ret) {
		lower_error(lx, p->node ? p->node->loc : (struct source_loc){ 0 }, "attachment alias: %s",
			    err.msg);
		aut_ruleset_free(rs);
		return ret;
	}
	/* a literal name without attachment, alias or xattr condition attaches
	 * by exact comparison */
	if (info.type == AUT_PATTERN_BASIC && !p->attachment && !alts && !has_xattrs) {
		aut_ruleset_free(rs);
		return 0;
	}
	if (alts)
		n = aut_alt(rs, n, alts);
	if (xattrs) {
		struct aut_node *chain = xattr_chain(lx, rs, xattrs, bp);
		if (!chain) {
			aut_ruleset_free(rs);
			return -1;
		}
		n = aut_cat(rs, n, chain);
	}
	struct aut_rule rule = { AUT_RULE_ALLOW, AA_MAY_EXEC, 0, 0, NULL, "attachment" };
	ret = aut_add_rule(rs, n, &rule, &err);
	if (!ret)
		ret = build_tables(lx, rs, false, blob);
	aut_ruleset_free(rs);
	if (!ret) {
		bp->xmatch.data = blob->buf;
		bp->xmatch.len = blob->len;
		/* 3.0.8 counts the minimum length up to the first repetition
		 * (newer parsers send the whole minimum match length) */
		bp->xmatch_len = (uint32_t)min_len;
	}
	return ret;
}

static uint32_t packed_mode(enum profile_mode m)
{
	switch (m) {
	case PROFILE_MODE_COMPLAIN:
		return 1;
	case PROFILE_MODE_KILL:
		return 2;
	case PROFILE_MODE_UNCONFINED:
	case PROFILE_MODE_DEFAULT_ALLOW:
		return 3;
	default:
		return 0;
	}
}

static void path_flags(const struct profile_flags *f, struct bin_profile *bp)
{
	uint32_t v = 0;
	bool any = false;
	if (f->chroot_relative) {
		v |= BIN_PATH_CHROOT_RELATIVE;
		any = true;
	}
	if (f->namespace_relative || f->delegate_deleted || f->no_attach_disconnected ||
	    f->chroot_no_attach)
		any = true;
	if (f->attach_disconnected || f->disconnected_path) {
		v |= BIN_PATH_ATTACH_DISCONNECTED;
		any = true;
	}
	if (f->chroot_attach) {
		v |= BIN_PATH_CHROOT_ATTACH;
		any = true;
	}
	if (f->mediate_deleted) {
		v |= BIN_PATH_MEDIATE_DELETED;
		any = true;
	}
	bp->has_path_flags = any;
	bp->path_flags = v;
}

/* Old kernels take network rules as the profile's net_allowed_af array:
 * apparmor_parser 3.0.8 writes AF_MAX (46) families of allowed, audited
 * (of the allowed) and quieted (of the denied) socket types. */
static void net_allowed_af(const struct lower_ctx *lx, struct bin_profile *bp)
{
	bp->net_af_count = 46;
	for (size_t i = 0; i < bp->net_af_count; i++) {
		uint16_t allow = (uint16_t)(lx->net_allow[i] & ~lx->net_deny[i]);
		bp->net_af_allow[i] = allow;
		bp->net_af_audit[i] = allow & (uint16_t)lx->net_audit[i];
		bp->net_af_quiet[i] = (uint16_t)(lx->net_deny[i] & lx->net_quiet[i]);
	}
}

static int cmp_children(const void *a, const void *b)
{
	const struct policy_profile *x = *(const struct policy_profile *const *)a;
	const struct policy_profile *y = *(const struct policy_profile *const *)b;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int cmp_top(const void *a, const void *b)
{
	const struct policy_profile *x = *(const struct policy_profile *const *)a;
	const struct policy_profile *y = *(const struct policy_profile *const *)b;
	if (x->ns || y->ns) {
		if (!x->ns || !y->ns)
			return x->ns ? 1 : -1;
		int c = strcmp(x->ns, y->ns);
		if (c)
			return c;
	}
	return cmp_children(a, b);
}

static void compile_profile(struct unit_builder *ub, const struct policy *pol,
			    const struct policy_profile *p)
{
	struct arena arena;
	arena_init(&arena);
	struct lower_ctx lx;
	memset(&lx, 0, sizeof(lx));
	lx.pol = pol;
	lx.p = p;
	lx.opts = ub->opts;
	lx.sup = &ub->sup;
	lx.diag = ub->diag;
	lx.arena = &arena;
	lx.file = aut_ruleset_new(NULL);
	lx.policydb = aut_ruleset_new(NULL);
	struct caps caps = { 0, 0, 0, 0 };
	uint32_t rlimit_mask = 0;
	uint64_t rlimits[BIN_RLIMIT_COUNT] = { 0 };

	struct profile_acc acc = { &caps, &rlimit_mask, rlimits };
	for (size_t i = 0; i < p->nrules && !lx.failed; i++)
		lower_one(ub->opts, &lx, &p->rules[i], &acc);
	if (!lx.failed) {
		lower_implied_file_rules(&lx);
		lower_network_finish(&lx);
		lower_markers(&lx);
	}

	struct bin_profile bp;
	memset(&bp, 0, sizeof(bp));
	struct strbuf xm = STRBUF_INIT, pdb = STRBUF_INIT, fdfa = STRBUF_INIT;
	if (!lx.failed) {
		bp.name = p->fqname ? p->fqname : p->name;
		bp.ns = p->parent ? NULL : p->ns;
		bp.flag_bits = (p->is_hat ? BIN_FLAG_HAT : 0) | (p->flags.debug ? BIN_FLAG_DEBUG1 : 0);
		bp.mode = packed_mode(p->flags.mode);
		bp.audit = p->flags.audit;
		path_flags(&p->flags, &bp);
		bp.disconnected = p->flags.disconnected_path;
		uint64_t allowed = caps.allow & ~caps.deny;
		uint64_t words[3] = { allowed, allowed & caps.audit, caps.deny & caps.quiet };
		for (int h = 0; h < 2; h++) {
			bp.cap_allow[h] = (uint32_t)(words[0] >> (32 * h));
			bp.cap_audit[h] = (uint32_t)(words[1] >> (32 * h));
			bp.cap_quiet[h] = (uint32_t)(words[2] >> (32 * h));
		}
		bp.rlimit_mask = rlimit_mask;
		memcpy(bp.rlimits, rlimits, sizeof(rlimits));
		if (lx.has_network && lower_network_format(&lx) == LOWER_NET_OLD)
			net_allowed_af(&lx, &bp);
		build_xmatch(&lx, &bp, &xm);
		if (!lx.failed && lx.policydb_rules &&
		    !build_tables(&lx, lx.policydb, true, &pdb)) {
			bp.policydb.data = pdb.buf;
			bp.policydb.len = pdb.len;
		}
		if (!lx.failed && lx.file_rules && !build_tables(&lx, lx.file, true, &fdfa)) {
			bp.file.data = fdfa.buf;
			bp.file.len = fdfa.len;
		}
		for (unsigned i = 0; i < lx.nxtable; i++)
			bp.xtable[i] = lx.xtable[i];
		bp.nxtable = lx.nxtable;
	}
	if (!lx.failed)
		bin_write_profile(&ub->out, &ub->header, &bp);
	else
		ub->failed = true;
	strbuf_release(&xm);
	strbuf_release(&pdb);
	strbuf_release(&fdfa);
	aut_ruleset_free(lx.file);
	aut_ruleset_free(lx.policydb);
	arena_destroy(&arena);

	if (p->nchildren) {
		const struct policy_profile **kids = xmalloc(p->nchildren * sizeof(*kids));
		memcpy(kids, p->children, p->nchildren * sizeof(*kids));
		qsort(kids, p->nchildren, sizeof(*kids), cmp_children);
		for (size_t i = 0; i < p->nchildren; i++)
			compile_profile(ub, pol, kids[i]);
		free(kids);
	}
}

int compile_policy(const struct policy *pol, const struct compile_options *opts,
		   struct diag_engine *diag, struct strbuf *out)
{
	struct unit_builder ub;
	memset(&ub, 0, sizeof(ub));
	ub.opts = opts;
	ub.diag = diag;
	/* classes need kernel ∩ the file's policy set; encodings the kernel's */
	features_support_compute(opts->features, pol->features, &ub.sup);
	unsigned abi = opts->features ? ub.sup.abi_version : 5;
	if (abi > 7)
		abi = 7;
	if (abi < 5)
		abi = 5;
	ub.header.version = bin_version_word(abi, opts->force_complain);
	ub.header.write_version = true;
	strbuf_init(&ub.out);
	/* upstream's order: namespace (none first), then name */
	const struct policy_profile **top = xmalloc((pol->nprofiles ? pol->nprofiles : 1) * sizeof(*top));
	if (pol->nprofiles) {
		memcpy(top, pol->profiles, pol->nprofiles * sizeof(*top));
		qsort(top, pol->nprofiles, sizeof(*top), cmp_top);
	}
	for (size_t i = 0; i < pol->nprofiles; i++)
		compile_profile(&ub, pol, top[i]);
	free(top);
	if (!ub.failed)
		strbuf_add(out, ub.out.buf, ub.out.len);
	strbuf_release(&ub.out);
	return ub.failed ? -1 : 0;
}
