/* kernel/load: see load.h. */
#include "kernel/load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int kernel_apparmor_dir(const char *override, char *buf, size_t size)
{
	if (override) {
		char cand[4096];
		snprintf(cand, sizeof(cand), "%s/apparmor", override);
		const char *use = is_dir(cand) ? cand : override;
		if (!is_dir(use) || strlen(use) >= size)
			return -ENOENT;
		strcpy(buf, use);
		return 0;
	}
	FILE *m = fopen("/proc/mounts", "re");
	if (m) {
		char dev[256], mnt[4096], type[64];
		while (fscanf(m, "%255s %4095s %63s %*[^\n]", dev, mnt, type) == 3) {
			if (strcmp(type, "securityfs") != 0)
				continue;
			char cand[4200];
			snprintf(cand, sizeof(cand), "%s/apparmor", mnt);
			if (is_dir(cand) && strlen(cand) < size) {
				strcpy(buf, cand);
				fclose(m);
				return 0;
			}
		}
		fclose(m);
	}
	if (is_dir("/sys/kernel/security/apparmor") && size > 30) {
		strcpy(buf, "/sys/kernel/security/apparmor");
		return 0;
	}
	return -ENOENT;
}

static int write_once(const char *dir, const char *file, const void *data, size_t len)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, data, len);
	int err = n < 0 ? -errno : ((size_t)n != len ? -EIO : 0);
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

int kernel_load(const char *dir, enum kernel_load_op op, const void *data, size_t len)
{
	return write_once(dir, op == KERNEL_LOAD_ADD ? ".load" : ".replace", data, len);
}

int kernel_remove(const char *dir, const char *name)
{
	return write_once(dir, ".remove", name, strlen(name));
}
