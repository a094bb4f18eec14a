/*
 * lower_misc: the small policydb classes of newer kernels to rule entries
 * (binary-policy-format.md §4.6) — mqueue (POSIX and System V), userns and
 * io_uring — and their "mediates" markers.
 *
 * apparmor_parser 3.0.8 has none of these classes; the encodings follow
 * upstream's later parser, which the kernels that mediate them expect:
 *   userns    "\x15" with the create bit, and a read marker beside it;
 *   io_uring  "\x16" with the permissions, a read marker, and for
 *             override_creds "\x16" LABEL (any label when none is given);
 *   mqueue    POSIX "\x11" NAME "\0" LABEL, System V "\x12" KEY(BE32) "\0"
 *             LABEL; the permissions are also stored at the end of the name
 *             when no label is given (the kernel need not walk a label), and
 *             create with read/write is granted at the name for a label too
 *             (a queue has no label before it exists).
 * Each class is compiled only when the features in force mediate it; the
 * front end has warned about the others.
 */
#include "compile/lower.h"
#include "policy/check_cls.h"
#include "policy/perms.h"

#include <stdlib.h>
#include <string.h>


#define USERNS_CREATE 0x8u
#define IO_URING_OVERRIDE_CREDS 0x8u
#define IO_URING_SQPOLL 0x10u

/* mqueue permissions as written (cls_mqueue_perms); mapped by mq_map() */
#define MQ_CREATE 0x10u
#define MQ_DELETE 0x20u
#define MQ_OPEN 0x40u
#define MQ_SETATTR 0x100u
#define MQ_GETATTR 0x200u
#define MQ_ALL (AA_MAY_WRITE | AA_MAY_READ | MQ_CREATE | MQ_DELETE | MQ_OPEN | MQ_SETATTR | \
		MQ_GETATTR)
#define MQ_CREATE_PERMS (MQ_CREATE | AA_MAY_READ | AA_MAY_WRITE)

/* keywords only: these classes have no permission letters */
static const struct cls_perm_word userns_words[] = { { "create", USERNS_CREATE }, { NULL, 0 } };
static const struct cls_perm_spec userns_perms = { "userns", userns_words, 0, 0, NULL };
static const struct cls_perm_word io_uring_words[] = {
	{ "override_creds", IO_URING_OVERRIDE_CREDS }, { "sqpoll", IO_URING_SQPOLL }, { NULL, 0 },
};
static const struct cls_perm_spec io_uring_perms = { "io_uring", io_uring_words, 0, 0, NULL };

/* the low seven bits stay; getattr/setattr move up into the "other" half's slot */
static uint32_t mq_map(uint32_t p)
{
	return (p & 0x7fu) | ((p & (MQ_GETATTR | MQ_SETATTR)) << 6);
}

/* label=X, written plainly or inside a conditional group */
static const struct ast_cond *label_of(const struct policy_rule *r)
{
	const struct ast_cond *c = lower_find_cond(&r->node->u.cls.conds, "label");
	return c ? c : lower_find_cond(&r->node->u.cls.list_conds, "label");
}

/* ---- userns -------------------------------------------------------------------- */

void lower_userns_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	/* the class marker beside it comes with every profile (lower_markers) */
	uint32_t perms;
	if (lower_rule_perms(lx, r, &userns_perms, USERNS_CREATE, &perms))
		lower_add_rule(lx, lx->policydb, r, aut_byte(lx->policydb, CLASS_NS), perms);
}

/* ---- io_uring -------------------------------------------------------------------- */

