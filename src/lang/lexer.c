/*
 * lexer: see lexer.h.
 *
 * Each lexical mode has an ordered list of patterns. At a position every
 * pattern of the current mode is tried; the longest match wins (a pattern's
 * trailing context counts towards its length but is not consumed), and on a
 * tie the pattern listed first wins. This reproduces the tokenisation of
 * upstream's scanner, which users' profiles depend on, with hand-written
 * matchers instead of a generated table.
 */
#include "lang/lexer.h"

#include <ctype.h>
#include <string.h>

enum lex_state {
	S_INITIAL, S_SUB_ID, S_SUB_ID_WS, S_SUB_VALUE, S_IDENTITY_VALUE, S_EXTCOND,
	S_EXTCONDLIST, S_NETWORK, S_LIST_VAL, S_LIST_COND, S_LIST_COND_VAL,
	S_LIST_COND_PAREN_VAL, S_ASSIGN, S_RLIMIT, S_MOUNT, S_DBUS, S_SIGNAL, S_PTRACE,
	S_UNIX, S_CHANGE_PROFILE, S_INCLUDE, S_INCLUDE_EXISTS, S_ABI, S_USERNS, S_MQUEUE,
	S_IOURING, S_INTEGER, S_EXPR, S_ASSIGN_EXPR, S_ASSIGN_EXPR_START,
	S__COUNT
};

#define BIT(s) (1ull << (s))
/* the "rule classes" whose arguments share patterns */
#define CLASS_MODES (BIT(S_MOUNT) | BIT(S_DBUS) | BIT(S_SIGNAL) | BIT(S_PTRACE) | \
		     BIT(S_UNIX) | BIT(S_MQUEUE) | BIT(S_NETWORK))

/* ---- character classes --------------------------------------------------- */

static bool is_blank(int c) { return c == ' ' || c == '\t'; }

/*
 * [^ \t\r\n"!,], and never a NUL byte: token text is handled as C strings, so
 * a NUL inside a word would silently cut it short; it is reported instead.
 */
static bool id_char(int c)
{
	return c > 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"' && c != '!' &&
	       c != ',';
}

/* [^ \t\n"!,] : like id_char but \r is allowed (upstream's later patterns) */
static bool id_char_cr(int c)
{
	return c > 0 && c != ' ' && c != '\t' && c != '\n' && c != '"' && c != '!' && c != ',';
}

struct scan {
	const char *p;
	const char *end;
};

static int at(const struct scan *s, size_t i)
{
	return s->p + i < s->end ? (unsigned char)s->p[i] : -1;
}

static bool escapable_basic(int c)
{
	return c == ' ' || c == '\t' || c == '"' || c == '!' || c == ',';
}

/* One ID element at offset i: returns its length (0 if none). */
static size_t id_elem(const struct scan *s, size_t i, bool first)
{
	int c = at(s, i);
	if (c < 0)
		return 0;
	if (c == '\\' && at(s, i + 1) >= 0 &&
	    (escapable_basic(at(s, i + 1)) || (first && at(s, i + 1) == '#')))
		return 2;
	if (id_char(c))
		return 1;
	if (c == ',' && at(s, i + 1) >= 0 && id_char(at(s, i + 1)))
		return 2;
	return 0;
}

/* IDS: ID_FIRST ID* */
static size_t m_ids(const struct scan *s)
{
	size_t n = id_elem(s, 0, true);
	if (!n)
		return 0;
	size_t e;
	while ((e = id_elem(s, n, false)))
		n += e;
	return n;
}

/* ID* from offset i */
static size_t id_tail(const struct scan *s, size_t i)
{
	size_t e;
	while ((e = id_elem(s, i, false)))
		i += e;
	return i;
}

/* "…" with \" allowed inside; the longest valid closing quote wins. */
static size_t m_quoted(const struct scan *s, bool label, bool nonempty)
{
	if (at(s, 0) != '"')
		return 0;
	if (label) {
		int c = at(s, 1);
		if (c != '/' && c != '@' && c != ':' && c != '&')
			return 0;
	}
	size_t best = 0;
	for (size_t j = 1;; j++) {
		int c = at(s, j);
		if (c <= 0)
			break;
		if (c == '"') {
			if (!nonempty || j > 1)
				best = j + 1;
			if (!(j > 1 && at(s, j - 1) == '\\'))
				break;
		}
	}
	return best;
}

static size_t m_varname(const struct scan *s, size_t i)
{
	size_t n = 0;
	if (!isalpha(at(s, i)) || at(s, i) < 0)
		return 0;
	n = 1;
	while (at(s, i + n) >= 0 && (isalnum(at(s, i + n)) || at(s, i + n) == '_'))
		n++;
	return n;
}

/* @{NAME} | @NAME (prefix char given) */
static size_t m_var(const struct scan *s, size_t i, int prefix)
{
	if (at(s, i) != prefix)
		return 0;
	if (at(s, i + 1) == '{') {
		size_t n = m_varname(s, i + 2);
		if (!n || at(s, i + 2 + n) != '}')
			return 0;
		return n + 3;
	}
	size_t n = m_varname(s, i + 1);
	return n ? n + 1 : 0;
}

static bool post_var_char(int c)
{
	return c > 0 && c != ' ' && c != '\t' && c != '\n' && c != '"' && c != '!' && c != ',' &&
	       c != '=' && c != '+' && c != '?';
}

/* POST_VAR_ID at offset i */
static size_t post_var_id(const struct scan *s, size_t i)
{
	size_t best = 0;
	int c = at(s, i);
	if (post_var_char(c))
		best = 1;
	if (c == ',' && post_var_char(at(s, i + 1)))
		best = 2;
	if (c == '\\') {
		int d = at(s, i + 1);
		if (d >= 0 && (escapable_basic(d) || d == '(' || d == ')'))
			best = 2;
	}
	if (c > 0 && c != ' ' && c != '\t' && c != '\n' && c != '"' && c != '!' && c != ',' &&
	    c != '=' && c != '+' && at(s, i + 1) == '?')
		best = 2;
	return best;
}

/* LABEL: (/ | SET_VARIABLE POST_VAR_ID | :[^=] | &) ID* */
static size_t m_label(const struct scan *s)
{
	int c = at(s, 0);
	size_t n = 0;
	if (c == '/' || c == '&') {
		n = 1;
	} else if (c == ':') {
		if (at(s, 1) < 0 || at(s, 1) == '=')
			return 0;
		n = 2;
	} else if (c == '@') {
		size_t v = m_var(s, 0, '@');
		if (!v)
			return 0;
		size_t pv = post_var_id(s, v);
		if (!pv)
			return 0;
		n = v + pv;
	} else {
		return 0;
	}
	return id_tail(s, n);
}

