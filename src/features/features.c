/*
 * features.c: parsing and querying of flattened features strings, reading of
 * kernel features directories. See features.h for the contract.
 *
 * Owns struct features: an arena holding a NUL-terminated copy of the string
 * and the node tree that points into it. The parser is iterative (an explicit
 * parent pointer instead of recursion) so hostile nesting cannot exhaust the
 * stack; FEATURES_MAX_DEPTH bounds it anyway, because no real features tree
 * is deeper than about five levels.
 */
#include "features/features.h"

#include "support/arena.h"
#include "support/strbuf.h"
#include "support/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct features {
	struct arena arena;
	char *text;                     /* the flattened string, NUL-terminated */
	size_t len;
	const struct features_node *root;
	bool tail_ignored;              /* a stray '}' at top level ended the parse */
	size_t tail_offset;
};

/* Mutable view of a node while building; the public struct is const-correct
 * for readers, so the builder keeps its own tail pointers. */
struct build_node {
	struct features_node node;
	struct build_node *last_child;
	size_t open_brace;              /* offset of this entry's '{' (for errors) */
};

static int set_error(struct features_error *err, int code, bool has_offset, size_t offset,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int set_error(struct features_error *err, int code, bool has_offset, size_t offset,
		     const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		err->has_offset = has_offset;
		err->offset = offset;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* Whitespace as the kernel's values and the flattened format use it. */
static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Characters allowed in a feature name: printable ASCII except braces and '/'
 * ('/' separates path components, so such a name could never be queried). */
static bool is_name_char(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '{' && c != '}' && c != '/';
}

/* Characters allowed in a value: printable ASCII and whitespace. */
static bool is_value_char(unsigned char c)
{
	return is_space(c) || (c >= ' ' && c < 0x7f && c != '{' && c != '}');
}

/* Describe a byte for an error message without printing raw control bytes. */
static const char *describe_byte(unsigned char c, char buf[16])
{
	if (c >= ' ' && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02x", c);
	return buf;
}

static struct features *features_alloc(const char *text, size_t len)
{
	struct features *f = xcalloc(1, sizeof(*f));
	arena_init(&f->arena);
	f->text = arena_alloc(&f->arena, len + 1);
	if (len)
		memcpy(f->text, text, len);
	f->text[len] = '\0';
	f->len = len;
	return f;
}

void features_free(struct features *f)
{
	if (!f)
		return;
	arena_destroy(&f->arena);
	free(f);
}

static void add_child(struct build_node *parent, struct build_node *child)
{
	child->node.parent = &parent->node;
	if (parent->last_child)
		parent->last_child->node.next = &child->node;
	else
		parent->node.children = &child->node;
	parent->last_child = child;
}

int features_parse(const char *text, size_t len, struct features **out,
		   struct features_error *err)
{
	*out = NULL;
	if (len > FEATURES_MAX_SIZE)
		return set_error(err, -EFBIG, false, 0,
				 "features string of %zu bytes is larger than the limit of %u bytes",
				 len, FEATURES_MAX_SIZE);
	if (!text && len)
		return set_error(err, -EINVAL, false, 0, "no features text");

	struct features *f = features_alloc(text, len);
	const char *s = f->text;
	/* The root is built as a build_node too so children can be appended. */
	struct build_node *root = arena_new(&f->arena, struct build_node);
	root->node.name = "";
	struct build_node *cur = root;
	unsigned depth = 0;
	size_t pos = 0;
	char b[16];
	int rc;

	for (;;) {
		while (pos < len && is_space((unsigned char)s[pos]))
			pos++;
		if (pos == len) {
			if (depth) {
				rc = set_error(err, -EINVAL, true, cur->open_brace,
					       "unterminated '{' of feature '%s' (missing '}' at end of input)",
					       cur->node.name);
				goto fail;
			}
			break;
		}
		unsigned char c = (unsigned char)s[pos];
		if (c == '}') {
			if (!depth) {
				/* Upstream's own abi/kernel-5.4-* files have one '}'
				 * too many. libapparmor's lookup stops at such a brace,
				 * so whatever follows it is unreachable; do the same
				 * instead of rejecting a file Debian ships. */
				f->tail_ignored = true;
				f->tail_offset = pos;
				break;
			}
			cur = (struct build_node *)(void *)cur->node.parent;
			depth--;
			pos++;
			continue;
		}
		if (c == '{') {
			rc = set_error(err, -EINVAL, true, pos, "'{' without a feature name before it");
			goto fail;
		}
		if (!is_name_char(c)) {
			rc = set_error(err, -EINVAL, true, pos, "unexpected %s where a feature name should start",
				       describe_byte(c, b));
			goto fail;
		}
		size_t name_start = pos;
		while (pos < len && is_name_char((unsigned char)s[pos]))
			pos++;
		size_t name_end = pos;
		if (pos < len && !is_space((unsigned char)s[pos]) && s[pos] != '{' && s[pos] != '}') {
			rc = set_error(err, -EINVAL, true, pos, "unexpected %s in feature name",
				       describe_byte((unsigned char)s[pos], b));
			goto fail;
		}
		while (pos < len && is_space((unsigned char)s[pos]))
			pos++;
		if (pos == len || s[pos] != '{') {
			rc = set_error(err, -EINVAL, true, pos == len ? name_start : pos,
				       "expected '{' after feature name '%.*s'%s",
				       (int)(name_end - name_start > 64 ? 64 : name_end - name_start),
				       s + name_start, pos == len ? " (end of input)" : "");
			goto fail;
		}
		size_t open = pos++;
		if (depth + 1 > FEATURES_MAX_DEPTH) {
			rc = set_error(err, -ELOOP, true, open,
				       "features nested deeper than %u levels", FEATURES_MAX_DEPTH);
			goto fail;
		}

		struct build_node *n = arena_new(&f->arena, struct build_node);
		n->node.name = arena_strndup(&f->arena, s + name_start, name_end - name_start);
		n->node.offset = name_start;
		n->open_brace = open;
		add_child(cur, n);

		/* A leaf's value runs to the next brace, which must close it; if
		 * the next brace opens instead, this entry is a directory. */
		size_t scan = pos;
		while (scan < len && s[scan] != '{' && s[scan] != '}')
			scan++;
		if (scan < len && s[scan] == '}') {
			for (size_t i = pos; i < scan; i++) {
				if (!is_value_char((unsigned char)s[i])) {
					rc = set_error(err, -EINVAL, true, i,
						       "unexpected %s in the value of feature '%s'",
						       describe_byte((unsigned char)s[i], b), n->node.name);
					goto fail;
				}
			}
			n->node.value = s + pos;
			n->node.value_len = scan - pos;
			pos = scan + 1;
			continue;
		}
		if (scan == len) {
			rc = set_error(err, -EINVAL, true, open,
				       "unterminated '{' of feature '%s' (missing '}' at end of input)",
				       n->node.name);
			goto fail;
		}
		/* directory: its entries follow */
		cur = n;
		depth++;
	}

	f->root = &root->node;
	*out = f;
	return 0;
fail:
	features_free(f);
	return rc;
}

/* ---- directories ---------------------------------------------------------- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int append_checked(struct strbuf *out, size_t base, const void *data, size_t n,
			  struct features_error *err)
{
	if (out->len - base + n > FEATURES_MAX_SIZE)
		return set_error(err, -EFBIG, false, 0,
				 "flattened features larger than the limit of %u bytes", FEATURES_MAX_SIZE);
	strbuf_add(out, data, n);
	return 0;
}

static int read_file_into(int fd, struct strbuf *out, size_t base, const char *name,
			  struct features_error *err)
{
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			return set_error(err, -e, false, 0, "cannot read features file '%s': %s",
					 name, strerror(e));
		}
		if (n == 0)
			return 0;
		int rc = append_checked(out, base, buf, (size_t)n, err);
		if (rc)
			return rc;
	}
}

static int flatten_level(int dirfd, const char *display, struct strbuf *out, size_t base,
			 unsigned depth, struct features_error *err)
{
	if (depth > FEATURES_MAX_DEPTH)
		return set_error(err, -ELOOP, false, 0,
				 "features directory '%s' nested deeper than %u levels",
				 display, FEATURES_MAX_DEPTH);
	int dirfd2 = dup(dirfd);
	if (dirfd2 < 0) {
		int e = errno;
		return set_error(err, -e, false, 0, "cannot read directory '%s': %s", display, strerror(e));
	}
	DIR *d = fdopendir(dirfd2);
	if (!d) {
		int e = errno;
		close(dirfd2);
		return set_error(err, -e, false, 0, "cannot read directory '%s': %s", display, strerror(e));
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		/* dotfiles (and ".", "..") are not features */
		if (de->d_name[0] == '.' || de->d_name[0] == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (errno) {
		int e = errno;
		rc = set_error(err, -e, false, 0, "cannot read directory '%s': %s", display, strerror(e));
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);

	for (size_t i = 0; i < n && !rc; i++) {
		const char *name = names[i];
		size_t nlen = strlen(name);
		if ((rc = append_checked(out, base, name, nlen, err)) ||
		    (rc = append_checked(out, base, " {", 2, err)))
			break;
		struct stat st;
		/* A symlink to a file gives the file's contents; a symlink to a
		 * directory gives an empty entry, as aa-vm's flattening does (its
		 * 'test -f' follows links, its 'find -P' does not descend). Kernel
		 * features trees have no symlinks; this only pins down the output
		 * for copies of them and bounds the walk without loop detection. */
		bool is_link = fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
		if (fstatat(dirfd, name, &st, 0) == 0) {
			if (S_ISDIR(st.st_mode) && !is_link) {
				int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (sub < 0) {
					int e = errno;
					rc = set_error(err, -e, false, 0, "cannot open directory '%s/%s': %s",
						       display, name, strerror(e));
					break;
				}
				char *sub_display = xmalloc(strlen(display) + nlen + 2);
				sprintf(sub_display, "%s/%s", display, name);
				rc = flatten_level(sub, sub_display, out, base, depth + 1, err);
				free(sub_display);
				close(sub);
			} else if (S_ISREG(st.st_mode)) {
				int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
				if (fd < 0) {
					int e = errno;
					rc = set_error(err, -e, false, 0, "cannot open features file '%s/%s': %s",
						       display, name, strerror(e));
					break;
				}
				rc = read_file_into(fd, out, base, name, err);
				close(fd);
			}
		}
		if (!rc)
			rc = append_checked(out, base, "}\n", 2, err);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int features_flatten_dir(int dirfd, const char *path, struct strbuf *out,
			 struct features_error *err)
{
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		return set_error(err, -e, false, 0, "cannot open features directory '%s': %s",
				 path, strerror(e));
	}
	size_t base = out->len;
	int rc = flatten_level(fd, path, out, base, 0, err);
	close(fd);
	return rc;
}

int features_load(int dirfd, const char *path, struct features **out,
		  struct features_error *err)
{
	*out = NULL;
	struct stat st;
	if (fstatat(dirfd, path, &st, 0) != 0) {
		int e = errno;
		return set_error(err, -e, false, 0, "cannot read features '%s': %s", path, strerror(e));
	}
	struct strbuf sb = STRBUF_INIT;
	int rc;
	if (S_ISDIR(st.st_mode)) {
		rc = features_flatten_dir(dirfd, path, &sb, err);
	} else {
		int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			rc = set_error(err, -e, false, 0, "cannot open features file '%s': %s",
				       path, strerror(e));
		} else {
			rc = read_file_into(fd, &sb, 0, path, err);
			close(fd);
		}
	}
	if (!rc)
		rc = features_parse(sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}

/* ---- the string and queries ----------------------------------------------- */

const char *features_string(const struct features *f, size_t *len)
{
	if (len)
		*len = f->len;
	return f->text;
}

void features_hash(const struct features *f, char out[9])
{
	/* libapparmor hashes strlen() bytes; our strings never contain a NUL
	 * (the parser rejects it), so this is the whole string. */
	uint32_t h = features_murmur3_x86_32(f->text, strlen(f->text), FEATURES_HASH_SEED);
	snprintf(out, 9, "%08x", (unsigned)h);
}

bool features_tail_ignored(const struct features *f, size_t *offset)
{
	if (f->tail_ignored && offset)
		*offset = f->tail_offset;
	return f->tail_ignored;
}

const struct features_node *features_root(const struct features *f)
{
	return f->root;
}

static const struct features_node *find_child(const struct features_node *dir,
					      const char *name, size_t len)
{
	for (const struct features_node *c = dir->children; c; c = c->next)
		if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

bool features_next_word(const char *value, size_t value_len, size_t *pos,
			struct features_word *word)
{
	size_t p = *pos;
	while (p < value_len && is_space((unsigned char)value[p]))
		p++;
	if (p >= value_len) {
		*pos = p;
		return false;
	}
	size_t start = p;
	while (p < value_len && !is_space((unsigned char)value[p]))
		p++;
	word->text = value + start;
	word->len = p - start;
	*pos = p;
	return true;
}

static bool value_has_word(const struct features_node *leaf, const char *w, size_t wlen)
{
	size_t pos = 0;
	struct features_word word;
	if (!leaf->value || !wlen)
		return false;
	while (features_next_word(leaf->value, leaf->value_len, &pos, &word))
		if (word.len == wlen && memcmp(word.text, w, wlen) == 0)
			return true;
	return false;
}

/*
 * Walk a path. Returns the node reached by names; if the last component is a
 * word of a leaf's value instead, *word_match is set and the leaf returned.
 */
static const struct features_node *walk(const struct features *f, const char *path,
					bool allow_word, bool *word_match)
{
	*word_match = false;
	if (!f || !path)
		return NULL;
	const struct features_node *n = f->root;
	bool any = false;
	const char *p = path;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		const char *next = slash ? slash + 1 : p + len;
		if (len == 0) {         /* "a//b", leading or trailing '/' */
			p = next;
			continue;
		}
		if (*word_match)
			return NULL;    /* nothing lies below a value word */
		if (n->value) {
			if (!allow_word || !value_has_word(n, p, len))
				return NULL;
			*word_match = true;
		} else {
			n = find_child(n, p, len);
			if (!n)
				return NULL;
		}
		any = true;
		p = next;
	}
	return any ? n : NULL;
}

const struct features_node *features_lookup(const struct features *f, const char *path)
{
	bool word;
	return walk(f, path, false, &word);
}

bool features_supports(const struct features *f, const char *path)
{
	bool word;
	return walk(f, path, true, &word) != NULL;
}

const char *features_value(const struct features *f, const char *path, size_t *len)
{
	const struct features_node *n = features_lookup(f, path);
	if (!n || !n->value)
		return NULL;
	if (len)
		*len = n->value_len;
	return n->value;
}

bool features_has_word(const struct features *f, const char *path, const char *word)
{
	const struct features_node *n = features_lookup(f, path);
	return n && word && value_has_word(n, word, strlen(word));
}

bool features_value_is(const struct features *f, const char *path, const char *word)
{
	size_t len, pos = 0;
	const char *v = features_value(f, path, &len);
	struct features_word w;
	if (!v || !word || !features_next_word(v, len, &pos, &w))
		return false;
	if (w.len != strlen(word) || memcmp(w.text, word, w.len) != 0)
		return false;
	return !features_next_word(v, len, &pos, &w);
}

int features_value_u64(const struct features *f, const char *path, uint64_t *out)
{
	size_t len, pos = 0;
	const char *v = features_value(f, path, &len);
	struct features_word w;
	if (!v)
		return -ENOENT;
	if (!features_next_word(v, len, &pos, &w) || w.len > 40)
		return -EINVAL;
	char buf[41];
	memcpy(buf, w.text, w.len);
	buf[w.len] = '\0';
	if (!isdigit((unsigned char)buf[0]))
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(buf, &end, 0);
	if (errno || *end)
		return -EINVAL;
	struct features_word extra;
	if (features_next_word(v, len, &pos, &extra))
		return -EINVAL;
	*out = x;
	return 0;
}

unsigned features_policy_version(const struct features *f)
{
	const struct features_node *dir = features_lookup(f, "policy/versions");
	unsigned best = 0;
	if (!dir || dir->value)
		return 0;
	for (const struct features_node *c = dir->children; c; c = c->next) {
		const char *s = c->name;
		if (s[0] != 'v' || !isdigit((unsigned char)s[1]))
			continue;
		char *end;
		unsigned long v = strtoul(s + 1, &end, 10);
		if (*end == '\0' && v > best && v < 1000)
			best = (unsigned)v;
	}
	return best;
}

/* ---- intersection --------------------------------------------------------- */

static void emit_intersection(const struct features_node *a, const struct features_node *b,
			      struct strbuf *out)
{
	for (const struct features_node *ca = a->children; ca; ca = ca->next) {
		const struct features_node *cb = find_child(b, ca->name, strlen(ca->name));
		if (!cb || !ca->value != !cb->value)
			continue;
		strbuf_addstr(out, ca->name);
		strbuf_addstr(out, " {");
		if (ca->value) {
			size_t pos = 0;
			struct features_word w;
			bool first = true, any = false;
			while (features_next_word(ca->value, ca->value_len, &pos, &w)) {
				if (!value_has_word(cb, w.text, w.len))
					continue;
				if (!first)
					strbuf_addch(out, ' ');
				strbuf_add(out, w.text, w.len);
				first = false;
				any = true;
			}
			if (any)
				strbuf_addch(out, '\n');
		} else {
			emit_intersection(ca, cb, out);
		}
		strbuf_addstr(out, "}\n");
	}
}

int features_intersection(const struct features *a, const struct features *b,
			  struct features **out, struct features_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	*out = NULL;
	if (!a || !b)
		return set_error(err, -EINVAL, false, 0, "intersection of a missing features set");
	emit_intersection(a->root, b->root, &sb);
	int rc = features_parse(sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}

bool features_intersect(const struct features *kernel, const struct features *policy,
			const char *path)
{
	return features_supports(kernel, path) && features_supports(policy, path);
}
