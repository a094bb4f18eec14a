/* names: see names.h. */
#include "policy/names.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char *const capabilities[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

int capability_number(const char *name)
{
	for (size_t i = 0; i < sizeof(capabilities) / sizeof(capabilities[0]); i++)
		if (strcmp(capabilities[i], name) == 0)
			return (int)i;
	return -1;
}

const char *capability_name(int number)
{
	if (number < 0 || (size_t)number >= sizeof(capabilities) / sizeof(capabilities[0]))
		return NULL;
	return capabilities[number];
}

static const struct { const char *name; int num; } signals[] = {
	{ "hup", 1 }, { "int", 2 }, { "quit", 3 }, { "ill", 4 }, { "trap", 5 },
	{ "abrt", 6 }, { "bus", 7 }, { "fpe", 8 }, { "kill", 9 }, { "usr1", 10 },
	{ "segv", 11 }, { "usr2", 12 }, { "pipe", 13 }, { "alrm", 14 }, { "term", 15 },
	{ "stkflt", 16 }, { "chld", 17 }, { "cont", 18 }, { "stop", 19 }, { "stp", 20 },
	{ "ttin", 21 }, { "ttou", 22 }, { "urg", 23 }, { "xcpu", 24 }, { "xfsz", 25 },
	{ "vtalrm", 26 }, { "prof", 27 }, { "winch", 28 }, { "io", 29 }, { "pwr", 30 },
	{ "sys", 31 }, { "emt", 32 }, { "exists", 0 },
};

int signal_number(const char *name)
{
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strcmp(signals[i].name, name) == 0)
			return signals[i].num;
	if (strncmp(name, "rtmin+", 6) == 0) {
		char *end;
		long n = strtol(name + 6, &end, 10);
		if (name[6] && !*end && n >= 0 && n <= 32)
			return 34 + (int)n;
	}
	return -1;
}

static const struct { const char *name; int num; } rule_signals[] = {
	{ "hup", 1 }, { "int", 2 }, { "quit", 3 }, { "ill", 4 }, { "trap", 5 },
	{ "abrt", 6 }, { "bus", 7 }, { "fpe", 8 }, { "kill", 9 }, { "usr1", 10 },
	{ "segv", 11 }, { "usr2", 12 }, { "pipe", 13 }, { "alrm", 14 }, { "term", 15 },
	{ "stkflt", 16 }, { "chld", 17 }, { "cont", 18 }, { "stop", 19 }, { "stp", 20 },
	{ "tstp", 20 }, { "ttin", 21 }, { "ttou", 22 }, { "urg", 23 }, { "xcpu", 24 },
	{ "xfsz", 25 }, { "vtalrm", 26 }, { "prof", 27 }, { "winch", 28 }, { "io", 29 },
	{ "poll", 29 }, { "pwr", 30 }, { "sys", 31 }, { "emt", 32 }, { "exists", 35 },
};

int signal_rule_number(const char *name)
{
	for (size_t i = 0; i < sizeof(rule_signals) / sizeof(rule_signals[0]); i++)
		if (strcmp(rule_signals[i].name, name) == 0)
			return rule_signals[i].num;
	if (strncmp(name, "rtmin+", 6) == 0) {
		const char *d = name + 6;
		/* digits only: strtol alone would take a sign or trailing junk */
		if (*d && strspn(d, "0123456789") == strlen(d) && strlen(d) <= 3) {
			long n = strtol(d, NULL, 10);
			if (n <= 32)
				return 128 + (int)n;
		}
	}
	return -1;
}