/* MODES followed by [[:space:],] (trailing context) */
static size_t m_modes(const struct scan *s, size_t *total)
{
	size_t n = 0;
	for (;;) {
		int c = at(s, n), d = at(s, n + 1), e = at(s, n + 2);
		int lc = c >= 0 ? tolower(c) : -1;
		int ld = d >= 0 ? tolower(d) : -1;
		int le = e >= 0 ? tolower(e) : -1;
		if ((lc == 'p' || lc == 'c') && (ld == 'i' || ld == 'u') && le == 'x')
			n += 3;
		else if ((lc == 'p' || lc == 'c' || lc == 'i' || lc == 'u') && ld == 'x')
			n += 2;
		else if (c > 0 && strchr("RrWwaLlMmkXx", c))
			n += 1;
		else
			break;
	}
	if (!n)
		return 0;
	int t = at(s, n);
	if (t < 0 || !(isspace(t) || t == ','))
		return 0;
	*total = n + 1;
	return n;
}

/* IDS_NOEQ */
static bool noeq_lead(int c)
{
	return c >= 0 && id_char_cr(c) && !strchr("=()+&", c);
}

static bool noeq_char(int c)
{
	return c >= 0 && id_char_cr(c) && c != '=' && c != ')';
}

static size_t m_ids_noeq(const struct scan *s)
{
	if (!noeq_lead(at(s, 0)))
		return 0;
	size_t n = 1;
	for (;;) {
		if (noeq_char(at(s, n)))
			n++;
		else if (at(s, n) == ',' && noeq_char(at(s, n + 1)))
			n += 2;
		else
			break;
	}
	return n;
}

/* LIST_VALUE_ID */
static size_t m_list_value_id(const struct scan *s)
{
	size_t n = 0;
	for (;;) {
		int c = at(s, n);
		if (c < 0)
			break;
		if (c == '\\' && at(s, n + 1) >= 0 &&
		    (escapable_basic(at(s, n + 1)) || at(s, n + 1) == '(' || at(s, n + 1) == ')'))
			n += 2;
		else if (id_char_cr(c) && c != '(' && c != ')')
			n++;
		else
			break;
	}
	return n;
}

/* ID_CHARS_NOEQ+ */
static size_t m_id_chars_noeq(const struct scan *s)
{
	size_t n = 0;
	while (noeq_char(at(s, n)))
		n++;
	return n;
}

/* INC_IDS */
static size_t m_inc_ids(const struct scan *s)
{
	size_t n = 0;
	for (;;) {
		int c = at(s, n);
		if (c < 0)
			break;
		bool ok = id_char(c) && c != '<' && c != '>';
		if (c == '\\' && at(s, n + 1) >= 0 && escapable_basic(at(s, n + 1)))
			n += 2;
		else if (ok)
			n++;
		else if (c == ',' && at(s, n + 1) >= 0 && id_char(at(s, n + 1)) &&
			 at(s, n + 1) != '<' && at(s, n + 1) != '>')
			n += 2;
		else
			break;
	}
	return n;
}

static size_t skip_blanks(const struct scan *s, size_t i)
{
	while (is_blank(at(s, i)))
		i++;
	return i;
}

/* literal word w, returns its length or 0 */
static size_t m_lit(const struct scan *s, const char *w)
{
	/* most literals are tried where they cannot start: reject on the first byte */
	if (s->p >= s->end || *s->p != *w)
		return 0;
	size_t n = strlen(w);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return 0;
	return n;
}

/* to the end of the line, including \r?\n; 0 if the input ends first */
static size_t rest_of_line(const struct scan *s, size_t i)
{
	while (at(s, i) >= 0 && at(s, i) != '\n')
		i++;
	if (at(s, i) == '\n')
		return i + 1;
	return 0;
}

/* ---- escapes --------------------------------------------------------------- */

static int digit_val(int c, int base)
{
	int v;
	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'z')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? v : -1;
}

/* Number of up to maxdigits digits in base, value <= 255. */
static long scan_number(const char *p, const char *end, int base, size_t maxdigits,
			const char **after)
{
	long val = 0;
	size_t k = 0;
	while (k < maxdigits && p < end) {
		int d = digit_val((unsigned char)*p, base);
		if (d < 0)
			break;
		long t = val * base + d;
		if (t > 255)
			break;
		val = t;
		p++;
		k++;
	}
	*after = p;
	return k ? val : -1;
}

/* Decode one escape; *pos is just after the backslash. -1 if unsupported. */
static long decode_escape(const char **pos, const char *end)
{
	const char *p = *pos;
	if (p >= end)
		return -1;
	const char *after;
	if (*p >= '0' && *p <= '7') {
		long v = scan_number(p, end, 8, 3, &after);
		*pos = after;
		return v;
	}
	char c = *p++;
	switch (c) {
	case '\\': *pos = p; return '\\';
	case '"': *pos = p; return '"';
	case 'd': {
		long v = scan_number(p, end, 10, 3, &after);
		if (v < 0)
			return -1;
		*pos = after;
		return v;
	}
	case 'x': {
		long v = scan_number(p, end, 16, 2, &after);
		if (v < 0)
			return -1;
		*pos = after;
		return v;
	}
	case 'a': *pos = p; return '\a';
	case 'e': *pos = p; return 033;
	case 'f': *pos = p; return '\f';
	case 'n': *pos = p; return '\n';
	case 'r': *pos = p; return '\r';
	case 't': *pos = p; return '\t';
	}
	return -1;
}

