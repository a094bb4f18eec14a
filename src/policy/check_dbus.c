/*
 * check_dbus: semantic checks of dbus rules.
 *
 * Owns what makes a dbus rule meaningful beyond its syntax:
 *   - permissions: send (write, w), receive (read, r), bind, eavesdrop;
 *   - conditionals: bus, path, interface, member and name=, and inside
 *     peer=(...) name and label; each given once and with a single value;
 *   - the two kinds of dbus rule: a service rule (name= outside peer=, for
 *     bind) and a message rule (path, interface, member or a peer), which
 *     cannot be mixed, and eavesdrop, which takes nothing but bus=;
 *   - every value is an AppArmor pattern and must convert (when the kernel
 *     mediates dbus at all: otherwise, like upstream, the rule is never
 *     compiled and only a warning says so).
 * The rules follow upstream apparmor_parser's dbus_rule so that the same
 * profiles are accepted.
 */
#include "policy/check_cls.h"

#include <stdio.h>
#include <string.h>

/* the policydb bits (§4.6) */
enum {
	DBUS_SEND = 0x02u,
	DBUS_RECEIVE = 0x04u,
	DBUS_EAVESDROP = 0x20u,
	DBUS_BIND = 0x40u,
};

static const struct cls_perm_word dbus_words[] = {
	{ "send", DBUS_SEND }, { "write", DBUS_SEND },
	{ "receive", DBUS_RECEIVE }, { "read", DBUS_RECEIVE },
	{ "bind", DBUS_BIND }, { "eavesdrop", DBUS_EAVESDROP },
	{ NULL, 0 },
};

const struct cls_perm_spec cls_dbus_perms = {
	"dbus", dbus_words, DBUS_RECEIVE, DBUS_SEND,
	"dbus permissions are send, receive, bind and eavesdrop (also write = w = send, read = r = receive)",
};

/* The conditionals of a dbus rule, in the order of dbus_field. */
enum dbus_field { F_BUS, F_PATH, F_INTERFACE, F_MEMBER, F_NAME, F_LABEL, F_COUNT };
static const char *const field_names[F_COUNT] = {
	"bus", "path", "interface", "member", "name", "label",
};

/* Where each conditional of one rule was given. */
struct dbus_fields {
	const struct ast_cond *cond[F_COUNT];
	bool in_peer[F_COUNT];
};

#define FIELD_HINT "dbus conditionals are bus=, path=, interface=, member=, name= and peer=(name=... label=...)"

static int field_of(const char *name)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strcmp(field_names[f], name) == 0)
			return f;
	return -1;
}

static void report_twice(struct check_ctx *cx, const struct dbus_fields *fs, int f,
			 const struct ast_cond *c, bool in_peer)
{
	if (f == F_NAME && in_peer != fs->in_peer[f])
		/* name= outside peer=() is the bound name; inside it, the peer's */
		diag_error_hint(cx->diag, c->name.loc,
				"use name= in a bind rule and peer=(name=...) in a send/receive rule",
				"a dbus rule cannot have both a service name (name=) and a peer name (peer=(name=...))");
	else
		diag_error(cx->diag, c->name.loc, "dbus conditional '%s' is given more than once",
			   c->name.text);
	diag_note(cx->diag, fs->cond[f]->name.loc, "'%s' was first given here", c->name.text);
}

/* Record one conditional; in_peer: it is inside peer=(...). */
static bool add_field(struct check_ctx *cx, struct dbus_fields *fs, const struct ast_cond *c,
		      bool in_peer)
{
	int f = field_of(c->name.text);
	if (f < 0) {
		diag_error_hint(cx->diag, c->name.loc, FIELD_HINT, "unknown dbus conditional '%s'",
				c->name.text);
		return false;
	}
	if (!cls_cond_single(cx, c, "dbus"))
		return false;
	if (f == F_LABEL && !in_peer) {
		diag_error_hint(cx->diag, c->name.loc, "for example: dbus send peer=(label=/usr/bin/foo),",
				"'label' names the peer and is only valid inside peer=(...)");
		return false;
	}
	if (in_peer && f != F_NAME && f != F_LABEL)
		/* upstream accepts it and applies it to the message, as if written outside */
		diag_warn(cx->diag, WARN_SUSPICIOUS, c->name.loc,
			  "'%s' is not a property of the peer; it applies to the message as if written outside peer=(...)",
			  c->name.text);
	if (fs->cond[f]) {
		report_twice(cx, fs, f, c, in_peer);
		return false;
	}
	fs->cond[f] = c;
	fs->in_peer[f] = in_peer;
	return true;
}

