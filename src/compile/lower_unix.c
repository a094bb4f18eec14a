/*
 * lower_unix: unix rules, with apparmor_parser 3.0.8's encoding (its
 * af_unix.cc; binary-policy-format.md §4.6).
 *
 * Every allow rule is first downgraded to 'network unix [type]' in the
 * profile's per-family network masks (3.0.8 always does, so that the policy
 * still means something on a kernel without af_unix mediation; a deny rule
 * cannot be downgraded, since a coarser deny would take away more than the
 * rule says). When the kernel has "network/af_unix", the rule is then also
 * encoded as policydb entries:
 *
 *   C AF_UNIX(BE16) type(BE16 or ..) proto(..)              create
 *   ... \0 label \0                                           bind, no address
 *   ... addr \0 label \0                                      other local perms
 *   ... addr \0 label \0 \x02 ..                              listen
 *   ... addr \0 label \0 \x04 ..                              get/setopt
 *   ... addr \0 label \0 \x01 peer_addr \0 peer_label         send receive
 *                                                             connect accept
 * with C = 14 (network_v8) or 4 (NET); addr: none -> \x01, auto ->
 * \0[0-9a-f]{5}, @name -> \0 name (a glob whose wildcards match NUL),
 * absent -> any bytes; a label absent -> [^\0]*. Permissions are mapped to
 * the policydb layout (§4.4).
 */
#include "compile/lower.h"
#include "features/features.h"
#include "policy/check_network_tables.h"

#include <string.h>

#define AF_UNIX_NUM 1
#define NET_ALL_TYPES 0xffffffffu  /* every type, also beyond the 16 type bits */

#define NET_VALID_PERMS (NET_PERM_SEND | NET_PERM_RECEIVE | NET_PERM_CREATE | NET_PERM_SHUTDOWN | \
			 NET_PERM_CONNECT | NET_PERM_SETATTR | NET_PERM_GETATTR | NET_PERM_BIND | \
			 NET_PERM_ACCEPT | NET_PERM_LISTEN | NET_PERM_SETOPT | NET_PERM_GETOPT)
#define NET_LOCAL_PERMS (NET_PERM_CREATE | NET_PERM_SHUTDOWN | NET_PERM_SETATTR | NET_PERM_GETATTR | \
			 NET_PERM_BIND | NET_PERM_ACCEPT | NET_PERM_LISTEN | NET_PERM_SETOPT | \
			 NET_PERM_GETOPT)
#define NET_OPT_PERMS (NET_PERM_SETOPT | NET_PERM_GETOPT)
#define NET_LOCAL_CMD_PERMS (NET_PERM_LISTEN | NET_OPT_PERMS)
#define NET_PEER_PERMS (NET_VALID_PERMS & (~NET_LOCAL_PERMS | NET_PERM_ACCEPT))

#define CMD_ADDR 1
#define CMD_LISTEN 2
#define CMD_OPT 4

/* Socket permissions in the policydb layout (§4.4). */
static uint32_t map_perms(uint32_t p)
{
	return (p & 0x7f) | ((p & (NET_PERM_GETATTR | NET_PERM_SETATTR)) << 6) |
	       ((p & (NET_PERM_ACCEPT | NET_PERM_BIND | NET_PERM_LISTEN)) >> 4) |
	       ((p & (NET_PERM_SETOPT | NET_PERM_GETOPT)) >> 5);
}

/* The rule's permissions; all of them when none are written. */
static bool unix_perms(struct lower_ctx *lx, const struct ast_node *n, uint32_t *out)
{
	const struct ast_words *w = &n->u.cls.perms;
	uint32_t p = 0;
	for (size_t i = 0; i < w->n; i++) {
		const char *t = w->items[i].text;
		uint32_t b = net_perm_word(t);
		if (!b) {
			for (size_t k = 0; t[k]; k++) {
				if (t[k] == 'r' || t[k] == 'R') {
					b |= NET_PERM_RECEIVE;
				} else if (t[k] == 'w' || t[k] == 'W') {
					b |= NET_PERM_SEND;
				} else {
					b = 0;
					break;
				}
			}
		}
		if (!b) {
			lower_error(lx, w->items[i].loc, "unknown unix permission '%s'", t);
			return false;
		}
		p |= b;
	}
	*out = w->n ? p : NET_VALID_PERMS;
	return true;
}

struct unix_fields {
	const struct ast_word *type, *addr, *peer_addr, *peer_label;
};

static bool take(struct lower_ctx *lx, const struct ast_cond *c, const struct ast_word **slot)
{
	if (c->values.n != 1 || *slot) {
		lower_error(lx, c->name.loc, "the unix conditional '%s' takes exactly one value",
			    c->name.text);
		return false;
	}
	*slot = &c->values.items[0];
	return true;
}