char *lang_unescape(struct arena *a, const char *s, size_t len, size_t *outlen)
{
	char *buf = arena_alloc(a, len * 2 + 1);
	char *o = buf;
	const char *end = s + len;
	while (s < end) {
		if (*s == '\\' && end - s > 1) {
			const char *pos = s + 1;
			long c = decode_escape(&pos, end);
			if (c >= 0) {
				if (c == 0) {
					/* an encoded NUL stays spelled out for the pattern converter */
					memcpy(o, s, (size_t)(pos - s));
					o += pos - s;
				} else if (strchr("*?[]{}^,\\", (int)c)) {
					*o++ = '\\';
					*o++ = (char)c;
				} else {
					*o++ = (char)c;
				}
				s = pos;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = '\0';
	if (outlen)
		*outlen = (size_t)(o - buf);
	return buf;
}

/* ---- keywords -------------------------------------------------------------- */

struct keyword {
	const char *name;
	enum token_kind kind;
	int push;   /* mode entered after the keyword */
};

static const struct keyword keywords[] = {
	{ "network", TOK_NETWORK, S_NETWORK },
	{ "unix", TOK_UNIX, S_UNIX },
	{ "capability", TOK_CAPABILITY, S_INITIAL },
	{ "if", TOK_IF, S_EXPR },
	{ "else", TOK_ELSE, S_INITIAL },
	{ "not", TOK_NOT, S_INITIAL },
	{ "defined", TOK_DEFINED, S_INITIAL },
	{ "change_profile", TOK_CHANGE_PROFILE, S_CHANGE_PROFILE },
	{ "unsafe", TOK_UNSAFE, S_INITIAL },
	{ "safe", TOK_SAFE, S_INITIAL },
	{ "link", TOK_LINK, S_INITIAL },
	{ "owner", TOK_OWNER, S_INITIAL },
	{ "user", TOK_OWNER, S_INITIAL },
	{ "other", TOK_OTHER, S_INITIAL },
	{ "subset", TOK_SUBSET, S_INITIAL },
	{ "audit", TOK_AUDIT, S_INITIAL },
	{ "deny", TOK_DENY, S_INITIAL },
	{ "allow", TOK_ALLOW, S_INITIAL },
	{ "prompt", TOK_PROMPT, S_INITIAL },
	{ "set", TOK_SET, S_INITIAL },
	{ "rlimit", TOK_RLIMIT, S_RLIMIT },
	{ "alias", TOK_ALIAS, S_INITIAL },
	{ "rewrite", TOK_ALIAS, S_INITIAL },
	{ "ptrace", TOK_PTRACE, S_PTRACE },
	{ "file", TOK_FILE, S_INITIAL },
	{ "mount", TOK_MOUNT, S_MOUNT },
	{ "remount", TOK_REMOUNT, S_MOUNT },
	{ "umount", TOK_UMOUNT, S_MOUNT },
	{ "unmount", TOK_UMOUNT, S_MOUNT },
	{ "pivot_root", TOK_PIVOTROOT, S_INITIAL },
	{ "in", TOK_IN, S_INITIAL },
	{ "dbus", TOK_DBUS, S_DBUS },
	{ "signal", TOK_SIGNAL, S_SIGNAL },
	{ "send", TOK_SEND, S_INITIAL },
	{ "receive", TOK_RECEIVE, S_INITIAL },
	{ "bind", TOK_BIND, S_INITIAL },
	{ "read", TOK_READ, S_INITIAL },
	{ "write", TOK_WRITE, S_INITIAL },
	{ "eavesdrop", TOK_EAVESDROP, S_INITIAL },
	{ "peer", TOK_PEER, S_INITIAL },
	{ "trace", TOK_TRACE, S_INITIAL },
	{ "tracedby", TOK_TRACEDBY, S_INITIAL },
	{ "readby", TOK_READBY, S_INITIAL },
	{ "abi", TOK_ABI, S_ABI },
	{ "userns", TOK_USERNS, S_USERNS },
	{ "mqueue", TOK_MQUEUE, S_MQUEUE },
	{ "delete", TOK_DELETE, S_INITIAL },
	{ "open", TOK_OPEN_KW, S_INITIAL },
	{ "io_uring", TOK_IO_URING, S_INITIAL },
	{ "override_creds", TOK_OVERRIDE_CREDS, S_INITIAL },
	{ "sqpoll", TOK_SQPOLL, S_INITIAL },
	{ "all", TOK_ALL, S_INITIAL },
	{ "priority", TOK_PRIORITY, S_INITIAL },
	{ "and", TOK_AND, S_INITIAL },
	{ "or", TOK_OR, S_INITIAL },
};

static const struct keyword *find_keyword(const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].name) == n && memcmp(keywords[i].name, p, n) == 0)
			return &keywords[i];
	return NULL;
}

/* ---- the scanner ------------------------------------------------------------ */

enum action {
	A_NONE,
	A_WS, A_NEWLINE, A_INCLUDE_NAME, A_IDENTITIES, A_CONDLISTID, A_PRIORITY, A_FLAGS,
	A_CONDID, A_SUBID, A_SUBVALUE, A_IDENTITY_VALUE, A_LV_CLOSE, A_LV_COMMA, A_LV_VALUE,
	A_EC_EQ_VALUE, A_EC_EQ, A_EC_OPEN, A_EC_IN, A_LCV_VALUE, A_LCPV_CLOSE, A_LCPV_VALUE,
	A_LC_CLOSE, A_LC_COMMA, A_LC_CONDID, A_LC_EQ_PAREN, A_LC_EQ, A_ECL_EQ, A_ECL_OPEN,
	A_ASSIGN_VALUE, A_ASSIGN_COMMA, A_ASSIGN_COMMENT, A_CONTINUATION, A_ASSIGN_NEWLINE,
	A_CP_SAFE, A_CP_UNSAFE, A_CP_ARROW, A_CP_ID, A_RL_VALUE, A_RL_KEYWORD, A_RL_LE,
	A_KW_TOKEN, A_PERM_OPEN, A_PERM_MODE, A_MOUNT_ARROW, A_CLASS_ID, A_INT_EQ, A_INT_VALUE,
	A_BOOL_ASSIGN, A_SET_VAR, A_BOOL_VAR, A_EXPR_OPEN, A_AE_COMMA, A_AE_COMMENT,
	A_AE_NEWLINE, A_EXPR_TOKEN, A_EXPR_ID, A_AES_ASSIGN, A_POUND_INCLUDE_EXISTS,
	A_INCLUDE_EXISTS, A_POUND_INCLUDE, A_INCLUDE, A_ALL, A_COMMENT, A_CARET, A_ARROW,
	A_EQUALS, A_PLUS, A_ADD_ASSIGN, A_COND_ASSIGN, A_OVERRIDE_ASSIGN, A_OPEN, A_CLOSE,
	A_LABEL, A_MODES, A_HAT, A_PROFILE, A_COLON, A_OPENPAREN, A_VARNAME, A_END_OF_RULE,
};

struct candidate {
	size_t total;     /* length used to pick the longest match */
	size_t consume;   /* bytes consumed */
	enum action action;
	enum token_kind kind;   /* for A_KW_TOKEN / A_EXPR_TOKEN / assignment ops */
};

static void offer(struct candidate *best, size_t consume, size_t total, enum action a,
		  enum token_kind kind)
{
	if (consume == 0 && total == 0)
		return;
	if (total > best->total) {
		best->total = total;
		best->consume = consume;
		best->action = a;
		best->kind = kind;
	}
}

static void offer_lit(struct candidate *best, const struct scan *s, const char *w, enum action a,
		      enum token_kind kind)
{
	size_t n = m_lit(s, w);
	if (n)
		offer(best, n, n, a, kind);
}

void lexer_init(struct lexer *lx, const struct source_file *src, struct arena *arena,
		struct diag_engine *diag)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->start = src->text;
	lx->p = src->text;
	lx->end = src->text + src->len;
	lx->arena = arena;
	lx->diag = diag;
	lx->state = S_INITIAL;
}

