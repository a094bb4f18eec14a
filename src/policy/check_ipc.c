/*
 * check_ipc: semantic checks of signal and ptrace rules.
 *
 * Owns what makes these rules meaningful beyond their syntax:
 *   - signal: permissions send (write, w) and receive (read, r); set= with
 *     signal names (upstream's vocabulary, including rtmin+0 .. rtmin+32),
 *     repeatable; peer= once;
 *   - ptrace: permissions trace (write, w), read (r), tracedby and readby;
 *     peer= once;
 *   - the peer label is an AppArmor pattern and must convert, when the
 *     kernel mediates the class (otherwise, like upstream, the rule is never
 *     compiled and a warning says so).
 * Neither class takes owner/other, nor 'in (...)' conditionals.
 */
#include "policy/check_cls.h"
#include "policy/names.h"

#include <stdlib.h>
#include <string.h>

/* ---- shared: the peer= conditional ----------------------------------------------- */

/*
 * Record peer=; *seen is the earlier one. Upstream keeps only the first of
 * several values in peer=(a b) and drops the others silently: accept it
 * too, but say so.
 */
static bool add_peer(struct check_ctx *cx, const char *rule, const struct ast_cond *c,
		     const struct ast_cond **seen)
{
	if (!cls_cond_is_eq(cx, c, rule))
		return false;
	if (*seen) {
		diag_error_hint(cx->diag, c->name.loc, "to match several peers use one pattern, e.g. peer=/bin/{a,b}",
				"%s conditional 'peer' is given more than once", rule);
		diag_note(cx->diag, (*seen)->name.loc, "'peer' was first given here");
		return false;
	}
	if (c->values.n > 1)
		diag_warn(cx->diag, WARN_SUSPICIOUS, c->values.items[1].loc,
			  "only the first value of %s peer= is used; the others are ignored", rule);
	*seen = c;
	return true;
}

/* Expand peer= always; check it is a valid pattern only when the rule will be compiled. */
static bool check_peer_value(struct check_ctx *cx, const struct policy_rule *r,
			     enum features_rule_class fc, const char *what,
			     const struct ast_cond *peer)
{
	bool compiled = cls_enforced(cx, r, fc);
	if (!peer)
		return true;
	const struct ast_word *w = &peer->values.items[0];
	if (compiled)
		return cls_check_pattern(cx, w, what, false);
	return cx->expand(cx->resolver, w) != NULL;
}

/* ---- signal ---------------------------------------------------------------------- */

/* the policydb bits (§4.6): send is write, receive is read */
enum { SIG_SEND = 0x2u, SIG_RECEIVE = 0x4u };

static const struct cls_perm_word signal_words[] = {
	{ "send", SIG_SEND }, { "write", SIG_SEND },
	{ "receive", SIG_RECEIVE }, { "read", SIG_RECEIVE },
	{ NULL, 0 },
};

const struct cls_perm_spec cls_signal_perms = {
	"signal", signal_words, SIG_RECEIVE, SIG_SEND,
	"signal permissions are send and receive (also write = w = send, read = r = receive)",
};

#define SIGNAL_HINT "signals are named in lowercase without SIG (hup, int, kill, usr1, term, ...), " \
	"or 'exists', or rtmin+0 .. rtmin+32"

/*
 * The names set= accepts are the rule language's (policy/names.h: also
 * tstp, poll and exists), not those of the kill.signal profile flag.
 */
static bool check_signal_name(struct check_ctx *cx, const struct ast_word *w)
{
	const char *s = w->text;
	if (signal_rule_number(s) >= 0)
		return true;
	if (strncmp(s, "rtmin+", 6) == 0) {
		diag_error_hint(cx->diag, w->loc, "real-time signals are rtmin+0 .. rtmin+32",
				"invalid real-time signal '%s'", s);
		return false;
	}
	diag_error_hint(cx->diag, w->loc, SIGNAL_HINT, "unknown signal '%s'", s);
	return false;
}

static bool check_signal_set(struct check_ctx *cx, const struct ast_cond *c)
{
	if (!cls_cond_is_eq(cx, c, "signal"))
		return false;
	bool ok = true;
	for (size_t i = 0; i < c->values.n; i++)
		ok = check_signal_name(cx, &c->values.items[i]) && ok;
	return ok;
}

bool check_signal_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	uint32_t perms;
	bool ok = cls_reject_owner(cx, r, "signal");
	ok = cls_parse_perms(cx, n, &cls_signal_perms, &perms) && ok;
	const struct ast_cond *peer = NULL;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (strcmp(c->name.text, "set") == 0)
			ok = check_signal_set(cx, c) && ok;
		else if (strcmp(c->name.text, "peer") == 0)
			ok = add_peer(cx, "signal", c, &peer) && ok;
		else {
			diag_error_hint(cx->diag, c->name.loc, "signal rules take set=(signals) and peer=LABEL",
					"unknown signal conditional '%s'", c->name.text);
			ok = false;
		}
	}
	return ok && check_peer_value(cx, r, FEATURES_RULE_SIGNAL, "signal peer=", peer);
}

/* ---- ptrace ---------------------------------------------------------------------- */

/* the policydb bits (§4.6) */
enum { PT_TRACE = 0x2u, PT_READ = 0x4u, PT_TRACEDBY = 0x8u, PT_READBY = 0x10u };

static const struct cls_perm_word ptrace_words[] = {
	{ "trace", PT_TRACE }, { "write", PT_TRACE },
	{ "read", PT_READ },
	{ "tracedby", PT_TRACEDBY }, { "readby", PT_READBY },
	{ NULL, 0 },
};

const struct cls_perm_spec cls_ptrace_perms = {
	"ptrace", ptrace_words, PT_READ, PT_TRACE,
	"ptrace permissions are trace, read, tracedby and readby (also write = w = trace, r = read)",
};

bool check_ptrace_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	uint32_t perms;
	bool ok = cls_reject_owner(cx, r, "ptrace");
	ok = cls_parse_perms(cx, n, &cls_ptrace_perms, &perms) && ok;
	const struct ast_cond *peer = NULL;
	for (size_t i = 0; i < n->u.cls.conds.n; i++) {
		const struct ast_cond *c = &n->u.cls.conds.items[i];
		if (strcmp(c->name.text, "peer") == 0) {
			ok = add_peer(cx, "ptrace", c, &peer) && ok;
		} else {
			diag_error_hint(cx->diag, c->name.loc, "ptrace rules take only peer=LABEL",
					"unknown ptrace conditional '%s'", c->name.text);
			ok = false;
		}
	}
	return ok && check_peer_value(cx, r, FEATURES_RULE_PTRACE, "ptrace peer=", peer);
}
