/*
 * support.c: what a compilation may use, given a kernel and a policy features
 * set (apparmor_parser's set_supported_features()/get_kernel_features()), and
 * the table of rule classes with the feature that enforces each.
 *
 * Owns the rule-class table (constant data). Reads features sets, never
 * changes them.
 */
#include "features/features.h"

#include <stdint.h>

static const struct features_rule_class_info rule_classes[FEATURES_RULE__COUNT] = {
	/* The feature paths are the ones apparmor_parser tests before it
	 * encodes a class; min_abi is the first file of upstream's
	 * /etc/apparmor.d/abi/ that contains that path (3.0 and 4.0 as
	 * shipped with AppArmor 4.1; io_uring and fine-grained inet are in
	 * no released abi file yet). */
	[FEATURES_RULE_FILE] = { "file", "file", "3.0" },
	[FEATURES_RULE_CAPABILITY] = { "capability", "caps/mask", "3.0" },
	[FEATURES_RULE_NETWORK] = { "network", "network", "3.0" },
	[FEATURES_RULE_NETWORK_INET] = { "network", "network_v8/af_inet", NULL },
	[FEATURES_RULE_UNIX] = { "unix", "network/af_unix", "3.0" },
	/* upstream gates mount, remount, umount and pivot_root all on "mount" */
	[FEATURES_RULE_MOUNT] = { "mount", "mount", "3.0" },
	[FEATURES_RULE_PIVOT_ROOT] = { "pivot_root", "mount", "3.0" },
	[FEATURES_RULE_DBUS] = { "dbus", "dbus", "3.0" },
	[FEATURES_RULE_SIGNAL] = { "signal", "signal", "3.0" },
	[FEATURES_RULE_PTRACE] = { "ptrace", "ptrace", "3.0" },
	[FEATURES_RULE_CHANGE_PROFILE] = { "change_profile", "domain/change_profile", "3.0" },
	[FEATURES_RULE_RLIMIT] = { "rlimit", "rlimit", "3.0" },
	[FEATURES_RULE_USERNS] = { "userns", "namespaces/mask/userns_create", "4.0" },
	[FEATURES_RULE_MQUEUE] = { "mqueue", "ipc/posix_mqueue", "4.0" },
	[FEATURES_RULE_IO_URING] = { "io_uring", "io_uring", NULL },
};

const struct features_rule_class_info *features_rule_class_info(enum features_rule_class c)
{
	if ((unsigned)c >= FEATURES_RULE__COUNT)
		return NULL;
	return &rule_classes[c];
}

bool features_rule_class_enforced(const struct features *kernel, const struct features *policy,
				  enum features_rule_class c)
{
	const struct features_rule_class_info *info = features_rule_class_info(c);
	if (!info)
		return false;
	return features_intersect(kernel, policy ? policy : kernel, info->feature);
}

const char *features_rule_class_abi_hint(const struct features *policy,
					 enum features_rule_class c)
{
	const struct features_rule_class_info *info = features_rule_class_info(c);
	if (!info || !info->min_abi || features_supports(policy, info->feature))
		return NULL;
	return info->min_abi;
}

void features_support_compute(const struct features *kernel, const struct features *policy,
			      struct features_support *s)
{
	const struct features *k = kernel, *p = policy ? policy : kernel;
	uint64_t v;

	*s = (struct features_support){ 0 };
	s->network = features_intersect(k, p, "network");
	s->network_v8 = features_intersect(k, p, "network_v8");
	s->network_inet = features_intersect(k, p, "network_v8/af_inet");
	s->network_unix = features_intersect(k, p, "network/af_unix");
	s->network_v9 = features_intersect(k, p, "network_v9");
	s->network_v9_unix = features_intersect(k, p, "network_v9/af_unix");
	s->mount = features_intersect(k, p, "mount");
	s->dbus = features_intersect(k, p, "dbus");
	s->signal = features_intersect(k, p, "signal");
	s->ptrace = features_intersect(k, p, "ptrace");
	s->stacking = features_intersect(k, p, "domain/stack");
	s->domain_xattr = features_intersect(k, p, "domain/attach_conditions/xattr");
	s->userns = features_intersect(k, p, "namespaces/mask/userns_create");
	s->posix_mqueue = features_intersect(k, p, "ipc/posix_mqueue");
	s->sysv_mqueue = features_intersect(k, p, "ipc/sysv_mqueue");
	s->io_uring = features_intersect(k, p, "io_uring");
	s->flag_interruptible = features_intersect(k, p, "policy/profile/interruptible");
	s->flag_kill_signal = features_intersect(k, p, "policy/profile/kill.signal");
	s->flag_error = features_intersect(k, p, "policy/profile/error");

	s->policydb = features_supports(k, "file");
	s->set_load = features_supports(k, "policy/set_load");
	s->diff_encode = features_supports(k, "policy/diff_encode");
	s->state32 = features_supports(k, "policy/state32");
	s->flags_table = features_supports(k, "policy/flags_table");
	s->outofband = features_supports(k, "policy/outofband");
	s->permstable32 = features_supports(k, "policy/permstable32");
	s->compressed_load = features_supports(k, "policy/compressed_load");
	s->detached_mount = features_supports(k, "mount/move_mount/detached");
	if (k && features_value_u64(k, "policy/permstable32_version", &v) == 0 && v <= UINT32_MAX)
		s->permstable32_version = (unsigned)v;
	s->abi_version = k ? features_policy_version(k) : 0;
}
