/* check_misc: semantic checks of mqueue userns io_uring all rules (being written; see check.h). */
#include "policy/check.h"

bool check_mqueue_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}

bool check_userns_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}

bool check_io_uring_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}

bool check_all_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}
