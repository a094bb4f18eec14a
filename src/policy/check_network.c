/*
 * check_network: semantic checks of network and unix rules (socket
 * mediation).
 *
 * Owns what apparmor_parser accepts in these rules beyond their syntax:
 *   - the permission words and which of them may be combined with peer=(...)
 *     (only send, receive, connect and accept involve the peer);
 *   - network: the domain/type words, the ip= port= interface= label=
 *     conditionals and their values, and that ip/port apply to inet and
 *     inet6 sockets only;
 *   - unix: the addr= type= label= conditionals, on which side each may
 *     appear, and the address and label patterns after variable expansion;
 *   - the qualifiers the classes refuse (owner; priority on network rules);
 *   - warnings for rules the features in force cannot enforce fully (upstream
 *     warns and downgrades rather than failing).
 * Does not own the syntax (lang/parser.c) nor the vocabularies
 * (check_network_tables.c).
 *
 * Like upstream, network rule values are taken literally (variables are not
 * expanded in network rules), while unix addr= and label= values are
 * expanded before their patterns are checked.
 */
#include "policy/check.h"
#include "policy/check_network_tables.h"
#include "automata/automata.h"
#include "features/features.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- shared helpers --------------------------------------------------------- */

/* The position of one character of a word, when the word is spelled as written. */
static struct source_loc char_loc(const struct ast_word *w, size_t off)
{
	struct source_loc loc = w->loc;
	if (!w->quoted && w->len == loc.len && off < w->len) {
		loc.col += (unsigned)off;
		loc.len = 1;
	}
	return loc;
}

static bool has_var(const char *s)
{
	return strstr(s, "@{") != NULL;
}

/*
 * Check an AppArmor pattern by converting it as the compiler will; flags as
 * for aut_glob (AUT_GLOB_NULL for unix addresses).
 */
static bool pattern_ok(struct check_ctx *cx, const struct ast_word *w, const char *text,
		       unsigned flags, const char *what, const char *hint)
{
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *node;
	struct aut_error err;
	memset(&err, 0, sizeof(err));
	int rc = aut_glob(rs, text, SIZE_MAX, flags, &node, NULL, &err);
	aut_ruleset_free(rs);
	if (rc == 0)
		return true;
	/* the converter's message repeats the pattern; keep only its reason */
	const char *reason = strstr(err.msg, "': ");
	reason = reason ? reason + 3 : err.msg;
	diag_error_hint(cx->diag, w->loc, hint, "invalid %s '%s': %s", what, text, reason);
	return false;
}

static bool check_prefix(struct check_ctx *cx, const struct policy_rule *r, const char *cls,
			 bool priority_ok)
{
	bool ok = true;
	if (r->prefix.owner != OWNER_UNSPEC) {
		diag_error_hint(cx->diag, r->prefix.owner_loc,
				"owner and other select by file ownership and apply only to file rules",
				"'%s' does not apply to %s rules",
				r->prefix.owner == OWNER_OWNER ? "owner" : "other", cls);
		ok = false;
	}
	if (!priority_ok && r->prefix.has_priority) {
		diag_error_hint(cx->diag, r->prefix.priority_loc,
				"priority= is accepted on unix rules but not on network rules",
				"priority is not supported on %s rules", cls);
		ok = false;
	}
	return ok;
}

/* ---- permissions -------------------------------------------------------------- */

struct sock_perms {
	uint32_t bits;                       /* 0: none written, i.e. all */
	const struct ast_word *first_local;  /* first word naming a local-only permission */
};

/* Permission letters ("r", "rw", "W"): the only letters sockets know are r and w. */
static bool perm_letters(struct check_ctx *cx, const struct ast_word *w, const char *cls,
			 uint32_t *bits, bool *upper)
{
	for (size_t i = 0; w->text[i]; i++) {
		char c = w->text[i];
		char lc = (char)tolower((unsigned char)c);
		if (lc != 'r' && lc != 'w') {
			diag_error_hint(cx->diag, char_loc(w, i), net_perm_words_hint,
					"invalid %s permission '%s'", cls, w->text);
			return false;
		}
		*upper |= c != lc;
		*bits |= lc == 'r' ? NET_PERM_RECEIVE : NET_PERM_SEND;
	}
	return true;
}

