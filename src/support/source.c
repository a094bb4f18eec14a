/* source: see source.h. */
#include "support/source.h"
#include "support/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_FILE_SIZE (64u * 1024u * 1024u)

void source_set_init(struct source_set *set)
{
	memset(set, 0, sizeof(*set));
	set->max_file_size = DEFAULT_MAX_FILE_SIZE;
}

static void source_file_free(struct source_file *f)
{
	free(f->path);
	free(f->text);
	free(f->line_starts);
	free(f);
}

void source_set_destroy(struct source_set *set)
{
	for (size_t i = 0; i < set->nfiles; i++)
		source_file_free(set->files[i]);
	free(set->files);
	memset(set, 0, sizeof(*set));
}

static void index_lines(struct source_file *f)
{
	size_t n = 1;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n')
			n++;
	f->line_starts = xreallocarray(NULL, n, sizeof(size_t));
	f->line_starts[0] = 0;
	size_t k = 1;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n')
			f->line_starts[k++] = i + 1;
	f->nlines = n;
}

static struct source_file *add_file(struct source_set *set, const char *name, char *text,
				    size_t len)
{
	struct source_file *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(name);
	f->text = text;
	f->len = len;
	index_lines(f);
	if (set->nfiles == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->files = xreallocarray(set->files, set->cap, sizeof(*set->files));
	}
	f->id = (unsigned)set->nfiles;
	set->files[set->nfiles++] = f;
	return f;
}

struct source_file *source_set_add_text(struct source_set *set, const char *name,
					const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	return add_file(set, name, copy, len);
}

static int read_all(int fd, size_t limit, char **out, size_t *outlen)
{
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap >= limit) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			free(buf);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > limit) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

int source_set_load_fd(struct source_set *set, int fd, const char *name, struct source_file **out)
{
	char *text = NULL;
	size_t len = 0;
	int r = read_all(fd, set->max_file_size, &text, &len);
	if (r < 0)
		return r;
	*out = add_file(set, name, text, len);
	return 0;
}

int source_set_load(struct source_set *set, const char *path, struct source_file **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > set->max_file_size) {
		close(fd);
		return -EFBIG;
	}
	int r = source_set_load_fd(set, fd, path, out);
	close(fd);
	if (r == 0)
		(*out)->mtime = st.st_mtim;
	return r;
}

struct source_loc source_loc_at(const struct source_file *f, size_t offset, unsigned len)
{
	struct source_loc loc = { f, 1, 1, len };
	if (!f)
		return loc;
	/* binary search for the last line start <= offset */
	size_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	loc.line = (unsigned)(lo + 1);
	loc.col = (unsigned)(offset - f->line_starts[lo] + 1);
	return loc;
}

const char *source_line(const struct source_file *f, unsigned line, size_t *len)
{
	if (!f || line == 0 || line > f->nlines) {
		*len = 0;
		return "";
	}
	size_t start = f->line_starts[line - 1];
	size_t end = line < f->nlines ? f->line_starts[line] : f->len;
	while (end > start && (f->text[end - 1] == '\n' || f->text[end - 1] == '\r'))
		end--;
	*len = end - start;
	return f->text + start;
}
