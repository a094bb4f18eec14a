/*
 * ast: the syntax tree of profile-language source, as written.
 *
 * Owns nothing itself: every node and string lives in the arena of the parse
 * that built it. The tree keeps what the author wrote (including include
 * directives, conditionals, variable references and rule blocks), so the
 * printer can reproduce it and the resolver can evaluate it; it is produced by
 * parser.c and never modified after parsing, except that include nodes are
 * linked to the tree of the file they name (include.c), which lets one parsed
 * abstraction be shared by every profile that includes it.
 */
#ifndef CONFINE_LANG_AST_H
#define CONFINE_LANG_AST_H

#include "lang/token.h"
#include "support/source.h"

#include <stdbool.h>
#include <stddef.h>

/* A word of source: a name, path, value or permission string. */
struct ast_word {
	const char *text;        /* processed (quotes removed, escapes decoded); NULL if absent */
	size_t len;
	struct source_loc loc;
	enum token_kind kind;    /* the token it came from */
	bool quoted;
};

struct ast_words {
	struct ast_word *items;
	size_t n;
};

enum ast_cond_op {
	COND_BARE,               /* name (only inside peer=(...)) */
	COND_EQ,                 /* name=value or name=(v1 v2) */
	COND_IN,                 /* name in (v1 v2) */
};

/* A conditional such as type=stream, options=(ro,bind) or set in (hup, int). */
struct ast_cond {
	struct ast_word name;
	enum ast_cond_op op;
	bool paren;              /* the values were given in parentheses */
	struct ast_words values;
};

struct ast_conds {
	struct ast_cond *items;
	size_t n;
};

enum ast_rule_mode { RULE_MODE_UNSPEC, RULE_MODE_ALLOW, RULE_MODE_DENY, RULE_MODE_PROMPT };
enum ast_owner { OWNER_UNSPEC, OWNER_OWNER, OWNER_OTHER };
enum ast_exec_mode { EXEC_MODE_NONE, EXEC_MODE_UNSAFE, EXEC_MODE_SAFE };

/* The qualifiers written before a rule: priority=N audit deny owner ... */
struct ast_prefix {
	bool has_priority;
	long priority;
	struct source_loc priority_loc;
	bool audit;
	struct source_loc audit_loc;
	enum ast_rule_mode mode;
	struct source_loc mode_loc;
	enum ast_owner owner;
	struct source_loc owner_loc;
	bool any;                /* at least one qualifier present */
};

enum ast_kind {
	/* preamble */
	AST_INCLUDE,
	AST_ABI,
	AST_ALIAS,
	AST_SET_VAR,             /* @{X} = a b */
	AST_BOOL_VAR,            /* ${X} = true */
	AST_PROFILE,             /* profile, hat or child profile */
	/* structure inside profiles */
	AST_BLOCK,               /* prefix { rules } */
	AST_IF,                  /* if expr { } else ... */
	/* rules */
	AST_FILE,
	AST_LINK,
	AST_CHANGE_PROFILE,
	AST_CAPABILITY,
	AST_NETWORK,
	AST_UNIX,
	AST_DBUS,
	AST_SIGNAL,
	AST_PTRACE,
	AST_MOUNT,
	AST_REMOUNT,
	AST_UMOUNT,
	AST_PIVOT_ROOT,
	AST_USERNS,
	AST_MQUEUE,
	AST_IO_URING,
	AST_ALL,
	AST_RLIMIT,
};

enum ast_expr_op {
	EXPR_OR, EXPR_AND, EXPR_NOT,
	EXPR_BOOL_VAR,           /* ${X} */
	EXPR_DEFINED,            /* defined @{X} / defined ${X} */
	EXPR_EQ, EXPR_NE, EXPR_IN, EXPR_GT, EXPR_GE, EXPR_LT, EXPR_LE,
	EXPR_VALUE,              /* a bare word: true/false or @{X} */
};

