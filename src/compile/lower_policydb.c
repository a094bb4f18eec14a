/*
 * lower_policydb: the policydb classes to rule entries (binary-policy-format
 * §4.4, §4.6) — signal, ptrace, network (the network_v8 encoding, or the
 * old net_allowed_af array the caller copies into the profile) — and the
 * per-class "mediates" markers that tell the kernel a class is enforced.
 *
 * Strings fed to the policydb start with the class byte; labels are glob
 * patterns; what is not named matches any non-empty label. Network rules
 * follow apparmor_parser 3.0.8: they accumulate a socket-type mask per
 * address family, and every (family, type) pair in the mask becomes one
 * entry "\x0e family(BE16) type(BE16)" with all socket permissions (or one
 * entry "\x0e family(BE16) .." for all types, see net_entries()).
 */
#include "compile/lower.h"
#include "features/features.h"
#include "policy/check_cls.h"
#include "policy/check_network_tables.h"
#include "policy/names.h"

#include <stdio.h>
#include <string.h>


#define NET_AF_MAX 46            /* apparmor_parser 3.0.8's AF_MAX */
#define NET_ALL_TYPES 0xffffffffu  /* every type, also beyond the 16 type bits */
#define NET_FAMILY_TYPES ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 10))
/* every socket permission, mapped to the policydb layout (§4.4) */
#define NET_ALL_PERMS 0x1fc076u

/* the peer label: peer=X (or peer=(label=X)), as a pattern; any label if none */
static struct aut_node *peer_label(struct lower_ctx *lx, const struct policy_rule *r, bool *ok)
{
	const struct ast_node *n = r->node;
	const struct ast_cond *c = lower_find_cond(&n->u.cls.conds, "peer");
	if (!c && n->u.cls.list_name.text && strcmp(n->u.cls.list_name.text, "peer") == 0)
		c = lower_find_cond(&n->u.cls.list_conds, "label");
	return lower_label(lx, lx->policydb, c, "[^\\x00]+", ok);
}

void lower_signal_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	uint32_t perms;
	if (!lower_rule_perms(lx, r, &cls_signal_perms, AA_MAY_READ | AA_MAY_WRITE, &perms))
		return;
	struct aut_ruleset *rs = lx->policydb;
	struct aut_node *head;
	const struct ast_cond *set = lower_find_cond(&n->u.cls.conds, "set");
	if (set) {
		uint64_t bits[4] = { 0, 0, 0, 0 };
		for (size_t i = 0; i < set->values.n; i++) {
			int s = signal_rule_number(set->values.items[i].text);
			if (s < 0 || s > 255) {
				lower_error(lx, set->values.items[i].loc, "unknown signal '%s'",
					    set->values.items[i].text);
				return;
			}
			bits[s / 64] |= 1ull << (s % 64);
		}
		head = aut_cat(rs, aut_byte(rs, CLASS_SIGNAL), aut_charset(rs, bits));
	} else {
		head = lower_regex(lx, rs, "(\\x10\\x0a|\\x0a.)");
	}
	bool ok;
	struct aut_node *peer = peer_label(lx, r, &ok);
	if (!ok || !head)
		return;
	lower_add_rule(lx, rs, r, aut_cat(rs, head, peer), perms);
}

void lower_ptrace_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	uint32_t perms;
	if (!lower_rule_perms(lx, r, &cls_ptrace_perms, 0x1e, &perms))
		return;
	struct aut_ruleset *rs = lx->policydb;
	struct aut_node *head = lower_regex(lx, rs, "(\\x10|)\\x09");
	bool ok;
	struct aut_node *peer = peer_label(lx, r, &ok);
	if (!ok || !head)
		return;
	lower_add_rule(lx, rs, r, aut_cat(rs, head, peer), perms);
}

int lower_socket_type(const char *w)
{
	static const struct { const char *name; int type; } types[] = {
		{ "stream", 1 }, { "dgram", 2 }, { "raw", 3 }, { "rdm", 4 },
		{ "seqpacket", 5 }, { "dccp", 6 }, { "packet", 10 },
		{ "tcp", 1 }, { "udp", 2 },
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, w))
			return types[i].type;
	return -1;
}

void lower_network_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	/*
	 * Permissions and conditionals (a newer language) cannot be expressed
	 * in the network_v8 encoding: the rule is enforced on its family and
	 * type only, as the front end has warned ("not enforced").
	 */
	int af = -1;
	uint32_t types = NET_ALL_TYPES;
	bool type_given = false;
	for (size_t i = 0; i < n->u.cls.ids.n; i++) {
		const char *w = n->u.cls.ids.items[i].text;
		int d = net_domain_number(w);
		if (d >= 0 && af < 0 && i == 0) {
			af = d;
			continue;
		}
		int t = lower_socket_type(w);
		if (t < 0) {
			lower_error(lx, n->u.cls.ids.items[i].loc,
				    "'%s' is not a socket type the compiler can encode", w);
			return;
		}
		types = 1u << t;
		type_given = true;
	}
	/* a family alone means its usual socket types (3.0.8: stream, dgram,
	 * raw, rdm, seqpacket and packet; not dccp, not type 0) */
	if (af >= 0 && !type_given)
		types = NET_FAMILY_TYPES;
	if (af >= NET_AF_MAX) {
		lower_error(lx, n->loc, "address family beyond the kernel's network_v8 table");
		return;
	}
	/* the AF_UNIX part is also a unix rule (af_unix mediation) */
	if (af < 0)
		lower_unix_network_rule(lx, r, type_given ? __builtin_ctz(types) : -1);
	else if (af == 1)
		for (int t = 0; t < 16; t++)
			if (types & (1u << t))
				lower_unix_network_rule(lx, r, t);
	for (int f = 0; f < NET_AF_MAX; f++) {
		if (af >= 0 && f != af)
			continue;
		/* a type without a family goes to every family 3.0.8 has a name
		 * for, which leaves out AF_DECnet (12) */
		if (af < 0 && type_given && f == 12)
			continue;
		lower_network_add(lx, r, f, types);
	}
}

