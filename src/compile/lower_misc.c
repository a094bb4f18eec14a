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
#include "features/features.h"

#include <stdlib.h>
#include <string.h>

#define CLASS_POSIX_MQUEUE 17
#define CLASS_SYSV_MQUEUE 18
#define CLASS_NS 21
#define CLASS_IO_URING 22

/* policydb permission bits (§4.4) */
#define MAY_WRITE 0x2u
#define MAY_READ 0x4u
#define USERNS_CREATE 0x8u
#define IO_URING_OVERRIDE_CREDS 0x8u
#define IO_URING_SQPOLL 0x10u

/* mqueue permissions as written; mapped to the policydb layout by mq_map() */
#define MQ_CREATE 0x10u
#define MQ_DELETE 0x20u
#define MQ_OPEN 0x40u
#define MQ_SETATTR 0x100u
#define MQ_GETATTR 0x200u
#define MQ_ALL (MAY_WRITE | MAY_READ | MQ_CREATE | MQ_DELETE | MQ_OPEN | MQ_SETATTR | MQ_GETATTR)
#define MQ_CREATE_PERMS (MQ_CREATE | MAY_READ | MAY_WRITE)

static bool supports(const struct lower_ctx *lx, const char *feature)
{
	return lx->opts->features && features_supports(lx->opts->features, feature);
}

/* the low seven bits stay; getattr/setattr move up into the "other" half's slot */
static uint32_t mq_map(uint32_t p)
{
	return (p & 0x7fu) | ((p & (MQ_GETATTR | MQ_SETATTR)) << 6);
}

static uint32_t mq_word(const char *w)
{
	static const struct { const char *word; uint32_t bits; } words[] = {
		{ "create", MQ_CREATE }, { "open", MQ_OPEN }, { "delete", MQ_DELETE },
		{ "read", MAY_READ }, { "write", MAY_WRITE },
		{ "getattr", MQ_GETATTR }, { "setattr", MQ_SETATTR },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w, words[i].word))
			return words[i].bits;
	/* the letters r and w, in any combination */
	uint32_t bits = 0;
	for (const char *c = w; *c; c++) {
		if (*c == 'r')
			bits |= MAY_READ;
		else if (*c == 'w')
			bits |= MAY_WRITE;
		else
			return 0;
	}
	return bits;
}

/* The permission words of a rule; all when none are written. */
static bool rule_perms(struct lower_ctx *lx, const struct policy_rule *r,
		       uint32_t (*word)(const char *), uint32_t all, uint32_t *out)
{
	const struct ast_words *ws = &r->node->u.cls.perms;
	*out = ws->n ? 0 : all;
	for (size_t i = 0; i < ws->n; i++) {
		uint32_t b = word(ws->items[i].text);
		if (!b) {
			lower_error(lx, ws->items[i].loc, "unknown %s permission '%s'",
				    ast_kind_name(r->node->kind), ws->items[i].text);
			return false;
		}
		*out |= b;
	}
	return true;
}

/* label=X (also inside a conditional group) as a pattern; any label if none */
static struct aut_node *label_cond(struct lower_ctx *lx, const struct policy_rule *r,
				   const char *any, bool *given, bool *ok)
{
	const struct ast_node *n = r->node;
	const struct ast_cond *c = lower_find_cond(&n->u.cls.conds, "label");
	if (!c)
		c = lower_find_cond(&n->u.cls.list_conds, "label");
	*given = c != NULL;
	*ok = true;
	if (!c)
		return lower_regex(lx, lx->policydb, any);
	const char *text = c->values.n == 1 ? lower_expand(lx, &c->values.items[0]) : NULL;
	struct aut_node *g = text ? lower_glob(lx, lx->policydb, text, false, c->values.items[0].loc)
				  : NULL;
	if (!g && c->values.n != 1)
		lower_error(lx, c->name.loc, "exactly one label is supported here");
	*ok = g != NULL;
	return g;
}