static bool collect_fields(struct check_ctx *cx, const struct ast_node *n, struct dbus_fields *fs)
{
	bool ok = true;
	for (size_t i = 0; i < n->u.cls.conds.n; i++)
		ok = add_field(cx, fs, &n->u.cls.conds.items[i], false) && ok;
	if (!n->u.cls.list_name.text)
		return ok;
	if (strcmp(n->u.cls.list_name.text, "peer") != 0) {
		diag_error_hint(cx->diag, n->u.cls.list_name.loc, "for example: peer=(name=org.foo label=/usr/bin/foo)",
				"dbus rules take a peer=(...) group, not '%s=(...)'", n->u.cls.list_name.text);
		return false;
	}
	for (size_t i = 0; i < n->u.cls.list_conds.n; i++)
		ok = add_field(cx, fs, &n->u.cls.list_conds.items[i], true) && ok;
	return ok;
}

/* The first conditional that makes the rule about messages, or NULL. */
static const struct ast_cond *message_cond(const struct dbus_fields *fs)
{
	static const enum dbus_field msg[] = { F_PATH, F_INTERFACE, F_MEMBER, F_LABEL, F_NAME };
	for (size_t i = 0; i < sizeof(msg) / sizeof(msg[0]); i++) {
		enum dbus_field f = msg[i];
		if (fs->cond[f] && (f != F_NAME || fs->in_peer[f]))
			return fs->cond[f];
	}
	return NULL;
}

/* The service name (name= outside peer=), or NULL. */
static const struct ast_cond *service_cond(const struct dbus_fields *fs)
{
	return fs->cond[F_NAME] && !fs->in_peer[F_NAME] ? fs->cond[F_NAME] : NULL;
}

/* The first conditional eavesdrop cannot take (anything but bus=), or NULL. */
static const struct ast_cond *non_bus_cond(const struct dbus_fields *fs)
{
	for (int f = 0; f < F_COUNT; f++)
		if (f != F_BUS && fs->cond[f])
			return fs->cond[f];
	return NULL;
}

static bool check_kind(struct check_ctx *cx, const struct ast_node *n, const struct dbus_fields *fs,
		       uint32_t perms)
{
	const struct ast_cond *msg = message_cond(fs), *svc = service_cond(fs);
	if (msg && svc) {
		diag_error_hint(cx->diag, svc->name.loc,
				"bind rules take bus= and name=; send/receive rules take path=, interface=, member= and peer=(...)",
				"name= (the service name a bind rule binds) cannot be combined with the message conditional '%s'",
				msg->name.text);
		return false;
	}
	if (msg && (perms & DBUS_BIND)) {
		diag_error_hint(cx->diag, cls_perm_word_for(n, &cls_dbus_perms, DBUS_BIND)->loc,
				"bind takes only bus= and name=",
				"'bind' cannot be used with the message conditional '%s'", msg->name.text);
		return false;
	}
	if (svc && (perms & (DBUS_SEND | DBUS_RECEIVE))) {
		const struct ast_word *w = cls_perm_word_for(n, &cls_dbus_perms, DBUS_SEND | DBUS_RECEIVE);
		diag_error_hint(cx->diag, w->loc,
				"name= outside peer=(...) is the name a bind rule binds; the peer of a message is peer=(name=...)",
				"the send/receive permission '%s' cannot be used with a service name (name=)",
				w->text);
		return false;
	}
	const struct ast_cond *other = non_bus_cond(fs);
	if (other && (perms & DBUS_EAVESDROP)) {
		diag_error_hint(cx->diag, cls_perm_word_for(n, &cls_dbus_perms, DBUS_EAVESDROP)->loc,
				"eavesdrop can only be restricted by bus=",
				"'eavesdrop' cannot be used with the conditional '%s'", other->name.text);
		return false;
	}
	return true;
}

/*
 * Expand every value (an undefined variable is an error either way); check
 * it is a valid pattern only when the rule will be compiled.
 */
static bool check_values(struct check_ctx *cx, const struct dbus_fields *fs, bool compiled)
{
	bool ok = true;
	for (int f = 0; f < F_COUNT; f++) {
		if (!fs->cond[f])
			continue;
		const struct ast_word *w = &fs->cond[f]->values.items[0];
		char what[32];
		snprintf(what, sizeof(what), "dbus %s=", field_names[f]);
		if (compiled)
			ok = cls_check_pattern(cx, w, what, f == F_PATH) && ok;
		else
			ok = cx->expand(cx->resolver, w) != NULL && ok;
	}
	return ok;
}

bool check_dbus_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	struct dbus_fields fs;
	memset(&fs, 0, sizeof(fs));
	uint32_t perms;
	bool ok = cls_reject_owner(cx, r, "dbus");
	ok = cls_parse_perms(cx, n, &cls_dbus_perms, &perms) && ok;
	ok = collect_fields(cx, n, &fs) && ok;
	if (!ok || !check_kind(cx, n, &fs, perms))
		return false;
	return check_values(cx, &fs, cls_enforced(cx, r, FEATURES_RULE_DBUS));
}
