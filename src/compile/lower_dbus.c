/*
 * lower_dbus: dbus rules to policydb rule entries (binary-policy-format.md
 * §4.6), with apparmor_parser 3.0.8's encoding.
 */
#include "compile/lower.h"

void lower_dbus_rule(struct lower_ctx *lx, const struct policy_rule *r)
{
	lower_error(lx, r->node->loc, "confine cannot compile %ss yet", ast_kind_name(r->node->kind));
}
