/*
 * token: the token kinds of the AppArmor profile language.
 *
 * Owns only the enumeration and the user-facing spelling of each kind, which
 * diagnostics use ("expected ',' or a permission"); internal names never reach
 * the user.
 */
#ifndef CONFINE_LANG_TOKEN_H
#define CONFINE_LANG_TOKEN_H

enum token_kind {
	TOK_EOF = 0,
	TOK_ERROR,          /* the lexer reported a diagnostic; text is the offending input */
	TOK_ID,             /* a name, path or label */
	TOK_CONDID,         /* name of a conditional: 'name' in name=value */
	TOK_CONDLISTID,     /* 'peer' or 'xattrs' before =( */
	TOK_VALUE,          /* a value: of a variable, conditional, flag or list */
	TOK_MODE,           /* permission letters such as rw, ix, Px */
	TOK_SET_VAR,        /* @{name} */
	TOK_BOOL_VAR,       /* ${name} */
	TOK_INCLUDE,        /* include directive; text = file name */
	TOK_CARET,          /* ^ */
	TOK_OPEN,           /* { */
	TOK_CLOSE,          /* } */
	TOK_END_OF_RULE,    /* , */
	TOK_EQUALS,         /* = */
	TOK_ADD_ASSIGN,     /* += */
	TOK_COND_ASSIGN,    /* ?= */
	TOK_OVERRIDE_ASSIGN,/* := */
	TOK_ARROW,          /* -> */
	TOK_LE,             /* <= */
	TOK_LT, TOK_GT, TOK_GE, TOK_EQ_OP, TOK_NE_OP, TOK_IN_OP,
	TOK_OPENPAREN,      /* ( */
	TOK_CLOSEPAREN,     /* ) */
	TOK_COLON,          /* : */
	TOK_PLUS,           /* + */
	TOK_PRIORITY,       /* priority (before =) */
	TOK_FLAGS,          /* flags (before =) */
	TOK_IDENTITIES,     /* identities (before =) */
	/* keywords */
	TOK_PROFILE, TOK_HAT,
	TOK_NETWORK, TOK_UNIX, TOK_CAPABILITY, TOK_IF, TOK_ELSE, TOK_NOT, TOK_DEFINED,
	TOK_CHANGE_PROFILE, TOK_UNSAFE, TOK_SAFE, TOK_LINK, TOK_OWNER, TOK_OTHER,
	TOK_SUBSET, TOK_AUDIT, TOK_DENY, TOK_ALLOW, TOK_PROMPT, TOK_SET, TOK_RLIMIT,
	TOK_ALIAS, TOK_PTRACE, TOK_FILE, TOK_MOUNT, TOK_REMOUNT, TOK_UMOUNT,
	TOK_PIVOTROOT, TOK_IN, TOK_DBUS, TOK_SIGNAL, TOK_SEND, TOK_RECEIVE, TOK_BIND,
	TOK_READ, TOK_WRITE, TOK_EAVESDROP, TOK_PEER, TOK_TRACE, TOK_TRACEDBY,
	TOK_READBY, TOK_ABI, TOK_USERNS, TOK_MQUEUE, TOK_DELETE, TOK_OPEN_KW,
	TOK_IO_URING, TOK_OVERRIDE_CREDS, TOK_SQPOLL, TOK_ALL, TOK_AND, TOK_OR,
	TOK_CREATE, TOK_SHUTDOWN, TOK_ACCEPT, TOK_CONNECT, TOK_LISTEN, TOK_SETOPT,
	TOK_GETOPT, TOK_SETATTR, TOK_GETATTR,
	TOK__COUNT
};

/* How a token kind is described to the user, e.g. "'{'" or "a name". */
const char *token_describe(enum token_kind k);

#endif
