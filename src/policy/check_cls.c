/* check_cls: see check_cls.h. */
#include "policy/check_cls.h"

#include "automata/automata.h"

#include <ctype.h>
#include <string.h>

/* ---- permissions ------------------------------------------------------------ */

static const struct cls_perm_word *find_word(const struct cls_perm_spec *spec, const char *w)
{
	for (const struct cls_perm_word *k = spec->words; k->word; k++)
		if (strcmp(k->word, w) == 0)
			return k;
	return NULL;
}

/*
 * A word that is not a keyword may be a string of permission letters, as in
 * 'signal rw,'. Returns the offset of the first letter that is not 'r' or
 * 'w' (either case), or -1 when all are.
 */
static int bad_letter(const char *w)
{
	for (int i = 0; w[i]; i++)
		if (tolower((unsigned char)w[i]) != 'r' && tolower((unsigned char)w[i]) != 'w')
			return i;
	return -1;
}

static uint32_t letter_bits(const struct cls_perm_spec *spec, const char *w, bool *upper)
{
	uint32_t bits = 0;
	for (; *w; w++) {
		if (isupper((unsigned char)*w))
			*upper = true;
		bits |= tolower((unsigned char)*w) == 'r' ? spec->read_bits : spec->write_bits;
	}
	return bits;
}

uint32_t cls_perm_bits(const struct cls_perm_spec *spec, const char *word)
{
	const struct cls_perm_word *k = find_word(spec, word);
	if (k)
		return k->bits;
	bool upper = false;
	return word[0] && bad_letter(word) < 0 ? letter_bits(spec, word, &upper) : 0;
}

/* Point at one character of a word, when the word is spelled as processed. */
static struct source_loc char_loc(const struct ast_word *w, int off)
{
	struct source_loc loc = w->loc;
	if (!w->quoted && loc.len == w->len) {
		loc.col += (unsigned)off;
		loc.len = 1;
	}
	return loc;
}

static bool word_bits(struct check_ctx *cx, const struct ast_word *w,
		      const struct cls_perm_spec *spec, uint32_t *bits)
{
	const struct cls_perm_word *k = find_word(spec, w->text);
	if (k) {
		*bits = k->bits;
		return true;
	}
	int bad = w->text[0] ? bad_letter(w->text) : 0;
	if (bad < 0) {
		bool upper = false;
		*bits = letter_bits(spec, w->text, &upper);
		if (upper)
			diag_warn(cx->diag, WARN_DEPRECATED, w->loc,
				  "uppercase permission letters in '%s' are deprecated; use lowercase",
				  w->text);
		return true;
	}
	/* a mode token (like 'rwx') is a letter string gone wrong; other words are keywords */
	if (w->kind == TOK_MODE && bad >= 0)
		diag_error_hint(cx->diag, char_loc(w, bad), spec->hint,
				"invalid %s permission '%c' in '%s'", spec->rule, w->text[bad],
				w->text);
	else if (strchr(w->text, '='))
		diag_error_hint(cx->diag, w->loc,
				"conditionals go after the permissions, outside the parentheses",
				"'%s' is not a %s permission", w->text, spec->rule);
	else
		diag_error_hint(cx->diag, w->loc, spec->hint, "'%s' is not a %s permission",
				w->text, spec->rule);
	return false;
}

bool cls_parse_perms(struct check_ctx *cx, const struct ast_node *n,
		     const struct cls_perm_spec *spec, uint32_t *out)
{
	bool ok = true;
	*out = 0;
	for (size_t i = 0; i < n->u.cls.perms.n; i++) {
		uint32_t bits;
		if (word_bits(cx, &n->u.cls.perms.items[i], spec, &bits))
			*out |= bits;
		else
			ok = false;
	}
	return ok;
}

const struct ast_word *cls_perm_word_for(const struct ast_node *n,
					 const struct cls_perm_spec *spec, uint32_t bits)
{
	for (size_t i = 0; i < n->u.cls.perms.n; i++) {
		const struct ast_word *w = &n->u.cls.perms.items[i];
		const struct cls_perm_word *k = find_word(spec, w->text);
		bool upper = false;
		uint32_t b = k ? k->bits : bad_letter(w->text) < 0 ? letter_bits(spec, w->text, &upper) : 0;
		if (b & bits)
			return w;
	}
	return NULL;
}

