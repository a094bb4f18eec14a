/* check: see check.h. */
#include "policy/check.h"

bool policy_check_rule(struct check_ctx *cx, struct policy_rule *r)
{
	switch (r->node->kind) {
	case AST_FILE:
		return check_file_rule(cx, r);
	case AST_LINK:
		return check_link_rule(cx, r);
	case AST_CHANGE_PROFILE:
		return check_change_profile_rule(cx, r);
	case AST_CAPABILITY:
		return check_capability_rule(cx, r);
	case AST_RLIMIT:
		return check_rlimit_rule(cx, r);
	case AST_NETWORK:
		return check_network_rule(cx, r);
	case AST_UNIX:
		return check_unix_rule(cx, r);
	case AST_DBUS:
		return check_dbus_rule(cx, r);
	case AST_SIGNAL:
		return check_signal_rule(cx, r);
	case AST_PTRACE:
		return check_ptrace_rule(cx, r);
	case AST_MOUNT:
	case AST_REMOUNT:
	case AST_UMOUNT:
	case AST_PIVOT_ROOT:
		return check_mount_rule(cx, r);
	case AST_MQUEUE:
		return check_mqueue_rule(cx, r);
	case AST_USERNS:
		return check_userns_rule(cx, r);
	case AST_IO_URING:
		return check_io_uring_rule(cx, r);
	case AST_ALL:
		return check_all_rule(cx, r);
	default:
		return true;
	}
}

bool policy_check_profile(struct check_ctx *cx, struct policy_profile *p)
{
	return check_exec_conflicts(cx, p);
}
