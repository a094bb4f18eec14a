/*
 * strbuf: a growable, always NUL-terminated byte string on the heap.
 *
 * Owns its buffer. Used for building output text (printer, preprocessor,
 * diagnostics) and binary data alike: embedded NULs are allowed, len is the
 * authority, and buf[len] is always '\0'.
 */
#ifndef CONFINE_SUPPORT_STRBUF_H
#define CONFINE_SUPPORT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/*
 * Append the whole of a regular file (not following a final symlink when
 * nofollow), at most max bytes. 0, or a negative errno (-EFBIG when larger,
 * -EINVAL when not a regular file); sb may hold part of it on error.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max, int nofollow);
/* Append everything read from fd until end of file, at most max bytes (else -EFBIG). */
int strbuf_read_fd(struct strbuf *sb, int fd, size_t max);
/* Hands the buffer to the caller (never NULL) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Returns the current contents (never NULL, "" when empty). */
const char *strbuf_str(const struct strbuf *sb);

#endif
