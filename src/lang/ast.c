/* ast: see ast.h. */
#include "lang/ast.h"

const char *ast_kind_name(enum ast_kind k)
{
	switch (k) {
	case AST_INCLUDE: return "include";
	case AST_ABI: return "abi rule";
	case AST_ALIAS: return "alias rule";
	case AST_SET_VAR: return "variable assignment";
	case AST_BOOL_VAR: return "boolean assignment";
	case AST_PROFILE: return "profile";
	case AST_BLOCK: return "rule block";
	case AST_IF: return "conditional";
	case AST_FILE: return "file rule";
	case AST_LINK: return "link rule";
	case AST_CHANGE_PROFILE: return "change_profile rule";
	case AST_CAPABILITY: return "capability rule";
	case AST_NETWORK: return "network rule";
	case AST_UNIX: return "unix rule";
	case AST_DBUS: return "dbus rule";
	case AST_SIGNAL: return "signal rule";
	case AST_PTRACE: return "ptrace rule";
	case AST_MOUNT: return "mount rule";
	case AST_REMOUNT: return "remount rule";
	case AST_UMOUNT: return "umount rule";
	case AST_PIVOT_ROOT: return "pivot_root rule";
	case AST_USERNS: return "userns rule";
	case AST_MQUEUE: return "mqueue rule";
	case AST_IO_URING: return "io_uring rule";
	case AST_ALL: return "'all' rule";
	case AST_RLIMIT: return "rlimit rule";
	}
	return "rule";
}
