/*
 * check_file: semantic checks of file, link, change_profile, capability and
 * rlimit rules (the classes that live in the profile's file DFA or header).
 */
#include "policy/check.h"
#include "policy/check_exec.h"
#include "policy/names.h"
#include "policy/perms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static struct source_loc loc_at(struct source_loc loc, int off)
{
	if (off >= 0) {
		loc.col += (unsigned)off;
		loc.len = 1;
	}
	return loc;
}

static bool path_ok(struct check_ctx *cx, const struct ast_word *w, const char *what)
{
	const char *t = w->text;
	if (t[0] == '/' || strncmp(t, "@{", 2) == 0)
		return true;
	diag_error_hint(cx->diag, w->loc, "paths are absolute, e.g. /usr/bin/foo or @{HOME}/file",
			"%s '%s' must begin with '/' or a variable", what, t);
	return false;
}

bool check_file_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	if (n->u.file.bare)
		return true;
	const struct ast_word *pw = &n->u.file.perms;
	struct perms_parse pp = perms_parse_file(pw->text);
	if (pp.error) {
		diag_error(cx->diag, loc_at(pw->loc, pp.error_pos), "invalid permissions '%s': %s",
			   pw->text, pp.error);
		return false;
	}
	if (pp.uppercase)
		diag_warn(cx->diag, WARN_DEPRECATED, pw->loc,
			  "uppercase permission letters in '%s' are deprecated; use lowercase", pw->text);
	uint32_t p = pp.perms;
	bool deny = r->prefix.mode == RULE_MODE_DENY;
	bool ok = path_ok(cx, &n->u.file.path, "file rule path");
	if (n->u.file.exec_mode != EXEC_MODE_NONE && !(p & AA_MAY_EXEC)) {
		diag_error(cx->diag, n->loc, "'%s' needs an exec permission in the rule",
			   n->u.file.exec_mode == EXEC_MODE_SAFE ? "safe" : "unsafe");
		return false;
	}
	if (p & AA_MAY_EXEC) {
		if (deny && perms_has_exec_type(p)) {
			diag_error_hint(cx->diag, pw->loc, "deny rules take a plain 'x'",
					"in deny rules 'x' must not be preceded by an exec qualifier ('i', 'p', 'c' or 'u')");
			return false;
		}
		if (!deny && !perms_has_exec_type(p)) {
			diag_error_hint(cx->diag, pw->loc,
					"use ix (inherit), px/Px (profile), cx/Cx (child) or ux/Ux (unconfined)",
					"'x' must be preceded by an exec qualifier 'i', 'p', 'c' or 'u'");
			return false;
		}
	}
	if (n->u.file.subset && (p & ~AA_MAY_LINK)) {
		diag_error(cx->diag, n->loc, "subset can only be used with link rules");
		return false;
	}
	if (n->u.file.target.text && n->u.file.perms_first && (p & AA_MAY_LINK) &&
	    (p & AA_MAY_EXEC)) {
		/* in 'perms path -> target' the target is a link target or a profile: not both */
		diag_error(cx->diag, n->u.file.target.loc,
			   "link and exec permissions conflict on a file rule using '->'");
		return false;
	}
	if (ok) {
		const char *path = cx->expand(cx->resolver, &n->u.file.path);
		if (!path || !check_pattern_syntax(cx, &n->u.file.path, path))
			return false;
	}
	if (n->u.file.target.text) {
		const char *target = cx->expand(cx->resolver, &n->u.file.target);
		if (!target)
			return false;
		/* 'l' before the path: the target is the link's, a pattern too */
		if (n->u.file.perms_first && (p & AA_MAY_LINK) &&
		    !check_pattern_syntax(cx, &n->u.file.target, target))
			return false;
	}
	return ok;
}

bool check_link_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	bool ok = path_ok(cx, &n->u.file.path, "link path");
	ok = path_ok(cx, &n->u.file.target, "link target") && ok;
	for (int i = 0; i < 2 && ok; i++) {
		const struct ast_word *w = i ? &n->u.file.target : &n->u.file.path;
		const char *text = cx->expand(cx->resolver, w);
		ok = text && check_pattern_syntax(cx, w, text);
	}
	return ok;
}

bool check_change_profile_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	if (r->prefix.owner != OWNER_UNSPEC) {
		diag_error(cx->diag, r->prefix.owner_loc,
			   "owner and other do not apply to change_profile rules");
		return false;
	}
	if (!n->u.change_profile.exec.text && n->u.change_profile.exec_mode != EXEC_MODE_NONE) {
		diag_error_hint(cx->diag, n->loc, "change_profile unsafe /usr/bin/foo -> bar,",
				"an exec condition is required after 'safe' or 'unsafe'");
		return false;
	}
	if (n->u.change_profile.exec.text &&
	    !path_ok(cx, &n->u.change_profile.exec, "change_profile exec condition"))
		return false;
	/* the exec condition and the target are patterns too */
	for (int i = 0; i < 2; i++) {
		const struct ast_word *w = i ? &n->u.change_profile.target : &n->u.change_profile.exec;
		if (!w->text)
			continue;
		const char *text = cx->expand(cx->resolver, w);
		if (!text || !check_pattern_syntax(cx, w, text))
			return false;
	}
	return true;
}

