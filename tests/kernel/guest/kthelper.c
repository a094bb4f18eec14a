/* kthelper - the static test program of the real-kernel tests.
 *
 * Runs inside the guest, usually through a hard link at a confined path (the
 * profile attaches by the path that was executed). The operation is chosen by
 * argv[1], not by argv[0], so the link may have any name.
 *
 * Every operation prints one line: "ok OP ..." and exits 0, or
 * "fail OP: ERRNAME (message)" and exits 1. ERRNAME is EACCES, EPERM, ...
 * so guest scripts can tell a policy denial from any other failure.
 *
 * Built on the host with `gcc -static` by run-kernel-tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static const char *op = "?";

static int fail(const char *what)
{
	int e = errno;
	const char *name = strerrorname_np(e);
	printf("fail %s%s%s: %s (%s)\n", op, what ? " " : "", what ? what : "",
	       name ? name : "?", strerror(e));
	fflush(stdout);
	return 1;
}

static int ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int ok(const char *fmt, ...)
{
	va_list ap;
	printf("ok %s", op);
	if (fmt && *fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	fflush(stdout);
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: kthelper OP ARGS...\n"
		"  read FILE | write FILE TEXT | append FILE TEXT | openappend FILE | create FILE\n"
		"  lock FILE (shared flock) | mmapexec FILE | link TARGET NEW\n"
		"  socket FAMILY TYPE (inet inet6 unix netlink packet; stream dgram raw)\n"
		"  kill PID SIGNUM | ptrace PID | mount SRC DIR FSTYPE | umount DIR\n"
		"  mountf SRC|- DIR FSTYPE|- FLAGS (MS_* number) | pivot_root NEW PUT_OLD\n"
		"  chown FILE UID GID | mknod PATH (char 1:3) | setxattr FILE NAME VALUE\n"
		"  current | secure [VAR] | asuser UID PROG ARGS... | exec PROG ARGS...\n"
		"  hat HAT FILE (change_hat in, read FILE, change_hat out, read FILE)\n");
	return 2;
}

static int read_current(char *buf, size_t size)
{
	int fd = open("/proc/self/attr/current", O_RDONLY);
	ssize_t n;
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		n--;
	buf[n] = '\0';
	return 0;
}

static int try_read(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (read(fd, buf, sizeof buf) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

static int change_hat(unsigned long token, const char *hat)
{
	char cmd[512];
	int fd, len;
	len = snprintf(cmd, sizeof cmd, "changehat %016lx^%s", token, hat ? hat : "");
	fd = open("/proc/self/attr/current", O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, cmd, (size_t)len) != len) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

static int family_of(const char *s)
{
	if (!strcmp(s, "inet")) return AF_INET;
	if (!strcmp(s, "inet6")) return AF_INET6;
	if (!strcmp(s, "unix")) return AF_UNIX;
	if (!strcmp(s, "netlink")) return AF_NETLINK;
	if (!strcmp(s, "packet")) return AF_PACKET;
	return -1;
}

static int type_of(const char *s)
{
	if (!strcmp(s, "stream")) return SOCK_STREAM;
	if (!strcmp(s, "dgram")) return SOCK_DGRAM;
	if (!strcmp(s, "raw")) return SOCK_RAW;
	if (!strcmp(s, "seqpacket")) return SOCK_SEQPACKET;
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	op = argv[1];
	char **a = argv + 2;
	int n = argc - 2;

	if (!strcmp(op, "read") && n == 1) {
		char buf[4096];
		int fd = open(a[0], O_RDONLY);
		ssize_t r;
		if (fd < 0)
			return fail("open");
		r = read(fd, buf, sizeof buf - 1);
		if (r < 0)
			return fail("read");
		buf[r] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		return ok("%s", buf);
	}
	if ((!strcmp(op, "write") || !strcmp(op, "append")) && n == 2) {
		int flags = O_WRONLY | (op[0] == 'a' ? O_APPEND : O_TRUNC);
		int fd = open(a[0], flags);
		size_t len = strlen(a[1]);
		if (fd < 0)
			return fail("open");
		if (write(fd, a[1], len) != (ssize_t)len || write(fd, "\n", 1) != 1)
			return fail("write");
		return ok(NULL);
	}
	if (!strcmp(op, "openappend") && n == 1) {
		if (open(a[0], O_WRONLY | O_APPEND) < 0)
			return fail("open");
		return ok(NULL);
	}
	if (!strcmp(op, "create") && n == 1) {
		int fd = open(a[0], O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			return fail("open");
		return ok(NULL);
	}
	if (!strcmp(op, "lock") && n == 1) {
		int fd = open(a[0], O_RDONLY);
		if (fd < 0)
			return fail("open");
		if (flock(fd, LOCK_SH) < 0)
			return fail("flock");
		return ok(NULL);
	}
	if (!strcmp(op, "mmapexec") && n == 1) {
		int fd = open(a[0], O_RDONLY);
		void *p;
		if (fd < 0)
			return fail("open");
		p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return fail("mmap");
		return ok(NULL);
	}
	if (!strcmp(op, "link") && n == 2) {
		if (link(a[0], a[1]) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "socket") && n == 2) {
		int fam = family_of(a[0]), type = type_of(a[1]);
		if (fam < 0 || type < 0)
			return usage();
		if (socket(fam, type, 0) < 0)
			return fail(NULL);
		return ok("%s %s", a[0], a[1]);
	}
	if (!strcmp(op, "kill") && n == 2) {
		if (kill(atoi(a[0]), atoi(a[1])) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "ptrace") && n == 1) {
		pid_t pid = atoi(a[0]);
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0)
			return fail("attach");
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "mount") && n == 3) {
		if (mount(a[0], a[1], a[2], 0, NULL) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "mountf") && n == 4) {
		/* mount(2) with explicit flags; "-" is a NULL source or fstype */
		const char *src = strcmp(a[0], "-") ? a[0] : NULL;
		const char *type = strcmp(a[2], "-") ? a[2] : NULL;
		if (mount(src, a[1], type, strtoul(a[3], NULL, 0), NULL) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "pivot_root") && n == 2) {
		if (syscall(SYS_pivot_root, a[0], a[1]) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "umount") && n == 1) {
		if (umount(a[0]) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "chown") && n == 3) {
		if (chown(a[0], (uid_t)atoi(a[1]), (gid_t)atoi(a[2])) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "setxattr") && n == 3) {
		/* the value without a trailing NUL, as setfattr(1) writes it */
		if (setxattr(a[0], a[1], a[2], strlen(a[2]), 0) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "mknod") && n == 1) {
		if (mknod(a[0], S_IFCHR | 0600, makedev(1, 3)) < 0)
			return fail(NULL);
		return ok(NULL);
	}
	if (!strcmp(op, "current") && n == 0) {
		char buf[512];
		if (read_current(buf, sizeof buf) < 0)
			return fail(NULL);
		return ok("%s", buf);
	}
	if (!strcmp(op, "secure") && n <= 1) {
		const char *var = n ? a[0] : "LD_PRELOAD";
		const char *val = getenv(var);
		return ok("AT_SECURE=%lu %s=%s", getauxval(AT_SECURE), var, val ? val : "(unset)");
	}
	if (!strcmp(op, "asuser") && n >= 2) {
		uid_t uid = (uid_t)atoi(a[0]);
		if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
		    setresuid(uid, uid, uid) < 0)
			return fail("setuid");
		execv(a[1], a + 1);
		return fail("exec");
	}
	if (!strcmp(op, "exec") && n >= 1) {
		execv(a[0], a);
		return fail(NULL);
	}
	if (!strcmp(op, "hat") && n == 2) {
		char buf[512];
		unsigned long token;
		int r;
		srandom((unsigned)time(NULL) ^ (unsigned)getpid());
		token = ((unsigned long)random() << 32) ^ (unsigned long)random();
		if (token == 0)
			token = 1;
		if (change_hat(token, a[0]) < 0)
			return fail("in");
		if (read_current(buf, sizeof buf) < 0)
			return fail("current");
		r = try_read(a[1]);
		printf("in-hat %s read=%s\n", buf, r ? strerrorname_np(-r) : "ok");
		if (change_hat(token, NULL) < 0)
			return fail("out");
		if (read_current(buf, sizeof buf) < 0)
			return fail("current");
		r = try_read(a[1]);
		printf("out-of-hat %s read=%s\n", buf, r ? strerrorname_np(-r) : "ok");
		return ok(NULL);
	}
	return usage();
}