static bool unix_fields(struct lower_ctx *lx, const struct ast_node *n, struct unix_fields *u)
{
	memset(u, 0, sizeof(*u));
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		const char *name = c->name.text;
		bool ok;
		if (!strcmp(name, "type"))
			ok = take(lx, c, &u->type);
		else if (!strcmp(name, "addr"))
			ok = take(lx, c, &u->addr);
		else {
			lower_error(lx, c->name.loc, "the unix conditional '%s' cannot be compiled", name);
			ok = false;
		}
		if (!ok)
			return false;
	}
	if (n->u.cls.list_name.text && strcmp(n->u.cls.list_name.text, "peer") != 0) {
		lower_error(lx, n->u.cls.list_name.loc, "unix rules have no '%s=(...)' group",
			    n->u.cls.list_name.text);
		return false;
	}
	for (size_t i = 0; i < n->u.cls.list_conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.list_conds.items[i];
		const char *name = c->name.text;
		bool ok;
		if (!strcmp(name, "addr"))
			ok = take(lx, c, &u->peer_addr);
		else if (!strcmp(name, "label"))
			ok = take(lx, c, &u->peer_label);
		else {
			lower_error(lx, c->name.loc,
				    "the unix peer conditional '%s' cannot be compiled", name);
			ok = false;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* The socket type mask of the rule for the downgrade, and its number (-1: any). */
static bool unix_type(struct lower_ctx *lx, const struct unix_fields *u, int *type)
{
	*type = -1;
	if (!u->type)
		return true;
	int t = lower_socket_type(u->type->text);
	if (t < 0 || t > 15) {
		lower_error(lx, u->type->loc, "unknown socket type '%s'", u->type->text);
		return false;
	}
	*type = t;
	return true;
}

/* 'unix' as 'network unix [type]' in the profile's network masks. */
static void downgrade(struct lower_ctx *lx, const struct policy_rule *r, int type)
{
	if (r->prefix.mode == RULE_MODE_DENY)
		return;
	lower_network_add(lx, r, AF_UNIX_NUM, type < 0 ? NET_ALL_TYPES : 1u << type);
}

/* An address: none, auto, @pattern, or (absent) anything; then the \0. */
static struct aut_node *unix_addr(struct lower_ctx *lx, const struct ast_word *w)
{
	struct aut_ruleset *rs = lx->policydb;
	struct aut_node *a;
	if (!w) {
		a = aut_star(rs, aut_any(rs));
	} else {
		const char *text = lower_expand(lx, w);
		if (!text)
			return NULL;
		if (!strcmp(text, "none")) {
			a = aut_byte(rs, 0x01);
		} else if (!strcmp(text, "auto")) {
			static const uint64_t hex[4] = { 0x03ff000000000000ull, 0x0000007e00000000ull, 0, 0 };
			a = aut_byte(rs, 0);
			for (int i = 0; i < 5; i++)
				a = aut_cat(rs, a, aut_charset(rs, hex));
		} else {
			if (!text[0]) {
				lower_error(lx, w->loc, "the unix address is empty after variable expansion");
				return NULL;
			}
			/* the address is slash-filtered as a whole; its first
			 * character is taken for the '@' of an abstract name */
			char *buf = arena_printf(lx->arena, "%s", text);
			aut_filter_slashes(buf);
			struct aut_node *g;
			struct aut_error err;
			if (aut_glob(rs, buf + 1, SIZE_MAX, AUT_GLOB_NULL, &g, NULL, &err)) {
				lower_error(lx, w->loc, "%s", err.msg);
				return NULL;
			}
			a = aut_cat(rs, aut_byte(rs, 0), g);
		}
	}
	return aut_cat(rs, a, aut_byte(rs, 0));
}

/* A label pattern; any label ([^\0]*) when absent. */
static struct aut_node *unix_label(struct lower_ctx *lx, const struct ast_word *w)
{
	struct aut_ruleset *rs = lx->policydb;
	if (!w)
		return aut_star(rs, aut_any_but_nul(rs));
	const char *text = lower_expand(lx, w);
	return text ? lower_glob(lx, rs, text, false, w->loc) : NULL;
}

static void add(struct lower_ctx *lx, const struct policy_rule *r, struct aut_node *n,
		uint32_t perms, uint32_t audit)
{
	lower_add(lx, lx->policydb, n, lower_rule_mode(r), map_perms(perms), map_perms(audit),
		  lower_rule_label(lx, r));
}

/* A command byte and two bytes of any value (the untested option). */
static struct aut_node *cmd(struct aut_ruleset *rs, unsigned char c)
{
	return aut_cat(rs, aut_byte(rs, c), aut_cat(rs, aut_any(rs), aut_any(rs)));
}

/* audit: the audit bits of an allow rule, the quiet bits of a deny rule */
static void fine_grained(struct lower_ctx *lx, const struct policy_rule *r,
			 const struct unix_fields *u, int type, uint32_t mode, uint32_t audit)
{
	struct aut_ruleset *rs = lx->policydb;
	bool peer = u->peer_addr || u->peer_label;
	uint32_t mask = mode;

	unsigned char head[7] = { lx->sup->network_v8 ? CLASS_NETV8 : CLASS_NET,
				  0, AF_UNIX_NUM, 0, (unsigned char)(type < 0 ? 0 : type) };
	struct aut_node *h = aut_bytes(rs, head, 3);
	h = aut_cat(rs, h, type < 0 ? aut_cat(rs, aut_any(rs), aut_any(rs)) : aut_bytes(rs, head + 3, 2));
	h = aut_cat(rs, h, aut_cat(rs, aut_any(rs), aut_any(rs)));      /* protocol: any */

	if ((mask & NET_PERM_CREATE) && !peer) {
		add(lx, r, h, NET_PERM_CREATE, audit & NET_PERM_CREATE);
		mask &= ~NET_PERM_CREATE;
	}
	const char *addr_text = NULL;
	if (u->addr && !(addr_text = lower_expand(lx, u->addr)))
		return;
	bool addr_auto = addr_text && !strcmp(addr_text, "auto");
	if ((mask & NET_PERM_BIND) && (!u->addr || addr_auto)) {
		/* binding without an address (autobind): an empty address */
		struct aut_node *label = unix_label(lx, NULL);
		add(lx, r,
		    aut_cat(rs, aut_cat(rs, h, aut_byte(rs, 0)), aut_cat(rs, label, aut_byte(rs, 0))),
		    NET_PERM_BIND, audit & NET_PERM_BIND);
		if (u->addr)
			mask &= ~NET_PERM_BIND;
	}
	if (mask) {
		struct aut_node *addr = unix_addr(lx, u->addr);
		struct aut_node *label = unix_label(lx, NULL);
		if (!addr || !label)
			return;
		h = aut_cat(rs, aut_cat(rs, h, addr), aut_cat(rs, label, aut_byte(rs, 0)));
		uint32_t local = peer ? NET_PERM_ACCEPT : NET_LOCAL_PERMS & ~NET_LOCAL_CMD_PERMS;
		if (mask & local)
			add(lx, r, h, mask & local, audit & local);
		if ((mask & NET_PERM_LISTEN) && !peer)
			add(lx, r, aut_cat(rs, h, cmd(rs, CMD_LISTEN)), NET_PERM_LISTEN,
			    audit & NET_PERM_LISTEN);
		if ((mask & NET_OPT_PERMS) && !peer)
			add(lx, r, aut_cat(rs, h, cmd(rs, CMD_OPT)), mask & NET_OPT_PERMS,
			    audit & NET_OPT_PERMS);
		mask &= ~NET_LOCAL_PERMS | NET_PERM_ACCEPT;
	}
	if (mask & NET_PEER_PERMS) {
		struct aut_node *addr = unix_addr(lx, u->peer_addr);
		struct aut_node *label = unix_label(lx, u->peer_label);
		if (!addr || !label)
			return;
		h = aut_cat(rs, aut_cat(rs, h, aut_byte(rs, CMD_ADDR)), aut_cat(rs, addr, label));
		/* 3.0.8 passes the whole audit mask here, not only the peer bits */
		add(lx, r, h, mode & NET_PEER_PERMS, audit);
	}
}

void lower_unix_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct unix_fields u;
	uint32_t mode;
	int type;
	if (!unix_perms(lx, n, &mode) || !unix_fields(lx, n, &u) || !unix_type(lx, &u, &type))
		return;
	downgrade(lx, r, type);
	if (lx->sup->network_unix) {
		bool deny = r->prefix.mode == RULE_MODE_DENY;
		fine_grained(lx, r, &u, type, mode, r->prefix.audit != deny ? mode : 0);
		return;
	}
	if (lx->sup->network_v9_unix)
		/* apparmor_parser 3.0.8 predates network_v9: it would downgrade
		 * the rule, which the front end did not announce */
		lower_error(lx, n->loc,
			    "confine cannot compile unix rules for network_v9 af_unix mediation yet");
	/* otherwise the downgrade is all (or, without network mediation, the
	 * rule is not enforced: the front end has warned) */
}

/*
 * 3.0.8 turns the AF_UNIX part of a network rule into a unix rule with every
 * socket permission (which is then downgraded again, to the same network
 * bits). Its audit word is then the audit prefix alone, even for a deny
 * rule: 'deny network unix' is not quiet there, 'audit deny' is.
 */
void lower_unix_network_rule(struct lower_ctx *lx, const struct policy_rule *r, int type)
{
	if (!lx->sup->network_unix)
		return;
	struct unix_fields u;
	memset(&u, 0, sizeof(u));
	fine_grained(lx, r, &u, type, NET_VALID_PERMS, r->prefix.audit ? NET_VALID_PERMS : 0);
}
