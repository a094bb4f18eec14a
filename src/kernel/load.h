/*
 * kernel/load: handing compiled policy to the kernel through securityfs
 * (binary-policy-format.md §7.1).
 *
 * Owns finding the apparmor directory of securityfs (from /proc/mounts, or
 * the path given with -f), and the three write interfaces: .load (add, fails
 * if a profile exists), .replace (add or replace) and .remove (by name).
 * Each load is ONE write(2) of the whole buffer, so the kernel applies the
 * set of profile units atomically. Errors are negative errno values.
 */
#ifndef CONFINE_KERNEL_LOAD_H
#define CONFINE_KERNEL_LOAD_H

#include <stddef.h>

enum kernel_load_op { KERNEL_LOAD_ADD, KERNEL_LOAD_REPLACE };

/*
 * The apparmor directory of securityfs into buf ("/sys/kernel/security/
 * apparmor"); override: a securityfs mount point or its apparmor directory.
 * Returns 0 or -ENOENT when AppArmor's interface is not available.
 */
int kernel_apparmor_dir(const char *override, char *buf, size_t size);

int kernel_load(const char *dir, enum kernel_load_op op, const void *data, size_t len);
/* Remove a profile by its full name (parent//child, or :ns:name). */
int kernel_remove(const char *dir, const char *name);

#endif
