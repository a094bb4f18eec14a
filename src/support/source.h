/*
 * source: the text of one input file (a profile, an include, stdin) and the
 * mapping from byte offsets to line/column.
 *
 * Owns the file's bytes (NUL-terminated copy) and its line table. Lives as long
 * as any diagnostic or AST node may point into it: sources are created by a
 * source_set and destroyed with it.
 */
#ifndef CONFINE_SUPPORT_SOURCE_H
#define CONFINE_SUPPORT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct source_file {
	char *path;          /* as given or as resolved by include search */
	char *text;          /* contents, with a terminating NUL appended */
	size_t len;          /* length of the contents (may contain NULs) */
	struct timespec mtime;
	size_t *line_starts; /* offsets of the first byte of each line */
	size_t nlines;
	unsigned id;         /* index in the owning source_set */
};

/* A position in a source: 1-based line and column (column counts bytes). */
struct source_loc {
	const struct source_file *file;
	unsigned line;
	unsigned col;
	unsigned len;        /* length of the token or range, for the caret; 0 = 1 */
};

struct source_set {
	struct source_file **files;
	size_t nfiles, cap;
	size_t max_file_size;   /* refuse files larger than this (bytes) */
};

void source_set_init(struct source_set *set);
void source_set_destroy(struct source_set *set);

/*
 * Read a file into the set. Returns 0 and the file, or a negative errno
 * (-EFBIG when larger than max_file_size, -EISDIR for directories).
 */
int source_set_load(struct source_set *set, const char *path, struct source_file **out);
/* Read all of a file descriptor (stdin) under the given display name. */
int source_set_load_fd(struct source_set *set, int fd, const char *name, struct source_file **out);
/* Add in-memory text (tests, fuzzing). The text is copied. */
struct source_file *source_set_add_text(struct source_set *set, const char *name,
					const char *text, size_t len);

/* Line/column of a byte offset. */
struct source_loc source_loc_at(const struct source_file *f, size_t offset, unsigned len);
/* The text of a 1-based line without its line terminator. */
const char *source_line(const struct source_file *f, unsigned line, size_t *len);

#endif
