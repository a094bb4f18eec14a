/*
 * libconfine public API.
 *
 * A small, stable C interface over confine's front end: check AppArmor policy
 * files the way apparmor_parser does and obtain the names of the profiles they
 * define. The internal modules (src/) may change; this header does not change
 * incompatibly within a major version. Not thread-safe per object: use one
 * confine_checker per thread.
 */
#ifndef CONFINE_CONFINE_H
#define CONFINE_CONFINE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Library version, e.g. "0.1.0". */
const char *confine_version(void);

struct confine_checker;

/* A checker; diagnostics go to stderr as text unless json is non-zero. */
struct confine_checker *confine_checker_new(int json);
void confine_checker_free(struct confine_checker *c);

/* Include search path, in order; the base directory is searched last. */
void confine_checker_add_include_dir(struct confine_checker *c, const char *dir);
void confine_checker_set_base_dir(struct confine_checker *c, const char *dir);

/*
 * Check one policy file (NULL or "-" for standard input). Returns the number
 * of errors found (0 = valid) or -1 when the file could not be read. The
 * names of the profiles defined (parent//child form, namespaces as :ns:name)
 * are passed to names_cb when it is not NULL.
 */
int confine_check_file(struct confine_checker *c, const char *path,
		       void (*names_cb)(const char *name, void *data), void *data);

#ifdef __cplusplus
}
#endif

#endif
