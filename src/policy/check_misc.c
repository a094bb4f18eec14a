/*
 * check_misc: semantic checks of the small rule classes: mqueue, userns,
 * io_uring and the 'all' rule.
 *
 * Owns the permission vocabularies and conditionals of these classes and the
 * mqueue naming rules (a POSIX queue is named by a path, a System V queue by
 * its numeric key). Rules of a class the kernel features cannot enforce are
 * still checked for their form, then warned about and left uncompiled, as
 * apparmor_parser does.
 *
 * Rule shapes (AST, see parser.c):
 *   mqueue   [perms] [type=posix|sysv] [label=LABEL] [NAME]
 *   userns   [create]
 *   io_uring [perms] [label=LABEL]
 *   all
 */
#include "policy/check.h"
#include "policy/check_cls.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- mqueue -------------------------------------------------------------------- */

/* Permission bits as apparmor_parser's mqueue encoding names them. */
enum {
	MQ_WRITE = 1u << 1,
	MQ_READ = 1u << 2,
	MQ_CREATE = 1u << 4,
	MQ_DELETE = 1u << 5,
	MQ_OPEN = 1u << 6,
	MQ_SETATTR = 1u << 8,
	MQ_GETATTR = 1u << 9,
};

static const struct cls_perm_word mqueue_words[] = {
	{ "create", MQ_CREATE }, { "open", MQ_OPEN }, { "delete", MQ_DELETE },
	{ "read", MQ_READ }, { "write", MQ_WRITE },
	{ "getattr", MQ_GETATTR }, { "setattr", MQ_SETATTR },
	{ NULL, 0 },
};

const struct cls_perm_spec cls_mqueue_perms = {
	.rule = "mqueue",
	.words = mqueue_words,
	.read_bits = MQ_READ,
	.write_bits = MQ_WRITE,
	.hint = "mqueue permissions: create open delete read write getattr setattr, or the letters r and w",
};

enum mq_type { MQ_UNSPEC, MQ_POSIX, MQ_SYSV };

struct mqueue_conds {
	enum mq_type type;
	const struct ast_cond *type_cond;
	const struct ast_cond *label;
};

/* A conditional that may appear once; false (reported) on a repeat. */
static bool set_once(struct check_ctx *cx, const struct ast_cond **slot,
		     const struct ast_cond *c, const char *rule)
{
	if (*slot) {
		diag_error(cx->diag, c->name.loc, "%s conditional '%s' can only be given once", rule,
			   c->name.text);
		return false;
	}
	*slot = c;
	return true;
}

static bool mqueue_type_value(struct check_ctx *cx, const struct ast_cond *c, enum mq_type *out)
{
	const char *v = c->values.items[0].text;
	if (strcmp(v, "posix") == 0)
		*out = MQ_POSIX;
	else if (strcmp(v, "sysv") == 0)
		*out = MQ_SYSV;
	else {
		diag_error_hint(cx->diag, c->values.items[0].loc, "type=posix or type=sysv",
				"unknown mqueue type '%s'", v);
		return false;
	}
	return true;
}

static bool mqueue_collect_conds(struct check_ctx *cx, const struct ast_node *n,
				 struct mqueue_conds *mc)
{
	bool ok = true;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		const char *name = c->name.text;
		bool is_type = strcmp(name, "type") == 0;
		if (!is_type && strcmp(name, "label") != 0) {
			diag_error_hint(cx->diag, c->name.loc, "mqueue rules take type= and label=",
					"unknown mqueue conditional '%s'", name);
			ok = false;
		} else if (!cls_cond_single(cx, c, "mqueue") ||
			   !set_once(cx, is_type ? &mc->type_cond : &mc->label, c, "mqueue")) {
			ok = false;
		} else if (is_type && !mqueue_type_value(cx, c, &mc->type)) {
			ok = false;
		}
	}
	return ok;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * The queue name implies the type: '/name' is a POSIX queue, a number a
 * System V key. It must agree with an explicit type=. Like upstream, the name
 * is judged as written (a variable cannot stand for a whole name).
 */
static bool mqueue_check_name(struct check_ctx *cx, const struct ast_word *w,
			      const struct mqueue_conds *mc)
{
	const char *name = w->text;
	if (name[0] == '/') {
		if (mc->type != MQ_SYSV)
			return true;
		diag_error_hint(cx->diag, w->loc, "a System V message queue is named by its numeric key, e.g. 1234",
				"'%s' is not a valid name for an mqueue of type=sysv", name);
		return false;
	}
	if (all_digits(name)) {
		if (mc->type == MQ_POSIX) {
			diag_error_hint(cx->diag, w->loc, "a POSIX message queue name begins with '/', e.g. /myqueue",
					"'%s' is not a valid name for an mqueue of type=posix", name);
			return false;
		}
		errno = 0;
		unsigned long long key = strtoull(name, NULL, 10);
		if (errno || key > INT_MAX) {
			diag_error(cx->diag, w->loc, "System V message queue key %s is out of range (0 to %d)",
				   name, INT_MAX);
			return false;
		}
		return true;
	}
	diag_error_hint(cx->diag, w->loc,
			"a POSIX queue is named by a path (/myqueue), a System V queue by its numeric key (1234)",
			"invalid mqueue name '%s'", name);
	return false;
}

/* The effective type: written, or implied by the name. */
static enum mq_type mqueue_type(const struct mqueue_conds *mc, const struct ast_word *name)
{
	if (mc->type != MQ_UNSPEC || !name)
		return mc->type;
	return name->text[0] == '/' ? MQ_POSIX : MQ_SYSV;
}

/*
 * Upstream gates each type on its own feature, and an untyped rule on
 * either: it is enforced for whichever kind of queue the kernel mediates.
 */