static void push(struct lexer *lx, int state)
{
	/*
	 * A keyword that stays in S_INITIAL (owner, deny, file, ...) would leave
	 * an entry no ',' ever pops; hundreds of rules filled the stack and later
	 * real pushes (peer=(label=...)) were lost. Such a push changes nothing.
	 */
	if (state == S_INITIAL && lx->state == S_INITIAL)
		return;
	if (lx->depth < LEXER_MAX_DEPTH)
		lx->stack[lx->depth++] = lx->state;
	/* beyond the depth only keyword pushes of S_INITIAL happen; they are no-ops */
	lx->state = state;
}

static void pop(struct lexer *lx)
{
	if (lx->depth > 0)
		lx->state = lx->stack[--lx->depth];
	else
		lx->state = S_INITIAL;
}

static bool in_states(int state, unsigned long long set)
{
	return (set >> state) & 1;
}

static void find_match(const struct lexer *lx, struct candidate *best)
{
	struct scan sc = { lx->p, lx->end };
	const struct scan *s = &sc;
	int st = lx->state;
	size_t n, total;

	memset(best, 0, sizeof(*best));

	/* whitespace */
	const unsigned long long ws_states = ~(BIT(S_SUB_ID) | BIT(S_SUB_VALUE));
	if (in_states(st, ws_states) && is_blank(at(s, 0))) {
		n = skip_blanks(s, 0);
		offer(best, n, n, A_WS, TOK_EOF);
	}

	/* include / abi file names */
	if (st == S_INCLUDE || st == S_INCLUDE_EXISTS || st == S_ABI) {
		n = 0;
		if (at(s, 0) == '<') {
			/* < "quoted" > with optional blanks inside the brackets */
			size_t b = skip_blanks(s, 1);
			size_t q = m_quoted(&(struct scan){ s->p + b, s->end }, false, false);
			size_t k = 1;
			size_t e = q ? skip_blanks(s, b + q) : 0;
			if (q && at(s, e) == '>') {
				n = e + 1;
			} else {
				while (at(s, k) >= 0 && !strchr("\">\t\r\n", at(s, k)))
					k++;
				if (k > 1 && at(s, k) == '>')
					n = k + 1;
			}
		}
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		size_t ids = m_inc_ids(s);
		if (ids > n)
			n = ids;
		if (n)
			offer(best, n, n, A_INCLUDE_NAME, TOK_ID);
	}

	/* identities= */
	if (in_states(st, CLASS_MODES | BIT(S_INITIAL) | BIT(S_IDENTITY_VALUE))) {
		n = m_lit(s, "identities");
		if (n) {
			size_t k = skip_blanks(s, n);
			if (at(s, k) == '=')
				offer(best, n, k + 1, A_IDENTITIES, TOK_IDENTITIES);
		}
	}

	if (in_states(st, CLASS_MODES | BIT(S_INITIAL))) {
		const char *listids[] = { "peer", "xattrs" };
		for (int i = 0; i < 2; i++) {
			n = m_lit(s, listids[i]);
			if (!n)
				continue;
			size_t k = skip_blanks(s, n);
			if (at(s, k) != '=')
				continue;
			k = skip_blanks(s, k + 1);
			if (at(s, k) == '(')
				offer(best, n, k + 1, A_CONDLISTID, TOK_CONDLISTID);
		}
		n = m_lit(s, "priority");
		if (n) {
			size_t k = skip_blanks(s, n);
			if (at(s, k) == '=')
				offer(best, n, k + 1, A_PRIORITY, TOK_PRIORITY);
		}
		n = m_lit(s, "flags");
		if (n) {
			size_t k = skip_blanks(s, n);
			if (at(s, k) == '=')
				offer(best, n, k + 1, A_FLAGS, TOK_FLAGS);
		}
		n = m_varname(s, 0);
		if (n) {
			size_t k = skip_blanks(s, n);
			if (at(s, k) == '=')
				offer(best, n, k + 1, A_CONDID, TOK_CONDID);
			if (k > n && at(s, k) == 'i' && at(s, k + 1) == 'n') {
				size_t j = skip_blanks(s, k + 2);
				if (at(s, j) == '(')
					offer(best, n, j + 1, A_CONDID, TOK_CONDID);
			}
		}
	}

	switch (st) {
	case S_SUB_ID:
	case S_SUB_ID_WS:
	case S_SUB_VALUE: {
		n = m_ids(s);
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, st == S_SUB_VALUE ? A_SUBVALUE : A_SUBID, TOK_EOF);
		break;
	}
	case S_IDENTITY_VALUE: {
		n = 0;
		while (at(s, n) >= 0 && id_char(at(s, n)) && !strchr("{}\\=", at(s, n)))
			n++;
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_IDENTITY_VALUE, TOK_EOF);
		break;
	}
	case S_LIST_VAL: {
		offer_lit(best, s, ")", A_LV_CLOSE, TOK_CLOSEPAREN);
		offer_lit(best, s, ",", A_LV_COMMA, TOK_EOF);
		n = m_list_value_id(s);
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_LV_VALUE, TOK_VALUE);
		break;
	}
	case S_EXTCOND: {
		if (at(s, 0) == '=') {
			size_t k = skip_blanks(s, 1);
			int c = at(s, k);
			if (c >= 0 && c != '(' && c != '\n' && !is_blank(c))
				offer(best, k, k + 1, A_EC_EQ_VALUE, TOK_EQUALS);
			offer(best, 1, 1, A_EC_EQ, TOK_EQUALS);
		}
		offer_lit(best, s, "(", A_EC_OPEN, TOK_OPENPAREN);
		offer_lit(best, s, "in", A_EC_IN, TOK_IN);
		break;
	}
	case S_LIST_COND_VAL:
	case S_LIST_COND_PAREN_VAL: {
		if (st == S_LIST_COND_PAREN_VAL)
			offer_lit(best, s, ")", A_LCPV_CLOSE, TOK_EOF);
		n = m_list_value_id(s);
		size_t q = m_quoted(s, false, true);
		if (q > n)
			n = q;
		offer(best, n, n, st == S_LIST_COND_VAL ? A_LCV_VALUE : A_LCPV_VALUE, TOK_VALUE);
		break;
	}
	case S_LIST_COND: {
		offer_lit(best, s, ")", A_LC_CLOSE, TOK_CLOSEPAREN);
		offer_lit(best, s, ",", A_LC_COMMA, TOK_EOF);
		n = m_id_chars_noeq(s);
		offer(best, n, n, A_LC_CONDID, TOK_CONDID);
		if (at(s, 0) == '=') {
			size_t k = skip_blanks(s, 1);
			if (at(s, k) == '(')
				offer(best, k + 1, k + 1, A_LC_EQ_PAREN, TOK_EQUALS);
			offer(best, 1, 1, A_LC_EQ, TOK_EQUALS);
		}
		break;
	}
	case S_EXTCONDLIST:
		offer_lit(best, s, "=", A_ECL_EQ, TOK_EQUALS);
		offer_lit(best, s, "(", A_ECL_OPEN, TOK_OPENPAREN);
		break;
	case S_ASSIGN: {
		n = m_ids(s);
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_ASSIGN_VALUE, TOK_VALUE);
		offer_lit(best, s, ",", A_ASSIGN_COMMA, TOK_EOF);
		if (at(s, 0) == '#') {
			n = rest_of_line(s, 0);
			offer(best, n, n, A_ASSIGN_COMMENT, TOK_EOF);
		}
		offer_lit(best, s, "\\\n", A_CONTINUATION, TOK_EOF);
		offer_lit(best, s, "\r\n", A_ASSIGN_NEWLINE, TOK_EOF);
		offer_lit(best, s, "\n", A_ASSIGN_NEWLINE, TOK_EOF);
		break;
	}
	case S_CHANGE_PROFILE: {
		offer_lit(best, s, "safe", A_CP_SAFE, TOK_SAFE);
		offer_lit(best, s, "unsafe", A_CP_UNSAFE, TOK_UNSAFE);
		offer_lit(best, s, "->", A_CP_ARROW, TOK_ARROW);
		n = m_ids(s);
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_CP_ID, TOK_ID);
		break;
	}
	case S_RLIMIT: {
		n = at(s, 0) == '-' ? 1 : 0;
		size_t d = 0;
		while (at(s, n + d) >= '0' && at(s, n + d) <= '9')
			d++;
		if (d)
			offer(best, n + d, n + d, A_RL_VALUE, TOK_VALUE);
		n = 0;
		while (at(s, n) >= 0 && (isalpha(at(s, n)) || at(s, n) == '_'))
			n++;
		offer(best, n, n, A_RL_KEYWORD, TOK_ID);
		offer_lit(best, s, "<=", A_RL_LE, TOK_LE);
		break;
	}
	default:
		break;
	}

	/* class keywords */
	if (st == S_UNIX || st == S_NETWORK) {
		offer_lit(best, s, "listen", A_KW_TOKEN, TOK_LISTEN);
		offer_lit(best, s, "accept", A_KW_TOKEN, TOK_ACCEPT);
		offer_lit(best, s, "connect", A_KW_TOKEN, TOK_CONNECT);
		offer_lit(best, s, "getopt", A_KW_TOKEN, TOK_GETOPT);
		offer_lit(best, s, "setopt", A_KW_TOKEN, TOK_SETOPT);
		offer_lit(best, s, "shutdown", A_KW_TOKEN, TOK_SHUTDOWN);
	}
	if (st == S_UNIX || st == S_USERNS || st == S_MQUEUE || st == S_NETWORK)
		offer_lit(best, s, "create", A_KW_TOKEN, TOK_CREATE);
	if (st == S_MQUEUE) {
		offer_lit(best, s, "open", A_KW_TOKEN, TOK_OPEN_KW);
		offer_lit(best, s, "delete", A_KW_TOKEN, TOK_DELETE);
	}
	if (st == S_UNIX || st == S_MQUEUE || st == S_NETWORK) {
		offer_lit(best, s, "getattr", A_KW_TOKEN, TOK_GETATTR);
		offer_lit(best, s, "setattr", A_KW_TOKEN, TOK_SETATTR);
	}
	if (st == S_DBUS || st == S_UNIX || st == S_NETWORK)
		offer_lit(best, s, "bind", A_KW_TOKEN, TOK_BIND);
	if (st == S_DBUS)
		offer_lit(best, s, "eavesdrop", A_KW_TOKEN, TOK_EAVESDROP);
	if (st == S_DBUS || st == S_SIGNAL || st == S_UNIX || st == S_NETWORK) {
		offer_lit(best, s, "send", A_KW_TOKEN, TOK_SEND);
		offer_lit(best, s, "receive", A_KW_TOKEN, TOK_RECEIVE);
	}
	if (st == S_PTRACE) {
		offer_lit(best, s, "trace", A_KW_TOKEN, TOK_TRACE);
		offer_lit(best, s, "readby", A_KW_TOKEN, TOK_READBY);
		offer_lit(best, s, "tracedby", A_KW_TOKEN, TOK_TRACEDBY);
	}
	if (in_states(st, CLASS_MODES & ~BIT(S_MOUNT))) {
		offer_lit(best, s, "read", A_KW_TOKEN, TOK_READ);
		offer_lit(best, s, "write", A_KW_TOKEN, TOK_WRITE);
		offer_lit(best, s, "(", A_PERM_OPEN, TOK_OPENPAREN);
		const char *m[] = { "rw", "wr", "r", "w" };
		for (int i = 0; i < 4; i++) {
			n = m_lit(s, m[i]);
			int t = at(s, n);
			if (n && t >= 0 && (isspace(t) || t == ','))
				offer(best, n, n + 1, A_PERM_MODE, TOK_MODE);
		}
	}
	if (st == S_MOUNT)
		offer_lit(best, s, "->", A_MOUNT_ARROW, TOK_ARROW);
	if (st == S_IOURING) {
		offer_lit(best, s, "override_creds", A_KW_TOKEN, TOK_OVERRIDE_CREDS);
		offer_lit(best, s, "sqpoll", A_KW_TOKEN, TOK_SQPOLL);
	}
	if (in_states(st, CLASS_MODES | BIT(S_IOURING))) {
		n = m_ids_noeq(s);
		size_t l = m_label(s);
		if (l > n)
			n = l;
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_CLASS_ID, TOK_ID);
	}
	if (st == S_INTEGER) {
		offer_lit(best, s, "=", A_INT_EQ, TOK_EQUALS);
		n = (at(s, 0) == '+' || at(s, 0) == '-') ? 1 : 0;
		size_t d = 0;
		while (at(s, n + d) >= '0' && at(s, n + d) <= '9')
			d++;
		if (d)
			offer(best, n + d, n + d, A_INT_VALUE, TOK_VALUE);
	}
	if (st == S_INITIAL) {
		n = m_var(s, 0, '$');
		if (n) {
			size_t k = skip_blanks(s, n);
			int c = at(s, k), d = at(s, k + 1);
			size_t op = 0;
			if (c == '=')
				op = 1;
			else if ((c == '+' || c == '?' || c == ':') && d == '=')
				op = 2;
			if (op)
				offer(best, n, k + op, A_BOOL_ASSIGN, TOK_BOOL_VAR);
		}
	}
	if (st == S_INITIAL || st == S_EXPR || st == S_ASSIGN_EXPR) {
		n = m_var(s, 0, '@');
		offer(best, n, n, A_SET_VAR, TOK_SET_VAR);
		n = m_var(s, 0, '$');
		offer(best, n, n, A_BOOL_VAR, TOK_BOOL_VAR);
	}
	if (st == S_EXPR)
		offer_lit(best, s, "{", A_EXPR_OPEN, TOK_OPEN);
	if (st == S_ASSIGN_EXPR) {
		offer_lit(best, s, ",", A_AE_COMMA, TOK_EOF);
		if (at(s, 0) == '#') {
			n = rest_of_line(s, 0);
			offer(best, n, n, A_AE_COMMENT, TOK_EOF);
		}
		offer_lit(best, s, "\\\n", A_CONTINUATION, TOK_EOF);
		offer_lit(best, s, "\r\n", A_AE_NEWLINE, TOK_EOF);
		offer_lit(best, s, "\n", A_AE_NEWLINE, TOK_EOF);
	}
	if (st == S_EXPR || st == S_ASSIGN_EXPR) {
		offer_lit(best, s, "(", A_EXPR_TOKEN, TOK_OPENPAREN);
		offer_lit(best, s, ")", A_EXPR_TOKEN, TOK_CLOSEPAREN);
		offer_lit(best, s, "and", A_EXPR_TOKEN, TOK_AND);
		offer_lit(best, s, "or", A_EXPR_TOKEN, TOK_OR);
		offer_lit(best, s, "not", A_EXPR_TOKEN, TOK_NOT);
		offer_lit(best, s, "defined", A_EXPR_TOKEN, TOK_DEFINED);
		offer_lit(best, s, "==", A_EXPR_TOKEN, TOK_EQ_OP);
		offer_lit(best, s, "!=", A_EXPR_TOKEN, TOK_NE_OP);
		offer_lit(best, s, "in", A_EXPR_TOKEN, TOK_IN_OP);
		offer_lit(best, s, ">", A_EXPR_TOKEN, TOK_GT);
		offer_lit(best, s, ">=", A_EXPR_TOKEN, TOK_GE);
		offer_lit(best, s, "<", A_EXPR_TOKEN, TOK_LT);
		offer_lit(best, s, "<=", A_EXPR_TOKEN, TOK_LE);
		n = m_ids_noeq(s);
		size_t l = m_label(s);
		if (l > n)
			n = l;
		size_t q = m_quoted(s, false, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_EXPR_ID, TOK_ID);
	}
	if (st == S_ASSIGN_EXPR_START) {
		offer_lit(best, s, "=", A_AES_ASSIGN, TOK_EQUALS);
		offer_lit(best, s, "+=", A_AES_ASSIGN, TOK_ADD_ASSIGN);
		offer_lit(best, s, "?=", A_AES_ASSIGN, TOK_COND_ASSIGN);
		offer_lit(best, s, ":=", A_AES_ASSIGN, TOK_OVERRIDE_ASSIGN);
	}
	if (st == S_INITIAL) {
		/* '#include if exists' and 'include if exists' */
		const char *forms[] = { "#include", "include" };
		for (int f = 0; f < 2; f++) {
			n = m_lit(s, forms[f]);
			if (!n)
				continue;
			size_t k = skip_blanks(s, n);
			if (k > n && m_lit(&(struct scan){ s->p + k, s->end }, "if") == 2) {
				size_t j = skip_blanks(s, k + 2);
				if (j > k + 2 && m_lit(&(struct scan){ s->p + j, s->end }, "exists") == 6 &&
				    is_blank(at(s, j + 6))) {
					size_t tot = f == 0 ? rest_of_line(s, j + 6) : j + 7;
					if (tot)
						offer(best, j + 6, tot,
						      f == 0 ? A_POUND_INCLUDE_EXISTS : A_INCLUDE_EXISTS,
						      TOK_EOF);
				}
			}
		}
		n = m_lit(s, "#include");
		if (n) {
			size_t tot = rest_of_line(s, n);
			if (tot)
				offer(best, n, tot, A_POUND_INCLUDE, TOK_EOF);
		}
		n = m_lit(s, "include");
		if (n && is_blank(at(s, n)))
			offer(best, n, n + 1, A_INCLUDE, TOK_EOF);
		n = m_lit(s, "all");
		if (n) {
			int c = at(s, n);
			if (c >= 0 && (is_blank(c) || !(isalnum(c) || c == '_')))
				offer(best, n, n + 1, A_ALL, TOK_ALL);
		}
		if (at(s, 0) == '#') {
			n = rest_of_line(s, 0);
			offer(best, n, n, A_COMMENT, TOK_EOF);
		}
		offer_lit(best, s, "^", A_CARET, TOK_CARET);
		offer_lit(best, s, "->", A_ARROW, TOK_ARROW);
		offer_lit(best, s, "=", A_EQUALS, TOK_EQUALS);
		offer_lit(best, s, "+", A_PLUS, TOK_PLUS);
		offer_lit(best, s, "+=", A_ADD_ASSIGN, TOK_ADD_ASSIGN);
		offer_lit(best, s, "?=", A_COND_ASSIGN, TOK_COND_ASSIGN);
		offer_lit(best, s, ":=", A_OVERRIDE_ASSIGN, TOK_OVERRIDE_ASSIGN);
		offer_lit(best, s, "{", A_OPEN, TOK_OPEN);
		offer_lit(best, s, "}", A_CLOSE, TOK_CLOSE);
		n = m_label(s);
		size_t q = m_quoted(s, true, false);
		if (q > n)
			n = q;
		offer(best, n, n, A_LABEL, TOK_ID);
		n = m_modes(s, &total);
		if (n)
			offer(best, n, total, A_MODES, TOK_MODE);
		n = m_lit(s, "hat");
		if (n) {
			size_t k = skip_blanks(s, n);
			offer(best, k, k, A_HAT, TOK_HAT);
		}
		n = m_lit(s, "profile");
		if (n) {
			size_t k = skip_blanks(s, n);
			offer(best, k, k, A_PROFILE, TOK_PROFILE);
		}
		offer_lit(best, s, ":", A_COLON, TOK_COLON);
		offer_lit(best, s, "(", A_OPENPAREN, TOK_OPENPAREN);
		n = m_varname(s, 0);
		offer(best, n, n, A_VARNAME, TOK_ID);
	}
	if (in_states(st, BIT(S_INITIAL) | BIT(S_NETWORK) | BIT(S_RLIMIT) | BIT(S_CHANGE_PROFILE) |
			      BIT(S_MOUNT) | BIT(S_DBUS) | BIT(S_SIGNAL) | BIT(S_PTRACE) |
			      BIT(S_UNIX) | BIT(S_ABI) | BIT(S_USERNS) | BIT(S_MQUEUE) |
			      BIT(S_IOURING)))
		offer_lit(best, s, ",", A_END_OF_RULE, TOK_END_OF_RULE);
	const unsigned long long nl_states =
		~(BIT(S_SUB_ID) | BIT(S_SUB_VALUE) | BIT(S_ASSIGN) | BIT(S_ASSIGN_EXPR_START) |
		  BIT(S_IDENTITY_VALUE));
	if (in_states(st, nl_states)) {
		offer_lit(best, s, "\r\n", A_NEWLINE, TOK_EOF);
		offer_lit(best, s, "\n", A_NEWLINE, TOK_EOF);
	}
}