static bool parse_sock_perms(struct check_ctx *cx, const struct ast_node *n, const char *cls,
			     struct sock_perms *out)
{
	const struct ast_words *pw = &n->u.cls.perms;
	bool ok = true, upper = false;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < pw->n; i++) {
		const struct ast_word *w = &pw->items[i];
		uint32_t bit = net_perm_word(w->text);
		if (!bit) {
			ok = perm_letters(cx, w, cls, &out->bits, &upper) && ok;
			continue;
		}
		out->bits |= bit;
		if ((bit & ~NET_PERMS_PEER) && !out->first_local)
			out->first_local = w;
	}
	if (ok && upper)
		diag_warn(cx->diag, WARN_DEPRECATED, pw->items[0].loc,
			  "uppercase permission letters are deprecated; use lowercase r and w");
	return ok;
}

/* Local-only permissions (create, bind, listen, ...) cannot have a peer. */
static bool check_peer_perms(struct check_ctx *cx, const struct ast_node *n,
			     const struct sock_perms *p, bool has_peer, const char *cls)
{
	if (!has_peer || !(p->bits & ~NET_PERMS_PEER))
		return true;
	struct source_loc loc = p->first_local ? p->first_local->loc : n->loc;
	diag_error_hint(cx->diag, loc,
			"with peer=(...) only send, receive, connect and accept apply; "
			"put the local permissions in a rule of their own",
			"'%s' acts on the local socket and cannot be used in a %s rule with peer conditionals",
			p->first_local ? p->first_local->text : "permission", cls);
	return false;
}

/* ---- conditionals: common parts --------------------------------------------- */

/* The one value of a name=value conditional, or an error for name alone. */
static const struct ast_word *cond_value(struct check_ctx *cx, const struct ast_cond *c,
					 const char *cls)
{
	if (c->op == COND_BARE || c->values.n == 0) {
		diag_error_hint(cx->diag, c->name.loc, "write name=value",
				"%s conditional '%s' needs a value", cls, c->name.text);
		return NULL;
	}
	return &c->values.items[0];
}

static bool set_once(struct check_ctx *cx, const struct ast_cond **slot, const struct ast_cond *c,
		     const char *name, bool peer)
{
	if (*slot) {
		diag_error(cx->diag, c->name.loc, "'%s' is given more than once%s", name,
			   peer ? " in peer=(...)" : "");
		diag_note(cx->diag, (*slot)->name.loc, "first given here");
		return false;
	}
	*slot = c;
	return true;
}

static bool check_list_name(struct check_ctx *cx, const struct ast_node *n, const char *cls)
{
	const struct ast_word *ln = &n->u.cls.list_name;
	if (!ln->text || strcmp(ln->text, "peer") == 0)
		return true;
	diag_error_hint(cx->diag, ln->loc, "the only conditional group of these rules is peer=(...)",
			"%s rules have no '%s=(...)' group", cls, ln->text);
	return false;
}

/* ---- network: conditional values ---------------------------------------------- */

static bool ip_value_ok(const char *s)
{
	unsigned char buf[16];
	return strcmp(s, "none") == 0 || inet_pton(AF_INET6, s, buf) == 1 ||
	       inet_pton(AF_INET, s, buf) == 1;
}

/*
 * One port number, read the way the C library's strtoul reads base 10
 * (apparmor_parser's reader): leading blanks and a sign are accepted, and a
 * negated number wraps around, so only "-0" survives the 0..65535 bound.
 */
static bool port_number(const char *s, size_t len, unsigned *out)
{
	size_t i = 0;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	bool neg = i < len && s[i] == '-';
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i == len)
		return false;
	unsigned long v = 0;
	for (; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return false;
	}
	if (neg && v != 0)
		return false;
	*out = (unsigned)v;
	return true;
}

/* port=N or port=LOW-HIGH; reason says what is wrong. */
static bool port_value_ok(const char *s, const char **reason)
{
	unsigned lo, hi;
	const char *dash = strchr(s, '-');
	if (dash && port_number(s, (size_t)(dash - s), &lo) &&
	    port_number(dash + 1, strlen(dash + 1), &hi)) {
		if (lo <= hi)
			return true;
		*reason = "the range ends before it begins";
		return false;
	}
	if (port_number(s, strlen(s), &lo))
		return true;
	*reason = "expected a number from 0 to 65535 or a range LOW-HIGH";
	return false;
}