static bool mqueue_enforced(struct check_ctx *cx, const struct policy_rule *r, enum mq_type t)
{
	static const char *const feature[] = { "ipc/posix_mqueue", "ipc/posix_mqueue", "ipc/sysv_mqueue" };
	static const char *const what[] = { "mqueue", "mqueue type=posix", "mqueue type=sysv" };
	if (!cx->features || features_supports(cx->features, feature[t]) ||
	    (t == MQ_UNSPEC && features_supports(cx->features, "ipc/sysv_mqueue")))
		return true;
	const char *hint = "the kernel's features (or the policy abi) lack this class; the rules are accepted but not compiled";
	if (t == MQ_UNSPEC)
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, r->node->loc, hint,
			    "%s rules are not enforced: neither 'ipc/posix_mqueue' nor 'ipc/sysv_mqueue' is supported",
			    what[t]);
	else
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, r->node->loc, hint,
			    "%s rules are not enforced: feature '%s' is not supported", what[t],
			    feature[t]);
	return false;
}

bool check_mqueue_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct mqueue_conds mc = { MQ_UNSPEC, NULL, NULL };
	uint32_t perms;
	bool ok = cls_reject_owner(cx, r, "mqueue");
	ok = cls_parse_perms(cx, n, &cls_mqueue_perms, &perms) && ok;
	ok = mqueue_collect_conds(cx, n, &mc) && ok;
	const struct ast_word *name = n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL;
	if (!ok || (name && !mqueue_check_name(cx, name, &mc)))
		return false;
	const struct ast_word *label = mc.label ? &mc.label->values.items[0] : NULL;
	if ((name && !cx->expand(cx->resolver, name)) ||
	    (label && !cx->expand(cx->resolver, label)))
		return false;
	if (!mqueue_enforced(cx, r, mqueue_type(&mc, name)))
		return true;
	/* a System V name is encoded as its key, not as a pattern */
	ok = !name || name->text[0] != '/' || cls_check_pattern(cx, name, "mqueue name", false);
	return (!label || cls_check_pattern(cx, label, "mqueue label", false)) && ok;
}

/* ---- keyword-only permissions ------------------------------------------------------ */

/*
 * userns and io_uring have no permission letters: every permission word must
 * be one of the class's keywords. (Upstream silently reads an unknown word in
 * parentheses as "no permission", which then means all of them.)
 */
static bool keyword_perms(struct check_ctx *cx, const struct ast_node *n, const char *rule,
			  const char *const *words, const char *hint)
{
	bool ok = true;
	for (size_t i = 0; i < n->u.cls.perms.n; i++) {
		const struct ast_word *w = &n->u.cls.perms.items[i];
		size_t k = 0;
		while (words[k] && strcmp(words[k], w->text) != 0)
			k++;
		if (!words[k]) {
			diag_error_hint(cx->diag, w->loc, hint, "'%s' is not one of the %s permissions",
					w->text, rule);
			ok = false;
		}
	}
	return ok;
}

/* ---- userns --------------------------------------------------------------------- */

static const char *const userns_words[] = { "create", NULL };

bool check_userns_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	bool ok = cls_reject_owner(cx, r, "userns");
	ok = keyword_perms(cx, n, "userns", userns_words, "the only userns permission is create") && ok;
	if (n->u.cls.conds.n) {
		diag_error_hint(cx->diag, n->u.cls.conds.items[0].name.loc, "userns [create],",
				"userns rules take no conditionals ('%s')",
				n->u.cls.conds.items[0].name.text);
		ok = false;
	}
	if (ok)
		cls_enforced(cx, r, FEATURES_RULE_USERNS);
	return ok;
}

/* ---- io_uring -------------------------------------------------------------------- */

static const char *const io_uring_words[] = { "sqpoll", "override_creds", NULL };

/* label= of an io_uring rule, written plainly or inside a conditional group. */
static bool io_uring_conds(struct check_ctx *cx, const struct ast_conds *cs,
			   const struct ast_cond **label)
{
	bool ok = true;
	for (size_t i = 0; i < cs->n; i++) {
		const struct ast_cond *c = &cs->items[i];
		if (strcmp(c->name.text, "label") != 0) {
			diag_error_hint(cx->diag, c->name.loc, "io_uring rules take only label=",
					"unknown io_uring conditional '%s'", c->name.text);
			ok = false;
		} else if (!cls_cond_single(cx, c, "io_uring") || !set_once(cx, label, c, "io_uring")) {
			ok = false;
		}
	}
	return ok;
}

bool check_io_uring_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const struct ast_cond *label = NULL;
	bool ok = cls_reject_owner(cx, r, "io_uring");
	ok = keyword_perms(cx, n, "io_uring", io_uring_words,
			   "io_uring permissions: sqpoll override_creds") && ok;
	ok = io_uring_conds(cx, &n->u.cls.conds, &label) && ok;
	/* upstream reads label= from a conditional group too, whatever its name */
	ok = io_uring_conds(cx, &n->u.cls.list_conds, &label) && ok;
	if (!ok || !cls_enforced(cx, r, FEATURES_RULE_IO_URING))
		return ok;
	return !label || cls_check_pattern(cx, &label->values.items[0], "io_uring label", false);
}

/* ---- all ------------------------------------------------------------------------ */

/*
 * 'all' stands for a rule of every class, file rules included; a priority
 * would have to be shared out among them and owner applies to few of them,
 * so upstream refuses both.
 */
bool check_all_rule(struct check_ctx *cx, struct policy_rule *r)
{
	if (!cls_reject_owner(cx, r, "'all'"))
		return false;
	if (r->prefix.has_priority && r->prefix.priority != 0) {
		diag_error(cx->diag, r->prefix.priority_loc, "priority is not allowed on 'all' rules");
		return false;
	}
	return true;
}