static void add(struct lower_ctx *lx, const struct policy_rule *r, struct aut_node *n,
		uint32_t perms)
{
	lower_add(lx, lx->policydb, n, lower_rule_mode(r), perms, lower_rule_audit(r, perms),
		  lower_rule_label(lx, r));
}

static void read_marker(struct lower_ctx *lx, unsigned char cls)
{
	lower_add(lx, lx->policydb, aut_byte(lx->policydb, cls), AUT_RULE_ALLOW, MAY_READ, 0,
		  "class marker");
}

/* ---- userns -------------------------------------------------------------------- */

static uint32_t userns_word(const char *w)
{
	return strcmp(w, "create") == 0 ? USERNS_CREATE : 0;
}

void lower_userns_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	uint32_t perms;
	if (!supports(lx, "namespaces/mask/userns_create") ||
	    !rule_perms(lx, r, userns_word, USERNS_CREATE, &perms))
		return;
	add(lx, r, aut_byte(lx->policydb, CLASS_NS), perms);
	read_marker(lx, CLASS_NS);
}

/* ---- io_uring -------------------------------------------------------------------- */

static uint32_t io_uring_word(const char *w)
{
	if (!strcmp(w, "override_creds"))
		return IO_URING_OVERRIDE_CREDS;
	if (!strcmp(w, "sqpoll"))
		return IO_URING_SQPOLL;
	return 0;
}

void lower_io_uring_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	uint32_t perms;
	if (!supports(lx, "io_uring") ||
	    !rule_perms(lx, r, io_uring_word, IO_URING_OVERRIDE_CREDS | IO_URING_SQPOLL, &perms))
		return;
	struct aut_ruleset *rs = lx->policydb;
	add(lx, r, aut_byte(rs, CLASS_IO_URING), perms);
	read_marker(lx, CLASS_IO_URING);
	if (perms & IO_URING_OVERRIDE_CREDS) {
		/* the credentials' label follows the class byte directly */
		bool given, ok;
		struct aut_node *label = label_cond(lx, r, "[^\\x00]*", &given, &ok);
		if (ok)
			add(lx, r, aut_cat(rs, aut_byte(rs, CLASS_IO_URING), label), perms);
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
	bool given, ok;
	struct aut_node *label = label_cond(lx, r, "[^\\x00]+", &given, &ok);
	if (!ok || !name)
		return;
	if (!given)
		add(lx, r, name, mq_map(perms));
	if (perms & MQ_CREATE)
		add(lx, r, name, mq_map(perms & MQ_CREATE_PERMS));
	add(lx, r, aut_cat(rs, aut_cat(rs, name, aut_byte(rs, 0)), label), mq_map(perms));
}

void lower_mqueue_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const struct ast_word *nw = n->u.cls.ids.n ? &n->u.cls.ids.items[0] : NULL;
	const char *name = nw ? lower_expand(lx, nw) : NULL;
	if (nw && !name)
		return;
	enum mq_kind kind = mq_kind_of(r, name);
	bool posix = supports(lx, "ipc/posix_mqueue"), sysv = supports(lx, "ipc/sysv_mqueue");
	if ((kind == MQ_POSIX && !posix) || (kind == MQ_SYSV && !sysv) || (!posix && !sysv))
		return;
	uint32_t perms;
	if (!rule_perms(lx, r, mq_word, MQ_ALL, &perms))
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

/* ---- markers -------------------------------------------------------------------------- */

void lower_misc_markers(struct lower_ctx *lx)
{
	/* userns mediation is announced even by unconfined profiles */
	if (supports(lx, "namespaces/mask/userns_create"))
		read_marker(lx, CLASS_NS);
	if (lx->p->flags.mode == PROFILE_MODE_UNCONFINED)
		return;
	if (supports(lx, "ipc/posix_mqueue"))
		read_marker(lx, CLASS_POSIX_MQUEUE);
	if (supports(lx, "ipc/sysv_mqueue"))
		read_marker(lx, CLASS_SYSV_MQUEUE);
	if (supports(lx, "io_uring"))
		read_marker(lx, CLASS_IO_URING);
}
