/*
 * mount_flags: the vocabulary of mount options — which kernel MS_* flag each
 * option word of a mount rule sets or clears — shared by the semantic checks
 * (check_mount.c) and the compiler (src/compile/lower_mount.c).
 *
 * Owns only the constant table and its lookup; knows nothing of rules. The
 * words are apparmor_parser's (parser/mount.cc), plus nosymfollow and
 * lazytime (and their negations), which later upstream versions added.
 */
#ifndef CONFINE_POLICY_MOUNT_FLAGS_H
#define CONFINE_POLICY_MOUNT_FLAGS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The kernel's MS_* values (include/uapi/linux/mount.h). */
enum {
	MF_RDONLY = 1u << 0,
	MF_NOSUID = 1u << 1,
	MF_NODEV = 1u << 2,
	MF_NOEXEC = 1u << 3,
	MF_SYNC = 1u << 4,
	MF_REMOUNT = 1u << 5,
	MF_MAND = 1u << 6,
	MF_DIRSYNC = 1u << 7,
	MF_NOSYMFOLLOW = 1u << 8,
	MF_NOATIME = 1u << 10,
	MF_NODIRATIME = 1u << 11,
	MF_BIND = 1u << 12,
	MF_MOVE = 1u << 13,
	MF_REC = 1u << 14,
	MF_SILENT = 1u << 15,        /* also MS_VERBOSE */
	MF_ACL = 1u << 16,
	MF_UNBINDABLE = 1u << 17,
	MF_PRIVATE = 1u << 18,
	MF_SLAVE = 1u << 19,
	MF_SHARED = 1u << 20,
	MF_RELATIME = 1u << 21,
	MF_IVERSION = 1u << 23,
	MF_STRICTATIME = 1u << 24,
	MF_LAZYTIME = 1u << 25,
	MF_NOUSER = 1u << 31,
};

struct mount_option {
	const char *word;
	uint32_t set;      /* flags the option requires to be set */
	uint32_t clear;    /* flags the option requires to be clear */
};

/* The option named word, or NULL. */
static inline const struct mount_option *mount_option_find(const char *word)
{
	static const struct mount_option options[] = {
		{ "ro", MF_RDONLY, 0 }, { "r", MF_RDONLY, 0 }, { "read-only", MF_RDONLY, 0 },
		{ "rw", 0, MF_RDONLY }, { "w", 0, MF_RDONLY },
		{ "suid", 0, MF_NOSUID }, { "nosuid", MF_NOSUID, 0 },
		{ "dev", 0, MF_NODEV }, { "nodev", MF_NODEV, 0 },
		{ "exec", 0, MF_NOEXEC }, { "noexec", MF_NOEXEC, 0 },
		{ "sync", MF_SYNC, 0 }, { "async", 0, MF_SYNC },
		{ "remount", MF_REMOUNT, 0 },
		{ "mand", MF_MAND, 0 }, { "nomand", 0, MF_MAND },
		{ "dirsync", MF_DIRSYNC, 0 },
		{ "symfollow", 0, MF_NOSYMFOLLOW }, { "nosymfollow", MF_NOSYMFOLLOW, 0 },
		{ "atime", 0, MF_NOATIME }, { "noatime", MF_NOATIME, 0 },
		{ "diratime", 0, MF_NODIRATIME }, { "nodiratime", MF_NODIRATIME, 0 },
		{ "bind", MF_BIND, 0 }, { "B", MF_BIND, 0 },
		{ "move", MF_MOVE, 0 }, { "M", MF_MOVE, 0 },
		{ "rbind", MF_BIND | MF_REC, 0 }, { "R", MF_BIND | MF_REC, 0 },
		{ "verbose", MF_SILENT, 0 }, { "silent", MF_SILENT, 0 }, { "loud", 0, MF_SILENT },
		{ "acl", MF_ACL, 0 }, { "noacl", 0, MF_ACL },
		{ "unbindable", MF_UNBINDABLE, 0 }, { "make-unbindable", MF_UNBINDABLE, 0 },
		{ "runbindable", MF_UNBINDABLE | MF_REC, 0 },
		{ "make-runbindable", MF_UNBINDABLE | MF_REC, 0 },
		{ "private", MF_PRIVATE, 0 }, { "make-private", MF_PRIVATE, 0 },
		{ "rprivate", MF_PRIVATE | MF_REC, 0 }, { "make-rprivate", MF_PRIVATE | MF_REC, 0 },
		{ "slave", MF_SLAVE, 0 }, { "make-slave", MF_SLAVE, 0 },
		{ "rslave", MF_SLAVE | MF_REC, 0 }, { "make-rslave", MF_SLAVE | MF_REC, 0 },
		{ "shared", MF_SHARED, 0 }, { "make-shared", MF_SHARED, 0 },
		{ "rshared", MF_SHARED | MF_REC, 0 }, { "make-rshared", MF_SHARED | MF_REC, 0 },
		{ "relatime", MF_RELATIME, 0 }, { "norelatime", 0, MF_RELATIME },
		{ "iversion", MF_IVERSION, 0 }, { "noiversion", 0, MF_IVERSION },
		{ "strictatime", MF_STRICTATIME, 0 }, { "nostrictatime", 0, MF_STRICTATIME },
		{ "lazytime", MF_LAZYTIME, 0 }, { "nolazytime", 0, MF_LAZYTIME },
		{ "user", 0, MF_NOUSER }, { "nouser", MF_NOUSER, 0 },
	};
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (strcmp(options[i].word, word) == 0)
			return &options[i];
	return NULL;
}

#endif
