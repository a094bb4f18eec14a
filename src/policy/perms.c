/* perms: see perms.h. */
#include "policy/perms.h"

#include <ctype.h>
#include <string.h>

/*
 * A second exec qualifier is accepted only when it repeats the first one
 * exactly ("pxpx"); any other combination ("ixpx") is a conflict.
 */
#define EXEC_TYPE_BITS (AA_MAY_EXEC | AA_EXEC_UNSAFE | AA_EXEC_INHERIT | AA_EXEC_PUX | \
			AA_EXEC_TYPE_MASK)

static bool differs(uint32_t have, uint32_t want)
{
	return (have & AA_MAY_EXEC) && ((have & EXEC_TYPE_BITS) != (want & EXEC_TYPE_BITS));
}

struct perms_parse perms_parse_file(const char *s)
{
	struct perms_parse r = { 0, false, false, -1, NULL };
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		char next = s[i + 1];
		uint32_t t = 0;
		switch (c) {
		case 'r': r.perms |= AA_MAY_READ; continue;
		case 'w':
			if ((r.perms & AA_MAY_APPEND) && !(r.perms & AA_MAY_WRITE)) {
				r.error_pos = (int)i;
				r.error = "'a' and 'w' are mutually exclusive";
				return r;
			}
			r.perms |= AA_MAY_WRITE | AA_MAY_APPEND;
			continue;
		case 'a':
			if (r.perms & AA_MAY_WRITE) {
				r.error_pos = (int)i;
				r.error = "'a' and 'w' are mutually exclusive";
				return r;
			}
			r.perms |= AA_MAY_APPEND;
			continue;
		case 'l': r.perms |= AA_MAY_LINK; continue;
		case 'k': r.perms |= AA_MAY_LOCK; continue;
		case 'm': r.perms |= AA_EXEC_MMAP; continue;
		case 'x': r.perms |= AA_MAY_EXEC; continue;
		case 'i':
		case 'I':
			/* only an exec index (px, cx, ux) conflicts with a plain 'ix' */
			if (r.perms & AA_EXEC_TYPE_MASK) {
				r.error_pos = (int)i;
				r.error = "conflicting exec qualifiers";
				return r;
			}
			if (c == 'I' || next != tolower((unsigned char)next))
				r.uppercase = true;
			r.perms |= AA_EXEC_INHERIT | AA_MAY_EXEC;
			i++;
			continue;
		case 'u':
		case 'U':
			t = AA_EXEC_UNCONFINED | AA_MAY_EXEC;
			if (c == 'u') {
				t |= AA_EXEC_UNSAFE;
				r.unconfined_unsafe = true;
			}
			if (differs(r.perms, t)) {
				r.error_pos = (int)i;
				r.error = "conflicting exec qualifiers";
				return r;
			}
			r.perms |= t;
			i++;
			continue;
		case 'p':
		case 'P':
		case 'c':
		case 'C': {
			bool profile = tolower((unsigned char)c) == 'p';
			t = (profile ? AA_EXEC_PROFILE : AA_EXEC_LOCAL) | AA_MAY_EXEC;
			if (islower((unsigned char)c))
				t |= AA_EXEC_UNSAFE;
			char ln = (char)tolower((unsigned char)next);
			if (ln == 'i') {
				t |= AA_EXEC_INHERIT;
				i += 2;
			} else if (ln == 'u') {
				t |= AA_EXEC_PUX;
				i += 2;
			} else {
				i++;
			}
			if (differs(r.perms, t)) {
				r.error_pos = (int)(ln == 'i' || ln == 'u' ? i - 2 : i - 1);
				r.error = "conflicting exec qualifiers";
				return r;
			}
			r.perms |= t;
			continue;
		}
		default:
			if (strchr("RWALMX", c)) {
				r.uppercase = true;
				char lc = (char)tolower((unsigned char)c);
				if (lc == 'w' && (r.perms & AA_MAY_APPEND) && !(r.perms & AA_MAY_WRITE)) {
					r.error_pos = (int)i;
					r.error = "'a' and 'w' are mutually exclusive";
					return r;
				}
				r.perms |= lc == 'r' ? AA_MAY_READ
					   : lc == 'w' ? (AA_MAY_WRITE | AA_MAY_APPEND)
					   : lc == 'a' ? AA_MAY_APPEND
					   : lc == 'l' ? AA_MAY_LINK
					   : lc == 'm' ? AA_EXEC_MMAP : AA_MAY_EXEC;
				continue;
			}
			r.error_pos = (int)i;
			r.error = "not a file permission";
			return r;
		}
	}
	return r;
}
