/* diag: see diag.h. */
#include "support/diag.h"
#include "support/strbuf.h"
#include "support/xalloc.h"

#include <json-c/json.h>
#include <stdint.h>
#include <string.h>

static const char *const warning_names[WARN__COUNT] = {
	[WARN_NONE] = "",
	[WARN_RULE_NOT_ENFORCED] = "rule-not-enforced",
	[WARN_RULE_DOWNGRADED] = "rule-downgraded",
	[WARN_ABI] = "abi",
	[WARN_DEPRECATED] = "deprecated",
	[WARN_CONFIG] = "config",
	[WARN_POUND] = "pound",
	[WARN_DEV] = "dev",
	[WARN_UNKNOWN_FEATURE] = "unknown-feature",
	[WARN_CACHE] = "cache",
	[WARN_DEBUG_CACHE] = "debug-cache",
	[WARN_JOBS] = "jobs",
	[WARN_DANGEROUS] = "dangerous",
	[WARN_UNEXPECTED] = "unexpected",
	[WARN_FORMAT] = "format",
	[WARN_SUSPICIOUS] = "suspicious",
};

const char *diag_warning_name(enum diag_warning w)
{
	return (unsigned)w < WARN__COUNT ? warning_names[w] : "";
}

void diag_init(struct diag_engine *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	/* upstream's default set: the categories that indicate a real problem */
	d->enabled[WARN_NONE] = true;
	d->enabled[WARN_RULE_NOT_ENFORCED] = true;
	d->enabled[WARN_RULE_DOWNGRADED] = true;
	d->enabled[WARN_ABI] = true;
	d->enabled[WARN_DEPRECATED] = true;
	d->enabled[WARN_CONFIG] = true;
	d->enabled[WARN_UNKNOWN_FEATURE] = true;
	d->enabled[WARN_DANGEROUS] = true;
	d->enabled[WARN_UNEXPECTED] = true;
	d->enabled[WARN_SUSPICIOUS] = true;
}

void diag_init_collector(struct diag_engine *d, const struct diag_engine *settings)
{
	diag_init(d, NULL);
	d->quiet = settings->quiet;
	memcpy(d->werror, settings->werror, sizeof(d->werror));
	memcpy(d->enabled, settings->enabled, sizeof(d->enabled));
}

void diag_replay(struct diag_engine *dst, const struct diag_engine *src)
{
	for (size_t i = 0; i < src->len; i++) {
		const struct diagnostic *dg = &src->items[i];
		for (unsigned k = 0; k <= dg->repeats; k++)
			diag_report(dst, dg->severity, dg->category, 0, dg->loc, dg->hint, "%s",
				    dg->message);
	}
}

void diag_destroy(struct diag_engine *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].message);
		free(d->items[i].hint);
	}
	free(d->items);
	free(d->by_msg);
	free(d->by_pos);
	memset(d, 0, sizeof(*d));
}

static bool set_flag(bool *arr, const char *name, bool enable)
{
	if (strcmp(name, "all") == 0) {
		for (int i = 1; i < WARN__COUNT; i++)
			arr[i] = enable;
		return true;
	}
	for (int i = 1; i < WARN__COUNT; i++) {
		if (strcmp(name, warning_names[i]) == 0) {
			arr[i] = enable;
			return true;
		}
	}
	return false;
}

bool diag_set_warning(struct diag_engine *d, const char *name, bool enable)
{
	return set_flag(d->enabled, name, enable);
}

bool diag_set_werror(struct diag_engine *d, const char *name, bool enable)
{
	return set_flag(d->werror, name, enable);
}

static const char *severity_name(enum diag_severity s)
{
	switch (s) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	default: return "note";
	}
}

