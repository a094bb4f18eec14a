/*
 * fmt: 'confine fmt [--check | -w] [FILE...]' prints policy files in the
 * canonical layout of src/lang/printer.h.
 *
 * A file is formatted as written: includes are not followed and variables
 * not expanded. It is parsed as top-level policy, or, when that fails, as a
 * profile body (abstractions and other include files hold bare rules). A
 * file that does not parse is reported and never modified. Rewriting (-w)
 * goes through a temporary file in the same directory, synced and renamed
 * over the original, so a crash leaves either the old or the new text.
 *
 * Exit status: 0 success; 1 with --check when some file is not canonical;
 * 2 when some file could not be read, parsed or written.
 */
#include "commands.h"
#include "options.h"

#include "lang/ast_equal.h"
#include "lang/parser.h"
#include "lang/printer.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/source.h"
#include "support/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum fmt_action { FMT_PRINT, FMT_CHECK, FMT_WRITE };
enum fmt_mode { MODE_AUTO, MODE_TOP, MODE_BODY };

struct fmt_opts {
	enum fmt_action action;
	enum fmt_mode mode;
	bool comments;
	bool color;
};

static const char usage_text[] =
	"usage: confine fmt [OPTIONS] [FILE...]\n"
	"\n"
	"Print AppArmor policy files in canonical form: two-space indentation, one\n"
	"rule per line, qualifiers in the order priority= audit allow|deny|prompt\n"
	"owner|other, words quoted only where needed. Comments are kept. Includes\n"
	"are not expanded: each file is formatted as written. Without FILE, or with\n"
	"'-', standard input is read. A directory stands for the policy files in it.\n"
	"\n"
	"options:\n"
	"  -c, --check          print nothing but the names of files that are not\n"
	"                       canonical; exit 1 if there are any\n"
	"  -w, --write          rewrite files in place (atomically) instead of printing\n"
	"      --top            parse files as top-level policy only\n"
	"      --body           parse files as profile bodies (include files) only\n"
	"                       (default: top level, else profile body)\n"
	"      --strip-comments drop comments and blank lines\n"
	"  -h, --help           show this help\n"
	"\n"
	"exit status: 0 ok, 1 some file not canonical (--check), 2 errors\n"
	"(unreadable or unparsable files are reported and left untouched)\n";

/* Position of the first diagnostic, to compare how far two parses got. */
static unsigned long first_error_pos(const struct diag_engine *d)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].severity == DIAG_ERROR)
			return (unsigned long)d->items[i].loc.line << 20 | d->items[i].loc.col;
	return 0;
}

static void show_diags(const struct diag_engine *d, bool color)
{
	struct diag_engine shown = *d;
	shown.color = color;
	for (size_t i = 0; i < d->len; i++)
		diag_print(&shown, &d->items[i], stderr);
}

/*
 * Parse in the requested mode; in auto mode, top level first, then profile
 * body. On failure the diagnostics of the attempt that got further are shown.
 */
static struct ast_unit *parse_file(struct arena *arena, const struct source_file *src,
				   const struct fmt_opts *o)
{
	struct diag_engine top, body;
	diag_init(&top, NULL);
	diag_init(&body, NULL);
	struct ast_unit *u = NULL;
	if (o->mode != MODE_BODY)
		u = parse_unit(arena, &top, src, false);
	if ((!u || !u->ok) && o->mode != MODE_TOP)
		u = parse_unit(arena, &body, src, true);
	if (!u->ok) {
		bool use_body = o->mode == MODE_BODY ||
				(o->mode == MODE_AUTO && first_error_pos(&body) > first_error_pos(&top));
		show_diags(use_body ? &body : &top, o->color);
		u = NULL;
	}
	diag_destroy(&top);
	diag_destroy(&body);
	return u;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Sync the directory holding path, so that the rename itself is durable. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/*
 * Replace the file at path (a symlink is followed: its target is rewritten)
 * with text: temporary file in the same directory, same mode (and owner when
 * permitted), fsync, rename.
 */
static int replace_file(const char *path, const char *text, size_t len)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return -1;
	struct stat st;
	if (stat(real, &st) < 0)
		return -1;
	char tmp[PATH_MAX + 16];
	char *dir = strdup(real), *base = strdup(real);
	if (!dir || !base) {
		free(dir);
		free(base);
		errno = ENOMEM;
		return -1;
	}
	int n = snprintf(tmp, sizeof(tmp), "%s/.%s.fmtXXXXXX", dirname(dir), basename(base));
	free(dir);
	free(base);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	int saved;
	if (fchmod(fd, st.st_mode & 07777) < 0 || write_all(fd, text, len) < 0 || fsync(fd) < 0)
		goto fail;
	if (fchown(fd, st.st_uid, st.st_gid) < 0 && errno != EPERM)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, real) < 0)
		goto fail;
	sync_dir(real);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

/*
 * The printer's own check, before anything is written: the canonical text
 * must parse to the same tree as the original.
 */
