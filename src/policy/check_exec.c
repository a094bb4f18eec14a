/* check_exec: conflicting exec modes across a profile's file rules (being written; see check.h). */
#include "policy/check.h"

bool check_exec_conflicts(struct check_ctx *cx, struct policy_profile *p)
{
	(void)cx;
	(void)p;
	return true;
}