/* every errno name of the Linux UAPI headers */
static const struct { const char *name; int num; } errnos[] = {
	{ "EPERM", EPERM },
	{ "ENOENT", ENOENT },
	{ "ESRCH", ESRCH },
	{ "EINTR", EINTR },
	{ "EIO", EIO },
	{ "ENXIO", ENXIO },
	{ "E2BIG", E2BIG },
	{ "ENOEXEC", ENOEXEC },
	{ "EBADF", EBADF },
	{ "ECHILD", ECHILD },
	{ "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM },
	{ "EACCES", EACCES },
	{ "EFAULT", EFAULT },
	{ "ENOTBLK", ENOTBLK },
	{ "EBUSY", EBUSY },
	{ "EEXIST", EEXIST },
	{ "EXDEV", EXDEV },
	{ "ENODEV", ENODEV },
	{ "ENOTDIR", ENOTDIR },
	{ "EISDIR", EISDIR },
	{ "EINVAL", EINVAL },
	{ "ENFILE", ENFILE },
	{ "EMFILE", EMFILE },
	{ "ENOTTY", ENOTTY },
	{ "ETXTBSY", ETXTBSY },
	{ "EFBIG", EFBIG },
	{ "ENOSPC", ENOSPC },
	{ "ESPIPE", ESPIPE },
	{ "EROFS", EROFS },
	{ "EMLINK", EMLINK },
	{ "EPIPE", EPIPE },
	{ "EDOM", EDOM },
	{ "ERANGE", ERANGE },
	{ "EDEADLK", EDEADLK },
	{ "ENAMETOOLONG", ENAMETOOLONG },
	{ "ENOLCK", ENOLCK },
	{ "ENOSYS", ENOSYS },
	{ "ENOTEMPTY", ENOTEMPTY },
	{ "ELOOP", ELOOP },
	{ "ENOMSG", ENOMSG },
	{ "EIDRM", EIDRM },
	{ "ECHRNG", ECHRNG },
	{ "EL2NSYNC", EL2NSYNC },
	{ "EL3HLT", EL3HLT },
	{ "EL3RST", EL3RST },
	{ "ELNRNG", ELNRNG },
	{ "EUNATCH", EUNATCH },
	{ "ENOCSI", ENOCSI },
	{ "EL2HLT", EL2HLT },
	{ "EBADE", EBADE },
	{ "EBADR", EBADR },
	{ "EXFULL", EXFULL },
	{ "ENOANO", ENOANO },
	{ "EBADRQC", EBADRQC },
	{ "EBADSLT", EBADSLT },
	{ "EBFONT", EBFONT },
	{ "ENOSTR", ENOSTR },
	{ "ENODATA", ENODATA },
	{ "ETIME", ETIME },
	{ "ENOSR", ENOSR },
	{ "ENONET", ENONET },
	{ "ENOPKG", ENOPKG },
	{ "EREMOTE", EREMOTE },
	{ "ENOLINK", ENOLINK },
	{ "EADV", EADV },
	{ "ESRMNT", ESRMNT },
	{ "ECOMM", ECOMM },
	{ "EPROTO", EPROTO },
	{ "EMULTIHOP", EMULTIHOP },
	{ "EDOTDOT", EDOTDOT },
	{ "EBADMSG", EBADMSG },
	{ "EOVERFLOW", EOVERFLOW },
	{ "ENOTUNIQ", ENOTUNIQ },
	{ "EBADFD", EBADFD },
	{ "EREMCHG", EREMCHG },
	{ "ELIBACC", ELIBACC },
	{ "ELIBBAD", ELIBBAD },
	{ "ELIBSCN", ELIBSCN },
	{ "ELIBMAX", ELIBMAX },
	{ "ELIBEXEC", ELIBEXEC },
	{ "EILSEQ", EILSEQ },
	{ "ERESTART", ERESTART },
	{ "ESTRPIPE", ESTRPIPE },
	{ "EUSERS", EUSERS },
	{ "ENOTSOCK", ENOTSOCK },
	{ "EDESTADDRREQ", EDESTADDRREQ },
	{ "EMSGSIZE", EMSGSIZE },
	{ "EPROTOTYPE", EPROTOTYPE },
	{ "ENOPROTOOPT", ENOPROTOOPT },
	{ "EPROTONOSUPPORT", EPROTONOSUPPORT },
	{ "ESOCKTNOSUPPORT", ESOCKTNOSUPPORT },
	{ "EOPNOTSUPP", EOPNOTSUPP },
	{ "EPFNOSUPPORT", EPFNOSUPPORT },
	{ "EAFNOSUPPORT", EAFNOSUPPORT },
	{ "EADDRINUSE", EADDRINUSE },
	{ "EADDRNOTAVAIL", EADDRNOTAVAIL },
	{ "ENETDOWN", ENETDOWN },
	{ "ENETUNREACH", ENETUNREACH },
	{ "ENETRESET", ENETRESET },
	{ "ECONNABORTED", ECONNABORTED },
	{ "ECONNRESET", ECONNRESET },
	{ "ENOBUFS", ENOBUFS },
	{ "EISCONN", EISCONN },
	{ "ENOTCONN", ENOTCONN },
	{ "ESHUTDOWN", ESHUTDOWN },
	{ "ETOOMANYREFS", ETOOMANYREFS },
	{ "ETIMEDOUT", ETIMEDOUT },
	{ "ECONNREFUSED", ECONNREFUSED },
	{ "EHOSTDOWN", EHOSTDOWN },
	{ "EHOSTUNREACH", EHOSTUNREACH },
	{ "EALREADY", EALREADY },
	{ "EINPROGRESS", EINPROGRESS },
	{ "ESTALE", ESTALE },
	{ "EUCLEAN", EUCLEAN },
	{ "ENOTNAM", ENOTNAM },
	{ "ENAVAIL", ENAVAIL },
	{ "EISNAM", EISNAM },
	{ "EREMOTEIO", EREMOTEIO },
	{ "EDQUOT", EDQUOT },
	{ "ENOMEDIUM", ENOMEDIUM },
	{ "EMEDIUMTYPE", EMEDIUMTYPE },
	{ "ECANCELED", ECANCELED },
	{ "ENOKEY", ENOKEY },
	{ "EKEYEXPIRED", EKEYEXPIRED },
	{ "EKEYREVOKED", EKEYREVOKED },
	{ "EKEYREJECTED", EKEYREJECTED },
	{ "EOWNERDEAD", EOWNERDEAD },
	{ "ENOTRECOVERABLE", ENOTRECOVERABLE },
	{ "ERFKILL", ERFKILL },
	{ "EHWPOISON", EHWPOISON },
	{ "EWOULDBLOCK", EWOULDBLOCK }, { "EDEADLOCK", EDEADLOCK }, { "ENOTSUP", ENOTSUP },
};

int errno_number(const char *name)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(errnos[i].name, name) == 0)
			return errnos[i].num;
	return -1;
}

static const struct { const char *name; int num; } rlimits[] = {
	{ "cpu", RLIMIT_CPU }, { "fsize", RLIMIT_FSIZE }, { "data", RLIMIT_DATA },
	{ "stack", RLIMIT_STACK }, { "core", RLIMIT_CORE }, { "rss", RLIMIT_RSS },
	{ "nofile", RLIMIT_NOFILE }, { "ofile", RLIMIT_NOFILE }, { "as", RLIMIT_AS },
	{ "nproc", RLIMIT_NPROC }, { "memlock", RLIMIT_MEMLOCK }, { "locks", RLIMIT_LOCKS },
	{ "sigpending", RLIMIT_SIGPENDING }, { "msgqueue", RLIMIT_MSGQUEUE },
	{ "nice", RLIMIT_NICE }, { "rtprio", RLIMIT_RTPRIO }, { "rttime", RLIMIT_RTTIME },
};

int rlimit_number(const char *name)
{
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++)
		if (strcmp(rlimits[i].name, name) == 0)
			return rlimits[i].num;
	return -1;
}
