/*
 * lower_dbus: dbus rules to policydb rule entries (binary-policy-format.md
 * §4.6), with apparmor_parser 3.0.8's encoding (its dbus.cc).
 *
 * A rule is six components joined by NUL bytes, after the class byte:
 *
 *   C32 bus \0 name \0 peer_label \0 path \0 interface \0 member
 *
 * each an AppArmor glob (the path slash-filtered), or [^\0]* when not given.
 * bind is matched on the first two components, eavesdrop on the bus alone,
 * send and receive on all six. name= is the bound name of a bind rule and
 * peer=(name=) the peer's name of a message: both go to the second slot; a
 * conditional written inside peer=(...) other than name and label applies to
 * the message as if written outside, as in 3.0.8. Without permissions a rule
 * means send and receive (a message rule), bind (a service rule: name=
 * outside peer=) or everything.
 */
#include "compile/lower.h"
#include "policy/check_cls.h"

#include <string.h>


#define DBUS_SEND AA_MAY_WRITE          /* 0x02 */
#define DBUS_RECEIVE AA_MAY_READ        /* 0x04 */
#define DBUS_EAVESDROP 0x20u
#define DBUS_BIND 0x40u
#define DBUS_ALL (DBUS_SEND | DBUS_RECEIVE | DBUS_EAVESDROP | DBUS_BIND)

enum { F_BUS, F_NAME, F_LABEL, F_PATH, F_INTERFACE, F_MEMBER, F_COUNT };
static const char *const field_names[F_COUNT] = {
	"bus", "name", "label", "path", "interface", "member",
};

static int field_of(const char *name)
{
	for (int f = 0; f < F_COUNT; f++)
		if (!strcmp(field_names[f], name))
			return f;
	return -1;
}

static bool collect(struct lower_ctx *lx, const struct ast_conds *conds,
		    const struct ast_cond *fields[F_COUNT], bool in_peer, bool *peer_name)
{
	for (size_t i = 0; i < conds->n; i++) {
		const struct ast_cond *c = &conds->items[i];
		int f = field_of(c->name.text);
		if (f < 0 || c->values.n != 1 || fields[f] || (f == F_LABEL && !in_peer)) {
			lower_error(lx, c->name.loc, "the dbus conditional '%s' cannot be compiled here",
				    c->name.text);
			return false;
		}
		fields[f] = c;
		if (f == F_NAME)
			*peer_name = in_peer;
	}
	return true;
}

void lower_dbus_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct aut_ruleset *rs = lx->policydb;
	const struct ast_cond *fields[F_COUNT] = { NULL };
	bool peer_name = false;

	if (!collect(lx, &n->u.cls.conds, fields, false, &peer_name))
		return;
	if (n->u.cls.list_name.text) {
		if (strcmp(n->u.cls.list_name.text, "peer") != 0) {
			lower_error(lx, n->u.cls.list_name.loc, "dbus rules have no '%s=(...)' group",
				    n->u.cls.list_name.text);
			return;
		}
		if (!collect(lx, &n->u.cls.list_conds, fields, true, &peer_name))
			return;
	}

	uint32_t mode;
	if (!lower_rule_perms(lx, r, &cls_dbus_perms, 0, &mode))
		return;
	if (!mode) {
		bool message = fields[F_PATH] || fields[F_INTERFACE] || fields[F_MEMBER] ||
			       fields[F_LABEL] || (fields[F_NAME] && peer_name);
		bool service = fields[F_NAME] && !peer_name;
		mode = message ? DBUS_SEND | DBUS_RECEIVE : service ? DBUS_BIND : DBUS_ALL;
	}

	struct aut_node *part[F_COUNT];
	for (int f = 0; f < F_COUNT; f++) {
		if (!fields[f]) {
			part[f] = aut_star(rs, aut_any_but_nul(rs));
			continue;
		}
		const struct ast_word *w = &fields[f]->values.items[0];
		const char *text = lower_expand(lx, w);
		if (!text)
			return;
		part[f] = lower_glob(lx, rs, text, f == F_PATH, w->loc);
		if (!part[f])
			return;
	}
	part[F_BUS] = aut_cat(rs, aut_byte(rs, CLASS_DBUS), part[F_BUS]);

	/* the components joined by NUL bytes, up to n of them */
	struct aut_node *vec[F_COUNT];
	vec[0] = part[0];
	for (int f = 1; f < F_COUNT; f++)
		vec[f] = aut_cat(rs, vec[f - 1], aut_cat(rs, aut_byte(rs, 0), part[f]));

	uint32_t audit = lower_rule_audit(r, mode);
	enum aut_rule_mode m = lower_rule_mode(r);
	const char *label = lower_rule_label(lx, r);
	if (mode & DBUS_BIND)
		lower_add(lx, rs, vec[1], m, DBUS_BIND, audit & DBUS_BIND, label);
	if (mode & (DBUS_SEND | DBUS_RECEIVE))
		lower_add(lx, rs, vec[F_COUNT - 1], m, mode & (DBUS_SEND | DBUS_RECEIVE),
			  audit & (DBUS_SEND | DBUS_RECEIVE), label);
	if (mode & DBUS_EAVESDROP)
		lower_add(lx, rs, vec[0], m, DBUS_EAVESDROP, audit & DBUS_EAVESDROP, label);
}