void lower_network_add(struct lower_ctx *lx, const struct policy_rule *r, int af, uint32_t types)
{
	lx->has_network = true;
	if (r->prefix.mode == RULE_MODE_DENY) {
		lx->net_deny[af] |= types;
		if (!r->prefix.audit)
			lx->net_quiet[af] |= types;
	} else {
		lx->net_allow[af] |= types;
		if (r->prefix.audit)
			lx->net_audit[af] |= types;
	}
}

/*
 * apparmor_parser 3.0.8 encodes network rules as policydb entries when the
 * kernel has network_v8; a kernel with only the old "network" feature gets
 * the profile's net_allowed_af array instead (§2.3 #20); a kernel with
 * neither mediates no network access, and the rules are left out (the front
 * end has warned). Without features, the network_v8 encoding.
 */
enum lower_net_format lower_network_format(const struct lower_ctx *lx)
{
	if (!lx->opts->features || lx->sup->network_v8 || lx->sup->network_v9)
		return LOWER_NET_V8;
	if (lx->sup->network)
		return LOWER_NET_OLD;
	return LOWER_NET_NONE;
}

/*
 * The entries of one family's allow (or deny) mask, as 3.0.8 writes them:
 * a mask of every type (beyond the 16 type bits) whose audit (quiet) mask is
 * also complete becomes one entry matching any type; otherwise each of the
 * 16 type bits is an entry of its own, audited (quiet) by its own bit.
 */
static void net_entries(struct lower_ctx *lx, int f, uint32_t mask, uint32_t audit,
			enum aut_rule_mode mode)
{
	struct aut_ruleset *rs = lx->policydb;
	unsigned char key[5] = { CLASS_NETV8, (unsigned char)(f >> 8), (unsigned char)f, 0, 0 };
	if (mask > 0xffff && audit > 0xffff) {
		struct aut_node *k = aut_cat(rs, aut_bytes(rs, key, 3),
					     aut_cat(rs, aut_any(rs), aut_any(rs)));
		lower_add(lx, rs, k, mode, NET_ALL_PERMS, NET_ALL_PERMS, "network rules");
		return;
	}
	for (int t = 0; t < 16; t++) {
		uint32_t bit = 1u << t;
		if (!(mask & bit))
			continue;
		key[4] = (unsigned char)t;
		lower_add(lx, rs, aut_bytes(rs, key, sizeof(key)), mode, NET_ALL_PERMS,
			  (audit & bit) ? NET_ALL_PERMS : 0, "network rules");
	}
}

void lower_network_finish(struct lower_ctx *lx)
{
	/* the old format is copied into the profile by the caller */
	if (!lx->has_network || lower_network_format(lx) != LOWER_NET_V8)
		return;
	for (int f = 0; f < NET_AF_MAX; f++) {
		net_entries(lx, f, lx->net_allow[f], lx->net_audit[f], AUT_RULE_ALLOW);
		net_entries(lx, f, lx->net_deny[f], lx->net_quiet[f], AUT_RULE_DENY);
	}
}

void lower_class_marker(struct lower_ctx *lx, unsigned char cls)
{
	lower_add(lx, lx->policydb, aut_byte(lx->policydb, cls), AUT_RULE_ALLOW, AA_MAY_READ, 0,
		  "class marker");
}

void lower_markers(struct lower_ctx *lx)
{
	const struct features_support *s = lx->sup;
	/* userns mediation is announced even by unconfined profiles */
	if (s->userns)
		lower_class_marker(lx, CLASS_NS);
	if (lx->p->flags.mode == PROFILE_MODE_UNCONFINED || !lx->opts->features)
		return;
	if (s->abi_version > 5)
		lower_class_marker(lx, CLASS_FILE);
	if (s->mount)
		lower_class_marker(lx, CLASS_MOUNT);
	if (s->dbus)
		lower_class_marker(lx, CLASS_DBUS);
	if (s->signal)
		lower_class_marker(lx, CLASS_SIGNAL);
	if (s->ptrace)
		lower_class_marker(lx, CLASS_PTRACE);
	if (s->network_v8)
		lower_class_marker(lx, CLASS_NETV8);
	if (s->network_unix) {
		/* 3.0.8's af_unix markers: the NET class byte, and the bytes
		 * '4' NUL '1' (its text "4\0001" lacks the \d of a class
		 * byte, so it is not the intended C4 \0 C1; no kernel looks it
		 * up, it is kept for identical DFAs) */
		lower_class_marker(lx, CLASS_NET);
		lower_add(lx, lx->policydb, aut_bytes(lx->policydb, "4\0" "1", 3), AUT_RULE_ALLOW,
			  AA_MAY_READ, 0, "class marker");
	}
	/* the classes of newer kernels (lower_misc.c; 3.0.8 has none of them) */
	if (s->posix_mqueue)
		lower_class_marker(lx, CLASS_POSIX_MQUEUE);
	if (s->sysv_mqueue)
		lower_class_marker(lx, CLASS_SYSV_MQUEUE);
	if (s->io_uring)
		lower_class_marker(lx, CLASS_IO_URING);
}