static struct token make_token(struct lexer *lx, enum token_kind kind, const char *raw, size_t rawlen)
{
	struct token t;
	memset(&t, 0, sizeof(t));
	t.kind = kind;
	t.loc = source_loc_at(lx->src, (size_t)(raw - lx->start), (unsigned)rawlen);
	t.text = arena_strndup(lx->arena, raw, rawlen);
	t.len = rawlen;
	t.offset = (size_t)(raw - lx->start);
	t.raw_len = rawlen;
	return t;
}

/* processid: strip quotes, decode escapes */
static struct token id_token(struct lexer *lx, enum token_kind kind, const char *raw, size_t rawlen)
{
	struct token t = make_token(lx, kind, raw, rawlen);
	const char *s = raw;
	size_t len = rawlen;
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
		t.quoted = true;
	}
	t.text = lang_unescape(lx->arena, s, len, &t.len);
	return t;
}

static const char *state_context(int st)
{
	switch (st) {
	case S_SUB_ID: return "a name";
	case S_SUB_ID_WS: return "a name after '->'";
	case S_SUB_VALUE: return "a value after '='";
	case S_LIST_VAL: return "a value or ')' in a list";
	case S_LIST_COND:
	case S_EXTCONDLIST: return "a conditional 'name=value' inside the parenthesized group";
	case S_LIST_COND_VAL:
	case S_LIST_COND_PAREN_VAL: return "a value";
	case S_EXTCOND: return "'=' and a value";
	case S_ASSIGN: return "a value in the variable assignment";
	case S_INCLUDE:
	case S_INCLUDE_EXISTS: return "a file name after 'include'";
	case S_ABI: return "an abi file name such as <abi/4.0>";
	case S_RLIMIT: return "an rlimit, '<=' and a value";
	case S_INTEGER: return "'=' and an integer";
	case S_EXPR:
	case S_ASSIGN_EXPR: return "a condition";
	case S_ASSIGN_EXPR_START: return "an assignment operator";
	default: return NULL;
	}
}

