/* check_ipc: semantic checks of signal ptrace rules (being written; see check.h). */
#include "policy/check.h"

bool check_signal_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}

bool check_ptrace_rule(struct check_ctx *cx, struct policy_rule *r)
{
	(void)cx;
	(void)r;
	return true;
}
