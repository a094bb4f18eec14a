/*
 * perms: the permission bits of file rules, in the layout the kernel's file
 * DFA uses for one half (owner or other) — see binary-policy-format.md §4.1 —
 * and the parser of permission strings such as "rwix" or "Px".
 */
#ifndef CONFINE_POLICY_PERMS_H
#define CONFINE_POLICY_PERMS_H

#include <stdbool.h>
#include <stdint.h>

#define AA_MAY_EXEC        0x0001u
#define AA_MAY_WRITE       0x0002u
#define AA_MAY_READ        0x0004u
#define AA_MAY_APPEND      0x0008u
#define AA_MAY_LINK        0x0010u
#define AA_MAY_LOCK        0x0020u
#define AA_EXEC_MMAP       0x0040u
#define AA_EXEC_PUX        0x0080u   /* ux fallback (pux, cux) */
#define AA_EXEC_UNSAFE     0x0100u
#define AA_EXEC_INHERIT    0x0200u
#define AA_EXEC_UNCONFINED 0x0400u   /* index 1 */
#define AA_EXEC_PROFILE    0x0800u   /* index 2 */
#define AA_EXEC_LOCAL      0x0c00u   /* index 3 (cx) */
#define AA_EXEC_TYPE_MASK  0x3c00u
#define AA_EXEC_MODIFIERS  (AA_EXEC_TYPE_MASK | AA_EXEC_INHERIT | AA_EXEC_PUX)

struct perms_parse {
	uint32_t perms;
	bool uppercase;           /* deprecated uppercase letters */
	bool unconfined_unsafe;   /* ux: dangerous */
	int error_pos;            /* -1, or index of the offending character */
	const char *error;        /* message for error_pos */
};

/* Parse a file permission string (one half). */
struct perms_parse perms_parse_file(const char *s);

/* Whether the perms name an exec transition type (ix, px, cx, ux...). */
static inline bool perms_has_exec_type(uint32_t p)
{
	return (p & (AA_EXEC_TYPE_MASK | AA_EXEC_INHERIT | AA_EXEC_PUX)) != 0;
}

#endif