static bool ip_cond_ok(struct check_ctx *cx, const struct ast_word *v)
{
	if (ip_value_ok(v->text))
		return true;
	diag_error_hint(cx->diag, v->loc,
			has_var(v->text)
				? "variables are not expanded in network rules"
				: "ip= takes one IPv4 address (127.0.0.1), one IPv6 address (::1) or none; "
				  "ranges and prefixes are not supported",
			"invalid ip address '%s'", v->text);
	return false;
}

static bool port_cond_ok(struct check_ctx *cx, const struct ast_word *v)
{
	const char *reason;
	if (port_value_ok(v->text, &reason))
		return true;
	diag_error_hint(cx->diag, v->loc,
			has_var(v->text) ? "variables are not expanded in network rules"
					 : "ports are 0 to 65535; a range is written port=1024-2048",
			"invalid port '%s': %s", v->text, reason);
	return false;
}

static bool iface_cond_ok(struct check_ctx *cx, const struct ast_word *v)
{
	if (has_var(v->text)) {
		diag_error_hint(cx->diag, v->loc, "variables are not expanded in network rules",
				"invalid interface '%s'", v->text);
		return false;
	}
	return pattern_ok(cx, v, v->text, 0, "interface pattern", NULL);
}

/* ---- network: conditionals ------------------------------------------------------ */

/* The conditionals of one side (local, or inside peer=(...)). */
struct ip_side {
	const struct ast_cond *ip, *port, *iface, *label;
};

static const char net_cond_hint[] =
	"network conditionals: ip= port= interface= label=, and peer=(ip= port= label=)";

static const struct ast_cond **net_cond_slot(struct ip_side *side, const char *name)
{
	if (strcmp(name, "ip") == 0)
		return &side->ip;
	if (strcmp(name, "port") == 0)
		return &side->port;
	if (strcmp(name, "interface") == 0)
		return &side->iface;
	if (strcmp(name, "label") == 0)
		return &side->label;
	return NULL;
}

static bool net_cond_value_ok(struct check_ctx *cx, const struct ast_cond *c,
			      const struct ast_word *v, const char *name, bool peer)
{
	if (c->values.n > 1)
		diag_warn(cx->diag, WARN_SUSPICIOUS, c->values.items[1].loc,
			  "'%s' takes one value; only '%s' is used", name, v->text);
	if (strcmp(name, "ip") == 0)
		return ip_cond_ok(cx, v);
	if (strcmp(name, "port") == 0)
		return port_cond_ok(cx, v);
	if (strcmp(name, "interface") == 0) {
		if (peer) {
			diag_error_hint(cx->diag, c->name.loc, "write interface= outside peer=(...)",
					"interface applies to the local end and cannot be set for the peer");
			return false;
		}
		return iface_cond_ok(cx, v);
	}
	return true;   /* label: matched as written, no further constraint */
}

static bool net_cond(struct check_ctx *cx, const struct ast_cond *c, bool peer,
		     struct ip_side *side)
{
	const char *name = c->name.text;
	/* inside peer=(...) 'label:=' (set the label) arrives as the name 'label:' */
	if (peer && strcmp(name, "label:") == 0)
		name = "label";
	const struct ast_cond **slot = net_cond_slot(side, name);
	if (!slot) {
		diag_error_hint(cx->diag, c->name.loc, net_cond_hint,
				"unknown network conditional '%s'", name);
		return false;
	}
	if (c->op == COND_IN) {
		char hint[64];
		snprintf(hint, sizeof(hint), "write %s=VALUE", name);
		diag_error_hint(cx->diag, c->name.loc, hint,
				"'in' is not supported for the network conditional '%s'", name);
		return false;
	}
	const struct ast_word *v = cond_value(cx, c, "network");
	if (!v || !set_once(cx, slot, c, name, peer))
		return false;
	return net_cond_value_ok(cx, c, v, name, peer);
}

static bool net_conds(struct check_ctx *cx, const struct ast_conds *conds, bool peer,
		      struct ip_side *side)
{
	bool ok = true;
	for (size_t i = 0; i < conds->n; i++)
		ok = net_cond(cx, &conds->items[i], peer, side) && ok;
	return ok;
}