bool check_capability_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	bool ok = true;
	if (r->prefix.owner != OWNER_UNSPEC) {
		diag_error(cx->diag, r->prefix.owner_loc,
			   "owner and other do not apply to capability rules");
		return false;
	}
	for (size_t i = 0; i < n->u.capability.names.n; i++) {
		const struct ast_word *w = &n->u.capability.names.items[i];
		if (capability_number(w->text) < 0) {
			diag_error_hint(cx->diag, w->loc, "see capabilities(7) without the CAP_ prefix, in lowercase",
					"unknown capability '%s'", w->text);
			ok = false;
		}
	}
	return ok;
}

static bool unit_scale(const char *unit, const char *const *names, const long long *scale,
		       size_t n, long long *out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(unit, names[i]) == 0) {
			*out = scale[i];
			return true;
		}
	}
	return false;
}

bool check_rlimit_rule(struct check_ctx *cx, struct policy_rule *r)
{
	const struct ast_node *n = r->node;
	const char *name = n->u.rlimit.name.text;
	const char *val = n->u.rlimit.value.text;
	const char *unit = n->u.rlimit.unit.text;
	int lim = rlimit_number(name);
	if (lim < 0) {
		diag_error_hint(cx->diag, n->u.rlimit.name.loc,
				"rlimits: cpu fsize data stack core rss nofile as nproc memlock locks sigpending msgqueue nice rtprio rttime",
				"unknown rlimit '%s'", name);
		return false;
	}
	if (strcmp(val, "infinity") == 0)
		return true;
	char *end;
	errno = 0;
	long long v = strtoll(val, &end, 0);
	bool bad = end == val || *end || errno;
	static const char *const tnames[] = { "us", "microsecond", "microseconds", "ms",
		"millisecond", "milliseconds", "s", "sec", "second", "seconds", "min", "minute",
		"minutes", "h", "hour", "hours", "d", "day", "days", "week", "weeks" };
	static const long long tscale[] = { 1, 1, 1, 1000, 1000, 1000, 1000000, 1000000,
		1000000, 1000000, 60000000LL, 60000000LL, 60000000LL, 3600000000LL, 3600000000LL,
		3600000000LL, 86400000000LL, 86400000000LL, 86400000000LL, 604800000000LL,
		604800000000LL };
	switch (lim) {
	case RLIMIT_CPU:
	case RLIMIT_RTTIME: {
		long long s = lim == RLIMIT_CPU ? 1000000 : 1;
		if (bad || v < 0)
			break;
		if (unit && !unit_scale(unit, tnames, tscale, sizeof(tscale) / sizeof(tscale[0]), &s)) {
			bad = true;
			break;
		}
		if (lim == RLIMIT_CPU && unit && v * s < 1000000) {
			diag_error(cx->diag, n->loc, "rlimit cpu must be at least 1 second");
			return false;
		}
		if (!unit)
			diag_warn(cx->diag, WARN_CONFIG, n->u.rlimit.value.loc,
				  "rlimit '%s' has no units; using %s", name,
				  lim == RLIMIT_CPU ? "seconds" : "microseconds");
		return true;
	}
	case RLIMIT_NOFILE:
	case RLIMIT_NPROC:
	case RLIMIT_LOCKS:
	case RLIMIT_SIGPENDING:
	case RLIMIT_RTPRIO:
		if (unit || v < 0)
			bad = true;
		break;
	case RLIMIT_NICE:
		if (bad || unit) {
			bad = true;
			break;
		}
		if (v < -20 || v > 19) {
			diag_error(cx->diag, n->u.rlimit.value.loc, "rlimit nice %lld out of range -20 .. 19", v);
			return false;
		}
		return true;
	default:
		if (v < 0)
			bad = true;
		if (unit && strcmp(unit, "K") != 0 && strcmp(unit, "KB") != 0 &&
		    strcmp(unit, "M") != 0 && strcmp(unit, "MB") != 0 &&
		    strcmp(unit, "G") != 0 && strcmp(unit, "GB") != 0)
			bad = true;
		break;
	}
	if (bad) {
		diag_error(cx->diag, n->u.rlimit.value.loc, "invalid value '%s%s%s' for rlimit %s",
			   val, unit ? " " : "", unit ? unit : "", name);
		return false;
	}
	return true;
}