void diag_print(const struct diag_engine *d, const struct diagnostic *dg, FILE *out)
{
	/* built in memory and written at once: stderr is unbuffered, and a byte-wise
	 * write per character made 100k diagnostics take many seconds */
	struct strbuf sb = STRBUF_INIT;
	const char *bold = d->color ? "\033[1m" : "";
	const char *reset = d->color ? "\033[0m" : "";
	const char *sevcol = "";
	if (d->color)
		sevcol = dg->severity == DIAG_ERROR ? "\033[1;31m"
			 : dg->severity == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
	if (dg->loc.file)
		strbuf_addf(&sb, "%s%s:%u:%u:%s ", bold, dg->loc.file->path, dg->loc.line, dg->loc.col,
			reset);
	else
		strbuf_addf(&sb, "%sconfine:%s ", bold, reset);
	strbuf_addf(&sb, "%s%s:%s %s", sevcol, severity_name(dg->severity), reset, dg->message);
	if (dg->category != WARN_NONE)
		strbuf_addf(&sb, " [-W%s]", warning_names[dg->category]);
	strbuf_addch(&sb, '\n');
	if (dg->loc.file && dg->loc.line) {
		size_t n;
		const char *line = source_line(dg->loc.file, dg->loc.line, &n);
		/* Very long lines are clipped around the column so the caret stays readable. */
		size_t start = 0, show = n;
		const size_t window = 200;
		if (n > window) {
			size_t c = dg->loc.col ? dg->loc.col - 1 : 0;
			start = c > window / 2 ? c - window / 2 : 0;
			if (start > n)
				start = n;
			show = n - start < window ? n - start : window;
		}
		strbuf_addstr(&sb, "    ");
		for (size_t i = 0; i < show; i++) {
			unsigned char c = (unsigned char)line[start + i];
			strbuf_addch(&sb, c == '\t' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : c);
		}
		strbuf_addstr(&sb, "\n    ");
		size_t col = dg->loc.col ? dg->loc.col - 1 : 0;
		for (size_t i = start; i < col && i - start < show; i++)
			strbuf_addch(&sb, ' ');
		strbuf_addf(&sb, "%s^", sevcol);
		for (unsigned i = 1; i < dg->loc.len && i < 80; i++)
			strbuf_addch(&sb, '~');
		strbuf_addf(&sb, "%s\n", reset);
	}
	if (dg->hint)
		strbuf_addf(&sb, "    %shint:%s %s\n", bold, reset, dg->hint);
	fwrite(strbuf_str(&sb), 1, sb.len, out);
	strbuf_release(&sb);
}

static bool same_loc(const struct source_loc *a, const struct source_loc *b)
{
	return a->file == b->file && a->line == b->line && a->col == b->col;
}

#define DIAG_MAX_MESSAGE 1024   /* bytes of a message before its middle is elided */

/*
 * Dedupe lookups go through two hash indexes so that reporting stays linear
 * in the number of diagnostics (a generated file can produce 100k of them).
 */
static size_t hash_msg(enum diag_severity sev, const char *msg)
{
	size_t h = 1469598103934665603ull ^ (size_t)sev;
	for (; *msg; msg++)
		h = (h ^ (unsigned char)*msg) * 1099511628211ull;
	return h;
}

static size_t hash_pos(size_t h, const struct source_loc *loc)
{
	h ^= (size_t)(uintptr_t)loc->file;
	h = (h ^ loc->line) * 1099511628211ull;
	return (h ^ loc->col) * 1099511628211ull;
}

/* Slot of an item matching (sev, msg[, loc]) in an index, or of the empty slot ending the probe. */
static size_t *index_probe(const struct diag_engine *d, size_t *table, size_t h,
			   enum diag_severity sev, const char *msg, const struct source_loc *loc)
{
	size_t mask = d->index_cap - 1;
	for (size_t j = h & mask;; j = (j + 1) & mask) {
		if (!table[j])
			return &table[j];
		const struct diagnostic *o = &d->items[table[j] - 1];
		if (o->severity == sev && strcmp(o->message, msg) == 0 &&
		    (!loc || same_loc(&o->loc, loc)))
			return &table[j];
	}
}

static void index_add(struct diag_engine *d, size_t i)
{
	const struct diagnostic *dg = &d->items[i];
	size_t h = hash_msg(dg->severity, dg->message);
	size_t *m = index_probe(d, d->by_msg, h, dg->severity, dg->message, NULL);
	if (!*m)
		*m = i + 1;
	size_t *p = index_probe(d, d->by_pos, hash_pos(h, &dg->loc), dg->severity, dg->message,
				&dg->loc);
	if (!*p)
		*p = i + 1;
}

static void index_grow(struct diag_engine *d)
{
	if ((d->len + 1) * 2 <= d->index_cap)
		return;
	free(d->by_msg);
	free(d->by_pos);
	d->index_cap = d->index_cap ? d->index_cap * 2 : 64;
	d->by_msg = xcalloc(d->index_cap, sizeof(*d->by_msg));
	d->by_pos = xcalloc(d->index_cap, sizeof(*d->by_pos));
	for (size_t i = 0; i < d->len; i++)
		index_add(d, i);
}