/*
 * ip= and port= are what tie a rule to inet sockets; on the peer side they are
 * also what makes local-only permissions meaningless (a peer label does not:
 * it matches the label of received packets).
 */
static bool has_inet_conds(const struct ip_side *side)
{
	return side->ip || side->port;
}

/* ---- network: domain and type --------------------------------------------------- */

static bool inet_domain(int dom)
{
	return dom == AF_NUM_INET || dom == AF_NUM_INET6;
}

static bool check_inet_only(struct check_ctx *cx, const struct ast_word *w, int dom,
			    bool inet_conds)
{
	if (!inet_conds || inet_domain(dom))
		return true;
	diag_error_hint(cx->diag, w->loc, "use inet or inet6, or leave the domain out",
			"ip and port conditionals apply to inet and inet6 sockets, not to domain '%s'",
			w->text);
	return false;
}

/* network WORD: a domain, or a type/protocol standing for all domains having it */
static bool check_one_id(struct check_ctx *cx, const struct ast_word *w, bool inet_conds)
{
	int dom = net_domain_number(w->text);
	if (dom >= 0)
		return check_inet_only(cx, w, dom, inet_conds);
	if (net_type_known(w->text))
		return true;   /* with ip/port it narrows to inet and inet6, which have every type */
	/* only r, w, rw and wr are read as permission letters here; 'R' or 'rwx' end up as a word */
	bool letters = strspn(w->text, "rRwWxXaAlLkKmM") == strlen(w->text);
	diag_error_hint(cx->diag, w->loc,
			letters ? "the permission letters of network rules are r, w and rw"
				: net_domain_words_hint,
			"'%s' is neither a network domain nor a socket type", w->text);
	return false;
}

/* network DOMAIN TYPE */
static bool check_two_ids(struct check_ctx *cx, const struct ast_word *dw,
			  const struct ast_word *tw, bool inet_conds)
{
	int dom = net_domain_number(dw->text);
	if (dom < 0) {
		bool swapped = net_type_known(dw->text) && net_domain_number(tw->text) >= 0;
		diag_error_hint(cx->diag, dw->loc,
				swapped ? "the domain comes first, e.g. network inet stream"
					: net_domain_words_hint,
				"unknown network domain '%s'", dw->text);
		return false;
	}
	if (!net_type_valid_for(dom, tw->text)) {
		if (net_type_known(tw->text))
			diag_error_hint(cx->diag, tw->loc, net_type_words_hint,
					"'%s' is not a socket type of domain '%s'", tw->text, dw->text);
		else
			diag_error_hint(cx->diag, tw->loc, net_type_words_hint,
					"unknown socket type '%s'", tw->text);
		return false;
	}
	return check_inet_only(cx, dw, dom, inet_conds);
}

static bool check_domain_type(struct check_ctx *cx, const struct ast_node *n, bool inet_conds)
{
	const struct ast_words *ids = &n->u.cls.ids;
	if (ids->n == 1)
		return check_one_id(cx, &ids->items[0], inet_conds);
	if (ids->n == 2)
		return check_two_ids(cx, &ids->items[0], &ids->items[1], inet_conds);
	return true;
}

/* ---- features ------------------------------------------------------------------- */

/*
 * Kernels without the network_v8/v9 class enforce network rules only through
 * the old per-domain type table: permissions and conditionals are dropped;
 * without even that table ("network") nothing is enforced. ip/port need the
 * af_inet extension. Warned once per message, as upstream warns once.
 */
static void network_features(struct check_ctx *cx, const struct ast_node *n,
			     const struct sock_perms *p, bool inet_conds, bool other_conds)
{
	const struct features *f = cx->features;
	if (!f)
		return;
	bool v8 = features_supports(f, "network_v8") || features_supports(f, "network_v9");
	if (!v8 && !features_supports(f, "network")) {
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, n->loc, NULL,
			    "network rules are not enforced: the features in force have no network mediation");
		return;
	}
	if (!v8 && (p->bits || inet_conds || other_conds)) {
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_DOWNGRADED, DIAG_ONCE, n->loc,
			    "the features in force lack network_v8; only the domain and type are enforced",
			    "network rule permissions and conditionals are not enforced");
		return;
	}
	if (v8 && inet_conds && !features_supports(f, "network_v8/af_inet") &&
	    !features_supports(f, "network_v9/af_inet"))
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_DOWNGRADED, DIAG_ONCE, n->loc,
			    "the features in force lack network_v8/af_inet",
			    "network ip and port conditionals are not enforced");
}

