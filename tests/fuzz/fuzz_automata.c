/*
 * libFuzzer target for src/automata: pattern conversion and DFA building.
 *
 * The input is split at '\n' into rules. For each rule the first byte picks
 * the syntax (even: AppArmor glob, odd: internal regex dialect), whether it
 * is a deny rule, and a few permission bits; the rest is the pattern. A
 * '\t' inside a rule separates NUL-joined components. The rule set is then
 * built, minimized, packed (alternating EC / no EC), serialized and parsed
 * back, and a few strings derived from the input are walked through the
 * minimal DFA and the packed tables, which must agree. Limits keep memory
 * bounded on adversarial patterns (exponential blow-up is an error, not a
 * crash). The blob parser is also fed the raw input.
 */
#include "automata/automata.h"
#include "support/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct aut_tables *raw = NULL;
	if (aut_tables_parse(data, size, &raw, NULL) == 0) {
		aut_tables_walk(raw, 1, data, size);
		aut_tables_free(raw);
	}

	struct aut_limits lim = { 20000, 64u << 20, 200000 };
	struct aut_ruleset *rs = aut_ruleset_new(&lim);
	struct aut_error err;
	size_t pos = 0;
	int nrules = 0;
	while (pos < size && nrules < 32) {
		size_t end = pos;
		while (end < size && data[end] != '\n')
			end++;
		if (end > pos) {
			uint8_t ctl = data[pos];
			const char *text = (const char *)data + pos + 1;
			size_t len = end - pos - 1;
			struct aut_node *parts[4];
			size_t np = 0;
			size_t start = 0;
			int bad = 0;
			for (size_t i = 0; i <= len && np < 4 && !bad; i++) {
				if (i == len || text[i] == '\t') {
					memset(&err, 0, sizeof(err));
					int r = (ctl & 1)
						? aut_regex(rs, text + start, i - start, &parts[np], &err)
						: aut_glob(rs, text + start, i - start,
							   AUT_GLOB_FILTER_SLASHES | ((ctl & 8) ? AUT_GLOB_NULL : 0),
							   &parts[np], NULL, &err);
					if (r)
						bad = 1;
					else
						np++;
					start = i + 1;
				}
			}
			if (!bad && np) {
				uint32_t perms = ((uint32_t)(ctl >> 4) << 1) | ((ctl & 4) ? AA_MAY_EXEC : 0);
				perms |= perms << AA_OTHER_SHIFT;
				struct aut_rule rule = { (ctl & 2) ? AUT_RULE_DENY : AUT_RULE_ALLOW,
							 perms ? perms : 4, ctl & 0x30, 0, NULL, "fuzz" };
				aut_add_rule_vec(rs, parts, np, &rule, &err);
				nrules++;
			}
		}
		pos = end + 1;
	}

	struct aut_dfa *dfa = NULL, *min = NULL;
	struct aut_tables *t = NULL, *back = NULL;
	if (aut_build(rs, NULL, &dfa, &err) == 0 && aut_minimize(dfa, &min, &err) == 0) {
		struct aut_pack_opts po = { (size & 1) != 0, true, false, false };
		if (aut_pack(min, &po, &t, &err) == 0) {
			struct strbuf sb = STRBUF_INIT;
			aut_tables_serialize(t, &sb);
			if (aut_tables_parse(sb.buf, sb.len, &back, &err) != 0)
				abort();
			strbuf_release(&sb);
			/* walk every suffix of the input as a string */
			for (size_t off = 0; off < size && off < 64; off++) {
				const uint8_t *s = data + off;
				size_t n = size - off > 64 ? 64 : size - off;
				uint32_t a = min->perms[aut_dfa_walk(min, 1, s, n)].allow;
				uint32_t b = t->accept[aut_tables_walk(t, 1, s, n)];
				uint32_t c = back->accept[aut_tables_walk(back, 1, s, n)];
				uint32_t d = dfa->perms[aut_dfa_walk(dfa, 1, s, n)].allow;
				if (a != b || a != c || a != d)
					abort();
			}
		}
	}
	aut_tables_free(t);
	aut_tables_free(back);
	aut_dfa_free(dfa);
	aut_dfa_free(min);
	aut_ruleset_free(rs);
	return 0;
}