static bool same_meaning(struct arena *arena, const struct ast_unit *u, const struct strbuf *text)
{
	struct source_set ss;
	struct diag_engine quiet;
	source_set_init(&ss);
	diag_init(&quiet, NULL);
	struct source_file *src = source_set_add_text(&ss, "<formatted>", strbuf_str(text), text->len);
	struct ast_unit *again = parse_unit(arena, &quiet, src, u->body);
	bool same = again->ok && ast_unit_equal(u, again, NULL);
	diag_destroy(&quiet);
	source_set_destroy(&ss);
	return same;
}

static int load(struct source_set *ss, const char *path, struct source_file **src)
{
	bool in = strcmp(path, "-") == 0;
	int r = in ? source_set_load_fd(ss, STDIN_FILENO, "<stdin>", src)
		   : source_set_load(ss, path, src);
	if (r < 0)
		fprintf(stderr, "confine fmt: cannot read '%s': %s\n", in ? "<stdin>" : path,
			r == -EFBIG ? "file too large" : strerror(-r));
	return r;
}

/* Format one file; returns 0, 1 (not canonical under --check) or 2 (error). */
static int fmt_one(const char *path, const struct fmt_opts *o)
{
	struct arena arena;
	struct source_set ss;
	arena_init(&arena);
	source_set_init(&ss);
	int rc = 0;
	struct source_file *src;
	struct strbuf out = STRBUF_INIT;
	if (load(&ss, path, &src) < 0) {
		rc = 2;
		goto done;
	}
	struct ast_unit *u = parse_file(&arena, src, o);
	if (!u) {
		rc = 2;
		goto done;
	}
	struct printer_options po = { .comments = o->comments };
	/*
	 * The printer's own verdict on its spelling is advisory (it cannot see
	 * the whole text when it decides); the text is what counts.
	 */
	printer_print_unit(u, &po, &out);
	if (!same_meaning(&arena, u, &out)) {
		fprintf(stderr, "confine fmt: %s: cannot be formatted without changing its meaning; "
				"left as it is\n", strcmp(path, "-") == 0 ? "<stdin>" : path);
		rc = 2;
		goto done;
	}
	bool same = out.len == src->len && memcmp(strbuf_str(&out), src->text, out.len) == 0;
	switch (o->action) {
	case FMT_PRINT:
		fwrite(strbuf_str(&out), 1, out.len, stdout);
		break;
	case FMT_CHECK:
		if (!same) {
			printf("%s\n", strcmp(path, "-") == 0 ? "<stdin>" : path);
			rc = 1;
		}
		break;
	case FMT_WRITE:
		if (!same && replace_file(path, strbuf_str(&out), out.len) < 0) {
			fprintf(stderr, "confine fmt: cannot write '%s': %s\n", path, strerror(errno));
			rc = 2;
		}
		break;
	}
done:
	strbuf_release(&out);
	source_set_destroy(&ss);
	arena_destroy(&arena);
	return rc;
}

static int parse_args(int argc, char **argv, struct fmt_opts *o)
{
	enum { OPT_TOP = 256, OPT_BODY, OPT_STRIP };
	static const struct option opts[] = {
		{ "check", no_argument, NULL, 'c' },
		{ "write", no_argument, NULL, 'w' },
		{ "top", no_argument, NULL, OPT_TOP },
		{ "body", no_argument, NULL, OPT_BODY },
		{ "strip-comments", no_argument, NULL, OPT_STRIP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof(*o));
	o->comments = true;
	o->color = isatty(STDERR_FILENO);
	bool check = false, write = false;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "cwh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': check = true; break;
		case 'w': write = true; break;
		case OPT_TOP: o->mode = MODE_TOP; break;
		case OPT_BODY: o->mode = MODE_BODY; break;
		case OPT_STRIP: o->comments = false; break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	if (check && write) {
		fputs("confine fmt: --check and --write exclude each other\n", stderr);
		return -1;
	}
	o->action = check ? FMT_CHECK : write ? FMT_WRITE : FMT_PRINT;
	return 0;
}

int cmd_fmt(int argc, char **argv)
{
	struct fmt_opts o;
	int r = parse_args(argc, argv, &o);
	if (r)
		return r > 0 ? 0 : 2;
	char *stdin_only[] = { (char *)"-" };
	char **args = optind < argc ? argv + optind : stdin_only;
	int nargs = optind < argc ? argc - optind : 1;
	struct diag_engine diag;
	diag_init(&diag, stderr);
	char **inputs;
	int n = expand_inputs(args, nargs, &inputs, &diag);
	int rc = diag.errors ? 2 : 0;
	for (int i = 0; i < n; i++) {
		if (o.action == FMT_WRITE && strcmp(inputs[i], "-") == 0) {
			fputs("confine fmt: cannot rewrite standard input in place\n", stderr);
			rc = 2;
			continue;
		}
		int fr = fmt_one(inputs[i], &o);
		if (fr > rc)
			rc = fr;
	}
	free_inputs(inputs, n);
	diag_destroy(&diag);
	return rc;
}