void lower_io_uring_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	uint32_t perms;
	if (!lower_rule_perms(lx, r, &io_uring_perms, IO_URING_OVERRIDE_CREDS | IO_URING_SQPOLL,
			      &perms))
		return;
	struct aut_ruleset *rs = lx->policydb;
	lower_add_rule(lx, rs, r, aut_byte(rs, CLASS_IO_URING), perms);
	/* a marker with each rule: an unconfined profile's rules need it too */
	lower_class_marker(lx, CLASS_IO_URING);
	if (perms & IO_URING_OVERRIDE_CREDS) {
		/* the credentials' label follows the class byte directly */
		bool ok;
		struct aut_node *label = lower_label(lx, rs, label_of(r), "[^\\x00]*", &ok);
		if (ok)
			lower_add_rule(lx, rs, r, aut_cat(rs, aut_byte(rs, CLASS_IO_URING), label),
				       perms);
	}
}

/* ---- mqueue ------------------------------------------------------------------------ */

enum mq_kind { MQ_ANY, MQ_POSIX, MQ_SYSV };

/* the written type=, else what the name implies */
static enum mq_kind mq_kind_of(const struct policy_rule *r, const char *name)
{
	const struct ast_cond *t = lower_find_cond(&r->node->u.cls.conds, "type");
	if (t && t->values.n == 1)
		return strcmp(t->values.items[0].text, "sysv") == 0 ? MQ_SYSV : MQ_POSIX;
	if (!name)
		return MQ_ANY;
	return name[0] == '/' ? MQ_POSIX : MQ_SYSV;
}

/*
 * The three entries of one queue kind: perms at the name alone (no label
 * written), create-with-read/write at the name, and perms at name \0 label.
 */
static void mq_entries(struct lower_ctx *lx, const struct policy_rule *r, struct aut_node *name,
		       uint32_t perms)
{
	struct aut_ruleset *rs = lx->policydb;
	const struct ast_cond *lc = label_of(r);
	bool ok;
	struct aut_node *label = lower_label(lx, rs, lc, "[^\\x00]+", &ok);
	if (!ok || !name)
		return;
	if (!lc)
		lower_add_rule(lx, rs, r, name, mq_map(perms));
	if (perms & MQ_CREATE)
		lower_add_rule(lx, rs, r, name, mq_map(perms & MQ_CREATE_PERMS));
	lower_add_rule(lx, rs, r, aut_cat(rs, aut_cat(rs, name, aut_byte(rs, 0)), label),
		       mq_map(perms));
}

void lower_mqueue_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const struct ast_word *nw = n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL;
	const char *name = nw ? lower_expand(lx, nw) : NULL;
	if (nw && !name)
		return;
	enum mq_kind kind = mq_kind_of(r, name);
	bool posix = lx->sup->posix_mqueue, sysv = lx->sup->sysv_mqueue;
	if ((kind == MQ_POSIX && !posix) || (kind == MQ_SYSV && !sysv) || (!posix && !sysv))
		return;
	uint32_t perms;
	if (!lower_rule_perms(lx, r, &cls_mqueue_perms, MQ_ALL, &perms))
		return;
	struct aut_ruleset *rs = lx->policydb;
	if (kind != MQ_SYSV) {
		struct aut_node *head = aut_byte(rs, CLASS_POSIX_MQUEUE);
		struct aut_node *pat = name ? lower_glob(lx, rs, name, false, nw->loc)
					    : lower_regex(lx, rs, "[^\\x00]*");
		if (pat)
			mq_entries(lx, r, aut_cat(rs, head, pat), perms);
	}
	if (kind != MQ_POSIX) {
		struct aut_node *key;
		if (name) {
			/* a System V queue is named by its numeric key, big-endian */
			unsigned long k = strtoul(name, NULL, 10);
			unsigned char be[4] = { (unsigned char)(k >> 24), (unsigned char)(k >> 16),
						(unsigned char)(k >> 8), (unsigned char)k };
			key = aut_bytes(rs, (const char *)be, 4);
		} else {
			key = lower_regex(lx, rs, "....");
		}
		if (key)
			mq_entries(lx, r, aut_cat(rs, aut_byte(rs, CLASS_SYSV_MQUEUE), key), perms);
	}
}