/*
 * Without af_unix mediation a unix rule is downgraded to "network unix
 * [type]"; a deny rule cannot be (it would deny more than written).
 */
static void unix_features(struct check_ctx *cx, const struct policy_rule *r)
{
	const struct features *f = cx->features;
	if (!f || features_supports(f, "network/af_unix") ||
	    features_supports(f, "network_v9/af_unix"))
		return;
	const struct source_loc loc = r->node->loc;
	bool net = features_supports(f, "network") || features_supports(f, "network_v8") ||
		   features_supports(f, "network_v9");
	if (!net)
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, loc, NULL,
			    "unix rules are not enforced: the features in force have no network mediation");
	else if (r->prefix.mode == RULE_MODE_DENY)
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, loc,
			    "the features in force lack af_unix mediation",
			    "deny unix rules are not enforced: they cannot be downgraded to network rules");
	else
		diag_report(cx->diag, DIAG_WARNING, WARN_RULE_DOWNGRADED, DIAG_ONCE, loc,
			    "the features in force lack af_unix mediation",
			    "unix rules are downgraded to generic 'network unix' rules");
}

/* ---- network -------------------------------------------------------------------- */

bool check_network_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct ip_side local = { 0 }, peer = { 0 };
	struct sock_perms p;
	bool ok = check_prefix(cx, r, "network", false);
	ok = parse_sock_perms(cx, n, "network", &p) && ok;
	ok = net_conds(cx, &n->u.cls.conds, false, &local) && ok;
	ok = check_list_name(cx, n, "network") && ok;
	ok = net_conds(cx, &n->u.cls.list_conds, true, &peer) && ok;
	if (!ok)
		return false;
	bool inet_conds = has_inet_conds(&local) || has_inet_conds(&peer);
	if (!check_domain_type(cx, n, inet_conds) ||
	    !check_peer_perms(cx, n, &p, has_inet_conds(&peer), "network"))
		return false;
	network_features(cx, n, &p, inet_conds, local.iface || local.label || peer.label);
	return true;
}

/* ---- unix ------------------------------------------------------------------------- */

struct unix_conds {
	const struct ast_cond *addr, *type, *label;       /* local */
	const struct ast_cond *peer_addr, *peer_label;    /* peer=(...) */
};

static const char unix_cond_hint[] = "unix conditionals: addr= type=, and peer=(addr= label=)";

/* Where a unix conditional may appear; NULL slot for an unknown name. */
static const struct ast_cond **unix_cond_slot(struct check_ctx *cx, const struct ast_cond *c,
					      bool peer, struct unix_conds *u)
{
	const char *name = c->name.text;
	if (strcmp(name, "addr") == 0)
		return peer ? &u->peer_addr : &u->addr;
	if (strcmp(name, "label") == 0) {
		if (peer)
			return &u->peer_label;
		diag_error_hint(cx->diag, c->name.loc, "write peer=(label=...)",
				"the unix conditional 'label' is only valid inside peer=(...)");
		return NULL;
	}
	if (strcmp(name, "type") == 0 || strcmp(name, "protocol") == 0) {
		if (peer)
			diag_error_hint(cx->diag, c->name.loc, "write it outside peer=(...)",
					"the unix conditional '%s' is not allowed inside peer=(...)", name);
		else if (name[0] == 'p')
			diag_error(cx->diag, c->name.loc,
				   "the unix conditional 'protocol' is not supported yet");
		return peer || name[0] == 'p' ? NULL : &u->type;
	}
	if (peer && strcmp(name, "label:") == 0)
		diag_error_hint(cx->diag, c->name.loc, "write peer=(label=...)",
				"unix rules cannot set a label (':=')");
	else
		diag_error_hint(cx->diag, c->name.loc, unix_cond_hint,
				"unknown unix conditional '%s'", name);
	return NULL;
}

