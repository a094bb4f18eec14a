/* check_mount: semantic checks of mount rules (being written; see check.h). */
#include "policy/check.h"

bool check_mount_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}