/* ---- qualifiers and conditionals -------------------------------------------- */

bool cls_reject_owner(struct check_ctx *cx, const struct policy_rule *r, const char *rule)
{
	if (r->prefix.owner == OWNER_UNSPEC)
		return true;
	diag_error_hint(cx->diag, r->prefix.owner_loc,
			"owner and other select by file ownership and apply only to file rules",
			"'%s' does not apply to %s rules",
			r->prefix.owner == OWNER_OWNER ? "owner" : "other", rule);
	return false;
}

bool cls_cond_is_eq(struct check_ctx *cx, const struct ast_cond *c, const char *rule)
{
	const char *name = c->name.text;
	if (c->op == COND_IN) {
		diag_error_hint(cx->diag, c->name.loc, NULL,
				"'%s in (...)' is not allowed in %s rules; write %s=VALUE or %s=(VALUE ...)",
				name, rule, name, name);
		return false;
	}
	if (c->op == COND_BARE || !c->values.n) {
		diag_error(cx->diag, c->name.loc, "%s conditional '%s' needs a value: %s=VALUE",
			   rule, name, name);
		return false;
	}
	return true;
}

bool cls_cond_single(struct check_ctx *cx, const struct ast_cond *c, const char *rule)
{
	if (!cls_cond_is_eq(cx, c, rule))
		return false;
	if (c->values.n == 1)
		return true;
	diag_error_hint(cx->diag, c->values.items[1].loc,
			"to match several values use one pattern, e.g. {a,b}",
			"%s conditional '%s' takes a single value", rule, c->name.text);
	return false;
}

/* ---- patterns ------------------------------------------------------------------ */

/*
 * The automata module words its errors "invalid pattern 'TEXT': REASON";
 * keep just the reason so the diagnostic can name the conditional itself.
 */
static const char *glob_reason(const char *msg, const char *text)
{
	static const char lead[] = "invalid pattern '";
	size_t n = strlen(text);
	if (strncmp(msg, lead, sizeof(lead) - 1) == 0 &&
	    strncmp(msg + sizeof(lead) - 1, text, n) == 0 &&
	    strncmp(msg + sizeof(lead) - 1 + n, "': ", 3) == 0)
		return msg + sizeof(lead) - 1 + n + 3;
	return msg;
}

bool cls_check_pattern(struct check_ctx *cx, const struct ast_word *w, const char *what,
		       bool filter_slashes)
{
	const char *x = cx->expand(cx->resolver, w);
	if (!x)
		return false;
	char *text = arena_strdup(cx->arena, x);
	if (filter_slashes)
		aut_filter_slashes(text);
	/* a throwaway rule set: only the conversion's verdict is wanted */
	struct aut_ruleset *rs = aut_ruleset_new(NULL);
	struct aut_node *node;
	struct aut_error err;
	memset(&err, 0, sizeof(err));
	int rc = aut_glob(rs, text, strlen(text), 0, &node, NULL, &err);
	aut_ruleset_free(rs);
	if (rc == 0)
		return true;
	diag_error_hint(cx->diag, w->loc,
			"patterns use * ** ? [chars] and {alt1,alt2}; escape a literal one with '\\'",
			"%s value '%s' is not a valid pattern: %s", what, text, glob_reason(err.msg, text));
	return false;
}

/* ---- features ------------------------------------------------------------------ */

bool cls_enforced(struct check_ctx *cx, const struct policy_rule *r,
		  enum features_rule_class c)
{
	const struct features_rule_class_info *info = features_rule_class_info(c);
	if (!cx->features || features_supports(cx->features, info->feature))
		return true;
	diag_report(cx->diag, DIAG_WARNING, WARN_RULE_NOT_ENFORCED, DIAG_ONCE, r->node->loc,
		    "the kernel's features (or the policy abi) lack this class; the rules are accepted but not compiled",
		    "%s rules are not enforced: feature '%s' is not supported", info->name,
		    info->feature);
	return false;
}