static bool unix_addr_ok(struct check_ctx *cx, const struct ast_word *v)
{
	const char *s = v->text;
	if (s[0] == '@' || strcmp(s, "none") == 0 || strcmp(s, "auto") == 0)
		return true;
	diag_error_hint(cx->diag, v->loc,
			"addr= takes an abstract address starting with '@' (addr=@/tmp/sock), "
			"'none' for unnamed sockets or 'auto' for autobound ones; "
			"filesystem sockets are matched by file rules",
			"invalid unix address '%s'", s);
	return false;
}

static bool unix_value_ok(struct check_ctx *cx, const struct ast_cond *c, const struct ast_word *v)
{
	if (c->values.n > 1) {
		diag_error(cx->diag, c->values.items[1].loc,
			   "the unix conditional '%s' takes a single value", c->name.text);
		return false;
	}
	if (strcmp(c->name.text, "addr") == 0)
		return unix_addr_ok(cx, v);
	if (strcmp(c->name.text, "type") == 0 && !unix_sock_type_known(v->text)) {
		diag_error_hint(cx->diag, v->loc, "types: stream dgram seqpacket rdm raw packet dccp",
				"unknown socket type '%s'", v->text);
		return false;
	}
	return true;
}

static bool unix_cond(struct check_ctx *cx, const struct ast_cond *c, bool peer,
		      struct unix_conds *u)
{
	const struct ast_cond **slot = unix_cond_slot(cx, c, peer, u);
	if (!slot)
		return false;
	if (c->op == COND_IN) {
		diag_error_hint(cx->diag, c->name.loc, "write a separate rule for each value",
				"'in' is not allowed for the unix conditional '%s'", c->name.text);
		return false;
	}
	const struct ast_word *v = cond_value(cx, c, "unix");
	if (!v || !set_once(cx, slot, c, c->name.text, peer))
		return false;
	return unix_value_ok(cx, c, v);
}

static bool unix_conds(struct check_ctx *cx, const struct ast_conds *conds, bool peer,
		       struct unix_conds *u)
{
	bool ok = true;
	for (size_t i = 0; i < conds->n; i++)
		ok = unix_cond(cx, &conds->items[i], peer, u) && ok;
	return ok;
}

/* An address after variable expansion: none, auto, or a pattern after its '@'. */
static bool unix_addr_pattern_ok(struct check_ctx *cx, const struct ast_cond *c)
{
	if (!c)
		return true;
	const struct ast_word *v = &c->values.items[0];
	const char *s = cx->expand(cx->resolver, v);
	if (!s)
		return false;
	if (strcmp(s, "none") == 0 || strcmp(s, "auto") == 0 || !*s)
		return true;
	/*
	 * The first character is taken for the '@' of an abstract address even
	 * when a variable supplied it: a variable of several values expands to
	 * {a,b}, which loses its '{' here.
	 */
	const char *hint = s[0] == '@' ? NULL
		: "after expansion an address must begin with '@'; write addr=@@{NAME} "
		  "with a variable that holds the rest of the name";
	/* abstract names may hold NUL bytes, so wildcards may match them */
	return pattern_ok(cx, v, s + 1, AUT_GLOB_NULL, "unix address pattern", hint);
}

static bool label_pattern_ok(struct check_ctx *cx, const struct ast_cond *c)
{
	if (!c)
		return true;
	const struct ast_word *v = &c->values.items[0];
	const char *s = cx->expand(cx->resolver, v);
	return s && pattern_ok(cx, v, s, 0, "label pattern", NULL);
}

bool check_unix_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct unix_conds u = { 0 };
	struct sock_perms p;
	bool ok = check_prefix(cx, r, "unix", true);
	ok = parse_sock_perms(cx, n, "unix", &p) && ok;
	ok = unix_conds(cx, &n->u.cls.conds, false, &u) && ok;
	ok = check_list_name(cx, n, "unix") && ok;
	ok = unix_conds(cx, &n->u.cls.list_conds, true, &u) && ok;
	if (!ok || !check_peer_perms(cx, n, &p, u.peer_addr || u.peer_label, "unix"))
		return false;
	ok = unix_addr_pattern_ok(cx, u.addr);
	ok = unix_addr_pattern_ok(cx, u.peer_addr) && ok;
	ok = label_pattern_ok(cx, u.peer_label) && ok;
	if (ok)
		unix_features(cx, r);
	return ok;
}
