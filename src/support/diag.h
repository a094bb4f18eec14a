/*
 * diag: compiler diagnostics (errors, warnings, notes) with source positions.
 *
 * Owns the list of diagnostics of one run and their rendering:
 *   file:line:col: error: message
 *     <source line>
 *          ^~~~~
 *     hint: ...
 * or, in JSON mode, one JSON array of objects written by diag_finish().
 *
 * Rules: messages speak the user's language (never parser-internal token names);
 * an identical message at the same position is reported once; a diagnostic
 * marked DIAG_ONCE (e.g. a missing include shared by many profiles) is reported
 * once per message text, later occurrences only counted. Warnings belong to a
 * named category that --warn/--Werror can switch (see diag_warning_names).
 */
#ifndef CONFINE_SUPPORT_DIAG_H
#define CONFINE_SUPPORT_DIAG_H

#include "support/source.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* Warning categories, named after apparmor_parser's --warn options. */
enum diag_warning {
	WARN_NONE = 0,      /* not switchable: always shown */
	WARN_RULE_NOT_ENFORCED,
	WARN_RULE_DOWNGRADED,
	WARN_ABI,
	WARN_DEPRECATED,
	WARN_CONFIG,
	WARN_POUND,         /* '#include' style directives */
	WARN_DEV,
	WARN_UNKNOWN_FEATURE,
	WARN_CACHE,
	WARN_DEBUG_CACHE,
	WARN_JOBS,
	WARN_DANGEROUS,
	WARN_UNEXPECTED,
	WARN_FORMAT,
	WARN_SUSPICIOUS,
	WARN__COUNT
};

enum diag_flags {
	DIAG_ONCE = 1u << 0,    /* report this message text once per run */
};

enum diag_format { DIAG_FORMAT_TEXT, DIAG_FORMAT_JSON };

struct diagnostic {
	enum diag_severity severity;
	enum diag_warning category;
	struct source_loc loc;
	char *message;
	char *hint;          /* may be NULL */
	unsigned repeats;    /* further occurrences folded into this one */
};

struct diag_engine {
	struct diagnostic *items;
	size_t len, cap;
	unsigned errors;                 /* every error reported, folded repeats included */
	unsigned warnings;
	unsigned suppressed;
	enum diag_format format;
	FILE *out;                      /* text mode prints as it goes */
	bool color;
	bool quiet;                     /* suppress warnings and notes */
	bool werror[WARN__COUNT];       /* warning category promoted to error */
	bool enabled[WARN__COUNT];      /* warning category shown */
	unsigned max_errors;            /* stop printing after this many (0 = no limit) */
	/* dedupe indexes over items (slot = index + 1, 0 = empty), index_cap slots each:
	 * by message (first item with that text) and by message and position */
	size_t *by_msg, *by_pos;
	size_t index_cap;
};

void diag_init(struct diag_engine *d, FILE *out);
void diag_destroy(struct diag_engine *d);

/* Switch a category by its --warn name ("all" for every one). Returns false if unknown. */
bool diag_set_warning(struct diag_engine *d, const char *name, bool enable);
bool diag_set_werror(struct diag_engine *d, const char *name, bool enable);
const char *diag_warning_name(enum diag_warning w);

void diag_report(struct diag_engine *d, enum diag_severity sev, enum diag_warning cat,
		 unsigned flags, struct source_loc loc, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void diag_vreport(struct diag_engine *d, enum diag_severity sev, enum diag_warning cat,
		  unsigned flags, struct source_loc loc, const char *hint, const char *fmt,
		  va_list ap) __attribute__((format(printf, 7, 0)));

/* Shorthands. */
#define diag_error(d, loc, ...) diag_report((d), DIAG_ERROR, WARN_NONE, 0, (loc), NULL, __VA_ARGS__)
#define diag_error_hint(d, loc, hint, ...) \
	diag_report((d), DIAG_ERROR, WARN_NONE, 0, (loc), (hint), __VA_ARGS__)
#define diag_warn(d, cat, loc, ...) diag_report((d), DIAG_WARNING, (cat), 0, (loc), NULL, __VA_ARGS__)
#define diag_note(d, loc, ...) diag_report((d), DIAG_NOTE, WARN_NONE, 0, (loc), NULL, __VA_ARGS__)

/*
 * A collecting engine (out NULL: nothing printed) with the settings of
 * another: for work done in another thread, replayed later with diag_replay.
 */
void diag_init_collector(struct diag_engine *d, const struct diag_engine *settings);
/* Report every diagnostic of src into dst, in order (repeats included). */
void diag_replay(struct diag_engine *dst, const struct diag_engine *src);

/* Write JSON output (JSON mode) and the "N more occurrences" counts. */
void diag_finish(struct diag_engine *d);

/* Render one diagnostic as text into a FILE (used by text mode and tests). */
void diag_print(const struct diag_engine *d, const struct diagnostic *dg, FILE *out);

#endif