void diag_vreport(struct diag_engine *d, enum diag_severity sev, enum diag_warning cat,
		  unsigned flags, struct source_loc loc, const char *hint, const char *fmt,
		  va_list ap)
{
	if (sev == DIAG_WARNING) {
		if ((unsigned)cat < WARN__COUNT && d->werror[cat])
			sev = DIAG_ERROR;
		else if (d->quiet || ((unsigned)cat < WARN__COUNT && !d->enabled[cat])) {
			d->suppressed++;
			return;
		}
	} else if (sev == DIAG_NOTE && d->quiet) {
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, fmt, ap);
	if (sb.len > DIAG_MAX_MESSAGE) {
		/* a message quoting a huge word keeps its start and its end */
		size_t keep = DIAG_MAX_MESSAGE / 2;
		struct strbuf cut = STRBUF_INIT;
		strbuf_add(&cut, sb.buf, keep);
		strbuf_addstr(&cut, " ... ");
		strbuf_add(&cut, sb.buf + sb.len - keep, keep);
		strbuf_release(&sb);
		sb = cut;
	}

	index_grow(d);
	const char *msg = strbuf_str(&sb);
	size_t h = hash_msg(sev, msg);
	size_t *slot = NULL;
	if (flags & DIAG_ONCE)
		slot = index_probe(d, d->by_msg, h, sev, msg, NULL);
	if (!slot || !*slot)
		slot = index_probe(d, d->by_pos, hash_pos(h, &loc), sev, msg, &loc);
	if (*slot) {
		/* shown once, but still counted: each file it occurs in has failed */
		d->items[*slot - 1].repeats++;
		if (sev == DIAG_ERROR)
			d->errors++;
		else if (sev == DIAG_WARNING)
			d->warnings++;
		strbuf_release(&sb);
		return;
	}
	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xreallocarray(d->items, d->cap, sizeof(*d->items));
	}
	struct diagnostic *dg = &d->items[d->len++];
	dg->severity = sev;
	dg->category = cat;
	dg->loc = loc;
	dg->message = strbuf_detach(&sb, NULL);
	dg->hint = hint ? xstrdup(hint) : NULL;
	dg->repeats = 0;
	index_add(d, d->len - 1);
	if (sev == DIAG_ERROR)
		d->errors++;
	else if (sev == DIAG_WARNING)
		d->warnings++;
	if (d->format == DIAG_FORMAT_TEXT && d->out &&
	    (!d->max_errors || sev != DIAG_ERROR || d->errors <= d->max_errors))
		diag_print(d, dg, d->out);
}

void diag_report(struct diag_engine *d, enum diag_severity sev, enum diag_warning cat,
		 unsigned flags, struct source_loc loc, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(d, sev, cat, flags, loc, hint, fmt, ap);
	va_end(ap);
}

void diag_finish(struct diag_engine *d)
{
	if (!d->out)
		return;
	if (d->format == DIAG_FORMAT_JSON) {
		json_object *arr = json_object_new_array();
		for (size_t i = 0; i < d->len; i++) {
			const struct diagnostic *dg = &d->items[i];
			json_object *o = json_object_new_object();
			json_object_object_add(o, "severity",
					       json_object_new_string(severity_name(dg->severity)));
			if (dg->loc.file) {
				json_object_object_add(o, "file",
						       json_object_new_string(dg->loc.file->path));
				json_object_object_add(o, "line", json_object_new_int((int)dg->loc.line));
				json_object_object_add(o, "column", json_object_new_int((int)dg->loc.col));
				json_object_object_add(o, "length",
						       json_object_new_int((int)(dg->loc.len ? dg->loc.len : 1)));
			}
			json_object_object_add(o, "message", json_object_new_string(dg->message));
			if (dg->hint)
				json_object_object_add(o, "hint", json_object_new_string(dg->hint));
			if (dg->category != WARN_NONE)
				json_object_object_add(o, "category",
						       json_object_new_string(warning_names[dg->category]));
			if (dg->repeats)
				json_object_object_add(o, "repeats", json_object_new_int((int)dg->repeats));
			json_object_array_add(arr, o);
		}
		fputs(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE), d->out);
		fputc('\n', d->out);
		json_object_put(arr);
		return;
	}
	for (size_t i = 0; i < d->len; i++) {
		const struct diagnostic *dg = &d->items[i];
		if (dg->repeats)
			fprintf(d->out, "note: the %s \"%s\" occurred %u more time%s\n",
				severity_name(dg->severity), dg->message, dg->repeats,
				dg->repeats == 1 ? "" : "s");
	}
	if (d->max_errors && d->errors > d->max_errors)
		fprintf(d->out, "note: %u further errors not shown\n", d->errors - d->max_errors);
}
