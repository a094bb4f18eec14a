/* dump: see dump.h. */
#include "policy/dump.h"
#include "lang/printer.h"

#include <string.h>

static const char *mode_name(enum profile_mode m)
{
	switch (m) {
	case PROFILE_MODE_ENFORCE: return "enforce";
	case PROFILE_MODE_COMPLAIN: return "complain";
	case PROFILE_MODE_KILL: return "kill";
	case PROFILE_MODE_UNCONFINED: return "unconfined";
	case PROFILE_MODE_PROMPT: return "prompt";
	case PROFILE_MODE_DEFAULT_ALLOW: return "default_allow";
	default: return NULL;
	}
}

static void add_flag(struct strbuf *out, bool *first, const char *name)
{
	strbuf_addstr(out, *first ? "" : ", ");
	strbuf_addstr(out, name);
	*first = false;
}

static void dump_flags(const struct profile_flags *f, struct strbuf *out)
{
	struct strbuf list = STRBUF_INIT;
	bool first = true;
	if (mode_name(f->mode))
		add_flag(&list, &first, mode_name(f->mode));
	const struct { bool on; const char *name; } bools[] = {
		{ f->audit, "audit" },
		{ f->debug, "debug" },
		{ f->interruptible, "interruptible" },
		{ f->chroot_relative, "chroot_relative" },
		{ f->namespace_relative, "namespace_relative" },
		{ f->mediate_deleted, "mediate_deleted" },
		{ f->delegate_deleted, "delegate_deleted" },
		{ f->attach_disconnected, "attach_disconnected" },
		{ f->no_attach_disconnected, "no_attach_disconnected" },
		{ f->chroot_attach, "chroot_attach" },
		{ f->chroot_no_attach, "chroot_no_attach" },
	};
	for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		if (bools[i].on)
			add_flag(&list, &first, bools[i].name);
	if (f->disconnected_path) {
		add_flag(&list, &first, "attach_disconnected.path=");
		strbuf_addstr(&list, f->disconnected_path);
	}
	if (f->disconnected_ipc_path) {
		add_flag(&list, &first, "attach_disconnected.ipc=");
		strbuf_addstr(&list, f->disconnected_ipc_path);
	}
	if (f->kill_signal) {
		add_flag(&list, &first, "kill.signal=");
		strbuf_addf(&list, "%d", f->kill_signal);
	}
	if (f->error_code) {
		add_flag(&list, &first, "error=");
		strbuf_addf(&list, "%d", f->error_code);
	}
	if (list.len)
		strbuf_addf(out, "  flags: %s\n", list.buf);
	strbuf_release(&list);
}

static void dump_rule(const struct policy_rule *r, struct strbuf *out)
{
	/* print the rule as written but with the qualifiers in force */
	struct ast_node n = *r->node;
	n.prefix = r->prefix;
	n.next = NULL;
	size_t start = out->len;
	printer_print_node(&n, 1, out);
	/* the position goes at the end of the rule's (last) line */
	if (out->len > start && out->buf[out->len - 1] == '\n' && r->node->loc.file) {
		out->len--;
		out->buf[out->len] = '\0';
		strbuf_addf(out, "  # %s:%u:%u\n", r->node->loc.file->path, r->node->loc.line,
			    r->node->loc.col);
	}
}

static void dump_profile(const struct policy_profile *p, struct strbuf *out)
{
	strbuf_addf(out, "%s %s", p->is_hat ? "hat" : "profile", p->fqname);
	if (p->ns)
		strbuf_addf(out, " (namespace %s)", p->ns);
	strbuf_addch(out, '\n');
	if (p->attachment)
		strbuf_addf(out, "  attachment: %s\n", p->attachment);
	dump_flags(&p->flags, out);
	strbuf_addf(out, "  rules: %zu\n", p->nrules);
	for (size_t i = 0; i < p->nrules; i++)
		dump_rule(&p->rules[i], out);
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < p->nchildren; i++)
		dump_profile(p->children[i], out);
}

void policy_dump(const struct policy *pol, struct strbuf *out)
{
	for (size_t i = 0; i < pol->naliases; i++)
		strbuf_addf(out, "alias %s -> %s\n", pol->aliases[i].from, pol->aliases[i].to);
	if (pol->abi)
		strbuf_addf(out, "abi: %s\n", pol->abi);
	if (pol->naliases || pol->abi)
		strbuf_addch(out, '\n');
	for (size_t i = 0; i < pol->nprofiles; i++)
		dump_profile(pol->profiles[i], out);
}