struct ast_expr {
	enum ast_expr_op op;
	struct ast_expr *left, *right;
	struct ast_word a, b;
	struct source_loc loc;
};

enum ast_assign_op { ASSIGN_SET, ASSIGN_ADD, ASSIGN_COND, ASSIGN_OVERRIDE };

struct ast_unit;

struct ast_node {
	enum ast_kind kind;
	struct source_loc loc;       /* where the construct starts */
	struct source_loc end_loc;   /* its closing ',' or '}' */
	struct ast_prefix prefix;
	struct ast_node *next;       /* sibling */

	union {
		struct {                 /* AST_INCLUDE */
			struct ast_word name;
			bool search;         /* <name> rather than "name" */
			bool if_exists;
			bool pound;          /* #include */
		} include;
		struct {                 /* AST_ABI */
			struct ast_word name;
			bool search;
		} abi;
		struct {                 /* AST_ALIAS */
			struct ast_word from, to;
		} alias;
		struct {                 /* AST_SET_VAR, AST_BOOL_VAR */
			struct ast_word name;     /* as written: @{X} or ${X} */
			enum ast_assign_op op;
			struct ast_words values;  /* AST_SET_VAR */
			struct ast_expr *expr;    /* AST_BOOL_VAR */
		} var;
		struct {                 /* AST_PROFILE */
			int keyword;         /* 0 none, 1 'profile', 2 hat ('^' or 'hat') */
			struct ast_word name;
			struct ast_word attach;   /* text NULL if absent */
			struct ast_conds xattrs;
			bool has_xattrs;
			struct ast_words identities;
			struct ast_words flags;
			bool has_flags;
			struct ast_node *body;
		} profile;
		struct {                 /* AST_BLOCK */
			struct ast_node *body;
		} block;
		struct {                 /* AST_IF */
			struct ast_expr *cond;
			struct ast_node *then_body;
			struct ast_node *else_body;   /* a block's items, or a single AST_IF */
			bool has_else;
			bool else_is_if;
		} cond;
		struct {                 /* AST_FILE, AST_LINK */
			bool file_keyword;   /* 'file' written */
			bool bare;           /* 'file,' alone */
			enum ast_exec_mode exec_mode;
			struct ast_word path;
			struct ast_word perms;    /* AST_FILE */
			bool perms_first;    /* leading permission form: 'rw /path,' */
			bool subset;         /* link subset / <= */
			struct ast_word target;   /* '-> target', text NULL if absent */
		} file;
		struct {                 /* AST_CHANGE_PROFILE */
			enum ast_exec_mode exec_mode;
			struct ast_word exec;     /* exec condition, text NULL if absent */
			struct ast_word target;   /* text NULL if absent */
		} change_profile;
		struct {                 /* AST_CAPABILITY */
			struct ast_words names;
		} capability;
		struct {                 /* the conditional-style classes */
			struct ast_words perms;   /* permission words (keyword tokens, VALUEs, MODE) */
			bool perms_paren;
			struct ast_words ids;     /* positional words: network domain/type, mount
			                           * source, mqueue name, pivot_root new root */
			struct ast_conds conds;
			struct ast_word list_name;/* 'peer' / 'xattrs' group name, text NULL if none */
			struct ast_conds list_conds;
			bool has_arrow;
			struct ast_conds dst_conds;   /* mount: conditionals after '->' */
			struct ast_word dst;          /* mount point / pivot_root profile */
		} cls;
		struct {                 /* AST_RLIMIT */
			struct ast_word name;
			struct ast_word value;
			struct ast_word unit;     /* text NULL if absent */
		} rlimit;
	} u;
};

/* The parsed contents of one source file. */
struct ast_unit {
	const struct source_file *src;
	struct ast_node *items;
	bool body;              /* parsed as profile body (rules) rather than top level */
	bool ok;                /* no syntax error */
};

const char *ast_kind_name(enum ast_kind k);   /* "file rule", "network rule", ... */

#endif