struct token lexer_next(struct lexer *lx)
{
	for (;;) {
		if (lx->p >= lx->end) {
			struct token t = make_token(lx, TOK_EOF, lx->end, 0);
			return t;
		}
		struct candidate c;
		find_match(lx, &c);
		const char *raw = lx->p;
		if (c.action == A_NONE || c.consume == 0) {
			/* nothing matches here */
			unsigned char ch = (unsigned char)*raw;
			struct source_loc loc = source_loc_at(lx->src, (size_t)(raw - lx->start), 1);
			const char *ctx = state_context(lx->state);
			char shown[16];
			if (ch >= 0x20 && ch < 0x7f)
				snprintf(shown, sizeof(shown), "'%c'", ch);
			else
				snprintf(shown, sizeof(shown), "byte 0x%02x", ch);
			if (ch == '\n' && ctx)
				diag_error(lx->diag, loc, "unexpected end of line, expected %s", ctx);
			else if (ch == '"')
				diag_error_hint(lx->diag, loc,
						"a quoted string needs a closing '\"'",
						"unterminated or misplaced quoted string");
			else if (ctx)
				diag_error(lx->diag, loc, "unexpected %s, expected %s", shown, ctx);
			else
				diag_error(lx->diag, loc, "unexpected %s", shown);
			lx->errors++;
			struct token t = make_token(lx, TOK_ERROR, raw, 1);
			lx->p = lx->end;   /* stop scanning this file */
			return t;
		}
		lx->p += c.consume;
		size_t n = c.consume;
		switch (c.action) {
		case A_WS:
		case A_NEWLINE:
		case A_COMMENT:
		case A_CONTINUATION:
		case A_LV_COMMA:
		case A_LC_COMMA:
			continue;
		case A_INCLUDE_NAME: {
			int st = lx->state;
			const char *s = raw;
			size_t len = n;
			bool lt = s[0] == '<';
			if (lt) {
				s++;
				len -= 2;
			}
			while (len && isspace((unsigned char)*s)) {
				s++;
				len--;
			}
			while (len && isspace((unsigned char)s[len - 1]))
				len--;
			struct token t = id_token(lx, TOK_ID, s, len);
			t.loc = source_loc_at(lx->src, (size_t)(raw - lx->start), (unsigned)n);
			t.include_search = lt;
			if (st == S_ABI) {
				/* abi <name> is a searched name, abi "name" a path */
				t.kind = lt ? TOK_ID : TOK_VALUE;
				return t;
			}
			t.kind = TOK_INCLUDE;
			t.include_if_exists = st == S_INCLUDE_EXISTS;
			pop(lx);
			return t;
		}
		case A_IDENTITIES:
			if (lx->state == S_IDENTITY_VALUE)
				lx->state = S_EXTCOND;
			else
				push(lx, S_EXTCOND);
			return make_token(lx, TOK_IDENTITIES, raw, n);
		case A_CONDLISTID: {
			push(lx, S_EXTCONDLIST);
			return id_token(lx, TOK_CONDLISTID, raw, n);
		}
		case A_PRIORITY:
			push(lx, S_INTEGER);
			return make_token(lx, TOK_PRIORITY, raw, n);
		case A_FLAGS:
			push(lx, S_EXTCOND);
			return make_token(lx, TOK_FLAGS, raw, n);
		case A_CONDID:
			push(lx, S_EXTCOND);
			return id_token(lx, TOK_CONDID, raw, n);
		case A_SUBID:
			pop(lx);
			return id_token(lx, TOK_ID, raw, n);
		case A_SUBVALUE:
		case A_IDENTITY_VALUE:
		case A_LCV_VALUE:
			pop(lx);
			return id_token(lx, TOK_VALUE, raw, n);
		case A_LV_CLOSE:
		case A_LC_CLOSE:
			pop(lx);
			return make_token(lx, TOK_CLOSEPAREN, raw, n);
		case A_LV_VALUE:
		case A_LCPV_VALUE:
		case A_ASSIGN_VALUE:
			return id_token(lx, TOK_VALUE, raw, n);
		case A_EC_EQ_VALUE:
			lx->state = S_SUB_VALUE;
			return make_token(lx, TOK_EQUALS, raw, 1);
		case A_EC_EQ:
		case A_ECL_EQ:
		case A_INT_EQ:
			return make_token(lx, TOK_EQUALS, raw, n);
		case A_EC_OPEN:
			lx->state = S_LIST_VAL;
			return make_token(lx, TOK_OPENPAREN, raw, n);
		case A_EC_IN:
			return make_token(lx, TOK_IN, raw, n);
		case A_LCPV_CLOSE:
			pop(lx);
			continue;
		case A_LC_CONDID:
			return id_token(lx, TOK_CONDID, raw, n);
		case A_LC_EQ_PAREN:
			push(lx, S_LIST_COND_PAREN_VAL);
			return make_token(lx, TOK_EQUALS, raw, 1);
		case A_LC_EQ:
			push(lx, S_LIST_COND_VAL);
			return make_token(lx, TOK_EQUALS, raw, n);
		case A_ECL_OPEN:
			lx->state = S_LIST_COND;
			return make_token(lx, TOK_OPENPAREN, raw, n);
		case A_ASSIGN_COMMA:
		case A_AE_COMMA: {
			struct source_loc loc = source_loc_at(lx->src, (size_t)(raw - lx->start), 1);
			diag_error_hint(lx->diag, loc, "remove the ',' at the end of the assignment",
					"variable assignments do not take a trailing ','");
			lx->errors++;
			lx->p = lx->end;
			return make_token(lx, TOK_ERROR, raw, n);
		}
		case A_ASSIGN_COMMENT:
		case A_ASSIGN_NEWLINE:
		case A_AE_COMMENT:
		case A_AE_NEWLINE:
			pop(lx);
			continue;
		case A_CP_SAFE:
			return make_token(lx, TOK_SAFE, raw, n);
		case A_CP_UNSAFE:
			return make_token(lx, TOK_UNSAFE, raw, n);
		case A_CP_ARROW:
		case A_ARROW:
			push(lx, S_SUB_ID_WS);
			return make_token(lx, TOK_ARROW, raw, n);
		case A_CP_ID:
		case A_CLASS_ID:
		case A_EXPR_ID:
		case A_LABEL:
			return id_token(lx, TOK_ID, raw, n);
		case A_RL_VALUE:
			return make_token(lx, TOK_VALUE, raw, n);
		case A_RL_KEYWORD: {
			struct token t = make_token(lx, TOK_ID, raw, n);
			if (n == 8 && memcmp(raw, "infinity", 8) == 0)
				t.kind = TOK_VALUE;
			return t;
		}
		case A_RL_LE:
			return make_token(lx, TOK_LE, raw, n);
		case A_KW_TOKEN:
		case A_EXPR_TOKEN:
		case A_MOUNT_ARROW:
			return make_token(lx, c.kind, raw, n);
		case A_PERM_OPEN:
			push(lx, S_LIST_VAL);
			return make_token(lx, TOK_OPENPAREN, raw, n);
		case A_PERM_MODE:
		case A_MODES:
			return make_token(lx, TOK_MODE, raw, n);
		case A_INT_VALUE:
			pop(lx);
			return make_token(lx, TOK_VALUE, raw, n);
		case A_BOOL_ASSIGN:
			push(lx, S_ASSIGN_EXPR_START);
			return make_token(lx, TOK_BOOL_VAR, raw, n);
		case A_SET_VAR:
			return make_token(lx, TOK_SET_VAR, raw, n);
		case A_BOOL_VAR:
			return make_token(lx, TOK_BOOL_VAR, raw, n);
		case A_EXPR_OPEN:
			pop(lx);
			return make_token(lx, TOK_OPEN, raw, n);
		case A_AES_ASSIGN:
			lx->state = S_ASSIGN_EXPR;
			return make_token(lx, c.kind, raw, n);
		case A_POUND_INCLUDE_EXISTS:
		case A_INCLUDE_EXISTS:
		case A_POUND_INCLUDE:
		case A_INCLUDE: {
			bool exists = c.action == A_POUND_INCLUDE_EXISTS || c.action == A_INCLUDE_EXISTS;
			push(lx, exists ? S_INCLUDE_EXISTS : S_INCLUDE);
			bool pound = c.action == A_POUND_INCLUDE_EXISTS || c.action == A_POUND_INCLUDE;
			struct token t = lexer_next(lx);
			if (t.kind == TOK_INCLUDE) {
				t.pound_include = pound;
				/* the directive's location is where it starts */
				size_t off = (size_t)(raw - lx->start);
				size_t endoff = (size_t)(lx->p - lx->start);
				t.loc = source_loc_at(lx->src, off, (unsigned)(endoff - off));
				t.offset = off;
				t.raw_len = endoff - off;
			} else if (t.kind != TOK_ERROR) {
				struct source_loc loc = source_loc_at(lx->src, (size_t)(raw - lx->start),
								      (unsigned)n);
				diag_error_hint(lx->diag, loc, "write: include <abstractions/base>",
						"'include' must be followed by a file name");
				lx->errors++;
				lx->p = lx->end;
				t.kind = TOK_ERROR;
			}
			return t;
		}
		case A_ALL:
			return make_token(lx, TOK_ALL, raw, n);
		case A_CARET:
			push(lx, S_SUB_ID);
			return make_token(lx, TOK_CARET, raw, n);
		case A_EQUALS:
			push(lx, S_ASSIGN);
			return make_token(lx, TOK_EQUALS, raw, n);
		case A_PLUS:
			push(lx, S_IDENTITY_VALUE);
			return make_token(lx, TOK_PLUS, raw, n);
		case A_ADD_ASSIGN:
		case A_COND_ASSIGN:
		case A_OVERRIDE_ASSIGN:
			push(lx, S_ASSIGN);
			return make_token(lx, c.kind, raw, n);
		case A_OPEN:
			return make_token(lx, TOK_OPEN, raw, n);
		case A_CLOSE:
			return make_token(lx, TOK_CLOSE, raw, n);
		case A_HAT:
			push(lx, S_SUB_ID);
			return make_token(lx, TOK_HAT, raw, 3);
		case A_PROFILE:
			push(lx, S_SUB_ID);
			return make_token(lx, TOK_PROFILE, raw, 7);
		case A_COLON:
			return make_token(lx, TOK_COLON, raw, n);
		case A_OPENPAREN:
			push(lx, S_LIST_VAL);
			return make_token(lx, TOK_OPENPAREN, raw, n);
		case A_VARNAME: {
			const struct keyword *kw = find_keyword(raw, n);
			if (!kw)
				return id_token(lx, TOK_ID, raw, n);
			push(lx, kw->push);
			return make_token(lx, kw->kind, raw, n);
		}
		case A_END_OF_RULE:
			if (lx->state != S_INITIAL)
				pop(lx);
			return make_token(lx, TOK_END_OF_RULE, raw, n);
		case A_NONE:
			break;
		}
	}
}
