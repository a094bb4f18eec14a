/*
 * check_cls: helpers shared by the checks of the conditional-style rule
 * classes (dbus, signal, ptrace): permission words, the qualifiers these
 * classes refuse, single-valued conditionals, AppArmor pattern values and
 * the "kernel cannot enforce this class" gate.
 *
 * Owns only the wording and the mechanics; which words and conditionals a
 * class accepts is decided by the class's own check (check_dbus.c,
 * check_ipc.c). Every helper reports its own diagnostic and returns false on
 * error.
 */
#ifndef CONFINE_POLICY_CHECK_CLS_H
#define CONFINE_POLICY_CHECK_CLS_H

#include "features/features.h"
#include "policy/check.h"

#include <stdint.h>

/* A permission keyword of a class and the class bits it stands for. */
struct cls_perm_word {
	const char *word;
	uint32_t bits;
};

/* The permission vocabulary of one class. */
struct cls_perm_spec {
	const char *rule;                     /* "dbus", for messages */
	const struct cls_perm_word *words;    /* keywords, NULL-terminated */
	uint32_t read_bits, write_bits;       /* what the letters 'r' and 'w' mean */
	const char *hint;                     /* the valid permissions, for errors */
};

/*
 * The permissions written in the rule, or 0 when none were (the class then
 * implies its default set). Deprecated uppercase letters are warned about.
 */
bool cls_parse_perms(struct check_ctx *cx, const struct ast_node *n,
		     const struct cls_perm_spec *spec, uint32_t *out);

/*
 * The bits one permission word stands for (a keyword, or a string of the
 * letters r and w in either case), without reporting; 0 when it is not a
 * permission of the class. The compiler reads checked rules with it.
 */
uint32_t cls_perm_bits(const struct cls_perm_spec *spec, const char *word);

/*
 * The vocabularies of the classes whose words the compiler reads too. Their
 * bits are the policydb permission bits (binary-policy-format.md §4.6), so
 * a checked rule's permissions need no translation (mqueue: upstream's
 * mqueue bits, which the compiler maps as upstream does).
 */
extern const struct cls_perm_spec cls_signal_perms, cls_ptrace_perms, cls_dbus_perms,
	cls_mqueue_perms;

/* The first permission word of the rule that grants any of bits, or NULL. */
const struct ast_word *cls_perm_word_for(const struct ast_node *n,
					 const struct cls_perm_spec *spec, uint32_t bits);

/* owner/other only make sense for rules about files: refuse them. */
bool cls_reject_owner(struct check_ctx *cx, const struct policy_rule *r, const char *rule);

/*
 * The conditional is written name=value: not bare, not 'in (...)'. With
 * single, exactly one value (more is an error); otherwise at least one.
 */
bool cls_cond_is_eq(struct check_ctx *cx, const struct ast_cond *c, const char *rule);
bool cls_cond_single(struct check_ctx *cx, const struct ast_cond *c, const char *rule);

/*
 * The variable-expanded value is a valid AppArmor pattern (balanced {} and
 * [], no trailing '\', ...). filter_slashes: the value is a path whose
 * repeated '/' are collapsed first, as for file rules.
 */
bool cls_check_pattern(struct check_ctx *cx, const struct ast_word *w, const char *what,
		       bool filter_slashes);

/*
 * Whether the kernel described by cx->features enforces the class. When it
 * does not, warns (once per run) that such rules are not enforced: like
 * upstream, the rules are then still checked for their form but never
 * compiled, so their patterns are not validated.
 */
bool cls_enforced(struct check_ctx *cx, const struct policy_rule *r,
		  enum features_rule_class c);

#endif
