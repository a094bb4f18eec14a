/* Unit tests for src/features: parsing, queries, directories, hash, support. */
#include "features/features.h"
#include "support/strbuf.h"
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A 6.1-kernel-like set in flattened form, byte order as a kernel tree gives it. */
static const char kernel61[] =
	"caps {mask {chown dac_override kill setuid net_admin sys_admin bpf\n}\n}\n"
	"domain {change_hat {yes\n}\nchange_profile {yes\n}\nstack {yes\n}\nversion {1.2\n}\n}\n"
	"file {mask {create read write exec append mmap_exec link lock\n}\n}\n"
	"mount {mask {mount umount pivot_root\n}\n}\n"
	"namespaces {pivot_root {no\n}\nprofile {yes\n}\n}\n"
	"network {af_unix {yes\n}\n}\n"
	"network_v8 {af_mask {unspec unix inet inet6 netlink\n}\n}\n"
	"policy {permstable32_version {0x000003\n}\nset_load {yes\n}\n"
	"versions {v5 {yes\n}\nv6 {yes\n}\nv7 {yes\n}\nv8 {yes\n}\n}\n}\n"
	"ptrace {mask {read trace\n}\n}\n"
	"signal {mask {hup int kill\n}\n}\n";

static struct features *parse_ok(const char *s)
{
	struct features *f = NULL;
	struct features_error err = { 0 };
	int rc = features_parse(s, strlen(s), &f, &err);
	if (rc)
		printf("#   unexpected parse error at %zu: %s\n", err.offset, err.message);
	CHECK_INTEQ(rc, 0);
	return f;
}

static void test_parse_and_lookup(void)
{
	struct features *f = parse_ok(kernel61);
	if (!f)
		return;
	CHECK(features_supports(f, "network_v8/af_mask"));
	CHECK(features_supports(f, "network_v8"));
	CHECK(features_supports(f, "/network_v8//af_mask/"));
	CHECK(!features_supports(f, "network_v8/af_inet"));
	CHECK(features_supports(f, "policy/versions/v7"));
	CHECK(!features_supports(f, "policy/versions/v9"));
	CHECK(!features_supports(f, "versions"));       /* not top level */
	CHECK(!features_supports(f, ""));
	CHECK(!features_supports(f, "/"));
	CHECK(!features_supports(NULL, "file"));

	/* value words as path components */
	CHECK(features_supports(f, "mount/mask/pivot_root"));
	CHECK(features_supports(f, "policy/permstable32_version/0x000003"));
	CHECK(!features_supports(f, "policy/permstable32_version/0x000002"));
	CHECK(!features_supports(f, "mount/mask/pivot"));       /* whole words only */
	CHECK(!features_supports(f, "mount/mask/mount/x"));     /* nothing below a word */
	CHECK(features_supports(f, "network_v8/af_mask/inet"));

	CHECK(features_has_word(f, "mount/mask", "pivot_root"));
	CHECK(features_has_word(f, "network_v8/af_mask", "inet"));
	CHECK(features_has_word(f, "caps/mask", "bpf"));
	CHECK(!features_has_word(f, "caps/mask", "perfmon"));
	CHECK(!features_has_word(f, "caps", "mask"));           /* a directory has no words */
	CHECK(features_value_is(f, "domain/stack", "yes"));
	CHECK(features_value_is(f, "domain/version", "1.2"));
	CHECK(!features_value_is(f, "mount/mask", "mount"));    /* several words */

	size_t len = 0;
	const char *v = features_value(f, "file/mask", &len);
	CHECK(v && len == strlen("create read write exec append mmap_exec link lock\n"));
	CHECK(v && memcmp(v, "create read", 11) == 0);
	CHECK(features_value(f, "file", NULL) == NULL);

	size_t pos = 0;
	struct features_word w;
	int n = 0;
	while (features_next_word(v, len, &pos, &w))
		n++;
	CHECK_INTEQ(n, 8);

	uint64_t u = 0;
	CHECK_INTEQ(features_value_u64(f, "policy/permstable32_version", &u), 0);
	CHECK_INTEQ(u, 3);
	CHECK_INTEQ(features_value_u64(f, "domain/stack", &u), -EINVAL);
	CHECK_INTEQ(features_value_u64(f, "nope", &u), -ENOENT);
	CHECK_INTEQ(features_policy_version(f), 8);

	const struct features_node *mask = features_lookup(f, "mount/mask");
	CHECK(mask && mask->value && strcmp(mask->name, "mask") == 0);
	CHECK(mask && mask->parent && strcmp(mask->parent->name, "mount") == 0);
	CHECK(mask && mask->parent->parent == features_root(f));
	CHECK(features_lookup(f, "mount/mask/mount") == NULL);  /* lookup is names only */

	size_t slen;
	CHECK_STREQ(features_string(f, &slen), kernel61);
	CHECK_INTEQ(slen, strlen(kernel61));
	features_free(f);
}

static void test_parse_variants(void)
{
	/* whitespace between entries, unsorted, the trailing blank lines of
	 * upstream's hand-written features.all, an empty value */
	struct features *f = parse_ok("  b {x\n}\n\n a {y {}  z { yes }\n}\n\n\n");
	if (f) {
		CHECK(features_supports(f, "a/y"));
		CHECK(features_value_is(f, "a/z", "yes"));
		CHECK(features_supports(f, "b/x"));
		size_t len = 99;
		CHECK(features_value(f, "a/y", &len) != NULL);
		CHECK_INTEQ(len, 0);
		features_free(f);
	}
	f = parse_ok("");
	if (f) {
		CHECK(!features_supports(f, "file"));
		CHECK(features_root(f)->children == NULL);
		features_free(f);
	}
	/* value punctuation seen in real trees */
	f = parse_ok("namespaces {userns_create {pciu&\n}\n}\n");
	if (f) {
		CHECK(features_has_word(f, "namespaces/userns_create", "pciu&"));
		features_free(f);
	}
}

static void test_stray_brace(void)
{
	/* like upstream's abi/kernel-5.4-vanilla: what follows is unreachable */
	struct features *f = parse_ok("a {yes\n}\n}\nb {yes\n}\n");
	size_t off = 0;
	if (f) {
		CHECK(features_tail_ignored(f, &off));
		CHECK_INTEQ(off, 9);
		CHECK(features_supports(f, "a"));
		CHECK(!features_supports(f, "b"));
		CHECK_INTEQ(strlen(features_string(f, NULL)), 20);
		features_free(f);
	}
	f = parse_ok("} junk { {");
	if (f) {
		CHECK(features_tail_ignored(f, &off));
		CHECK_INTEQ(off, 0);
		features_free(f);
	}
	f = parse_ok("a {yes\n}\n");
	if (f) {
		CHECK(!features_tail_ignored(f, &off));
		features_free(f);
	}
}

static void expect_error(const char *text, size_t len, int code, size_t offset, const char *what)
{
	struct features *f = (struct features *)1;
	struct features_error err = { 0 };
	int rc = features_parse(text, len, &f, &err);
	CHECK_INTEQ(rc, code);
	CHECK(f == NULL);
	CHECK_INTEQ(err.code, code);
	if (err.has_offset)
		CHECK_INTEQ(err.offset, offset);
	if (what && !strstr(err.message, what)) {
		printf("#   message \"%s\" lacks \"%s\"\n", err.message, what);
		CHECK(0);
	}
}

#define EXPECT_ERROR(s, code, off, what) expect_error((s), sizeof(s) - 1, (code), (off), (what))

static void test_parse_errors(void)
{
	EXPECT_ERROR("a {yes\n", -EINVAL, 2, "unterminated");
	EXPECT_ERROR("a {b {yes}", -EINVAL, 2, "unterminated");
	EXPECT_ERROR("{yes}", -EINVAL, 0, "without a feature name");
	EXPECT_ERROR("a yes}", -EINVAL, 2, "expected '{'");
	EXPECT_ERROR("abc", -EINVAL, 0, "expected '{'");
	EXPECT_ERROR("a {x y {z}}", -EINVAL, 5, "expected '{'");
	EXPECT_ERROR("a {b {yes} junk}", -EINVAL, 15, "expected '{'");
	EXPECT_ERROR("a/b {yes}", -EINVAL, 1, "feature name");
	EXPECT_ERROR("a {y\0s}", -EINVAL, 4, "0x00");
	EXPECT_ERROR("a {\xc3\xa9}", -EINVAL, 3, "0xc3");
	EXPECT_ERROR("\x01 {}", -EINVAL, 0, "0x01");

	/* nesting beyond the limit */
	struct strbuf sb = STRBUF_INIT;
	for (unsigned i = 0; i < FEATURES_MAX_DEPTH + 5; i++)
		strbuf_addstr(&sb, "a {");
	expect_error(sb.buf, sb.len, -ELOOP, 3 * FEATURES_MAX_DEPTH + 2, "deeper");
	/* exactly at the limit is fine */
	strbuf_reset(&sb);
	for (unsigned i = 0; i < FEATURES_MAX_DEPTH; i++)
		strbuf_addstr(&sb, "a {");
	for (unsigned i = 0; i < FEATURES_MAX_DEPTH; i++)
		strbuf_addch(&sb, '}');
	struct features *f = NULL;
	CHECK_INTEQ(features_parse(sb.buf, sb.len, &f, NULL), 0);
	features_free(f);

	/* oversized */
	strbuf_reset(&sb);
	while (sb.len <= FEATURES_MAX_SIZE)
		strbuf_addstr(&sb, "abcdefgh {yes\n}\n");
	expect_error(sb.buf, sb.len, -EFBIG, 0, "larger");
	strbuf_release(&sb);
}

static void test_murmur3(void)
{
	/* Known answers of the reference MurmurHash3_x86_32 (public test vectors). */
	CHECK_INTEQ(features_murmur3_x86_32("", 0, 0), 0);
	CHECK_INTEQ(features_murmur3_x86_32("", 0, 1), 0x514e28b7u);
	CHECK_INTEQ(features_murmur3_x86_32("", 0, 0xffffffffu), 0x81f16f39u);
	CHECK_INTEQ(features_murmur3_x86_32("\0\0\0\0", 4, 0), 0x2362f9deu);
	CHECK_INTEQ(features_murmur3_x86_32("aaaa", 4, 0x9747b28cu), 0x5a97808au);
	CHECK_INTEQ(features_murmur3_x86_32("Hello, world!", 13, 0x9747b28cu), 0x24884cbau);
	CHECK_INTEQ(features_murmur3_x86_32("The quick brown fox jumps over the lazy dog", 43,
					    0x9747b28cu), 0x2fa826cdu);
	/* Seed 5381, as apparmor_parser 3.0.8 names its cache directories
	 * ("apparmor_parser --print-cache-dir -M FILE"): every tail length. */
	CHECK_INTEQ(features_murmur3_x86_32("", 0, 5381), 0xc56c89eeu);
	CHECK_INTEQ(features_murmur3_x86_32("a", 1, 5381), 0x13e286ebu);
	CHECK_INTEQ(features_murmur3_x86_32("ab", 2, 5381), 0x1272e400u);
	CHECK_INTEQ(features_murmur3_x86_32("abc", 3, 5381), 0xe392f6dfu);
	CHECK_INTEQ(features_murmur3_x86_32("abcd", 4, 5381), 0xb20d1fb7u);
	/* unaligned input gives the same answer */
	char buf[64];
	memcpy(buf + 1, "The quick brown fox", 19);
	CHECK_INTEQ(features_murmur3_x86_32(buf + 1, 19, 7),
		    features_murmur3_x86_32("The quick brown fox", 19, 7));
}

static void test_hash(void)
{
	/* Expected values from Debian's apparmor_parser 3.0.8:
	 * "apparmor_parser --print-cache-dir -M FILE" names <hash>.0. */
	static const struct { const char *text; const char *hash; } kat[] = {
		{ "a {b\n}\n", "067c5492" },
		{ "policy {set_load {yes\n}\nversions {v5 {yes\n}\nv6 {yes\n}\n}\n}\n", "e8b1229c" },
		{ "", "c56c89ee" },
	};
	for (size_t i = 0; i < sizeof(kat) / sizeof(kat[0]); i++) {
		struct features *f = parse_ok(kat[i].text);
		if (!f)
			continue;
		char h[9];
		features_hash(f, h);
		CHECK_STREQ(h, kat[i].hash);
		features_free(f);
	}
}

/* Build a small features tree on disk: sorting, dotfiles, nesting, symlinks. */
static char *make_tree(void)
{
	char tmpl[] = "/tmp/confine-features-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		return NULL;
	dir = strdup(dir);
	char p[512];
#define W(rel, text) do { snprintf(p, sizeof p, "%s/%s", dir, rel); \
		FILE *fp = fopen(p, "w"); if (fp) { fputs(text, fp); fclose(fp); } } while (0)
#define D(rel) do { snprintf(p, sizeof p, "%s/%s", dir, rel); mkdir(p, 0755); } while (0)
	D("policy");
	D("policy/versions");
	W("policy/versions/v7", "yes\n");
	W("policy/versions/v10", "yes\n");
	W("policy/set_load", "yes\n");
	W("policy/.hidden", "no\n");
	D("mount");
	W("mount/mask", "mount umount pivot_root\n");
	W("Zcaps", "0xffffff\n");             /* uppercase sorts before lowercase */
	W("a.b", "x\n");
	W("a_b", "y\n");
	W("empty", "");
	D(".git");
	W(".git/config", "junk\n");
	D("emptydir");
	snprintf(p, sizeof p, "%s/zlink", dir);
	if (symlink("mount", p) != 0)
		CHECK(0);
	snprintf(p, sizeof p, "%s/flink", dir);
	if (symlink("a.b", p) != 0)
		CHECK(0);
#undef W
#undef D
	return dir;
}

static const char tree_flat[] =
	"Zcaps {0xffffff\n}\n"
	"a.b {x\n}\n"
	"a_b {y\n}\n"
	"empty {}\n"
	"emptydir {}\n"
	"flink {x\n}\n"
	"mount {mask {mount umount pivot_root\n}\n}\n"
	"policy {set_load {yes\n}\nversions {v10 {yes\n}\nv7 {yes\n}\n}\n}\n"
	"zlink {}\n";

static void test_flatten_dir(void)
{
	char *dir = make_tree();
	CHECK(dir != NULL);
	if (!dir)
		return;
	struct strbuf sb = STRBUF_INIT;
	struct features_error err = { 0 };
	int rc = features_flatten_dir(AT_FDCWD, dir, &sb, &err);
	CHECK_INTEQ(rc, 0);
	CHECK_STREQ(strbuf_str(&sb), tree_flat);

	struct features *f = NULL;
	CHECK_INTEQ(features_load(AT_FDCWD, dir, &f, &err), 0);
	if (f) {
		CHECK_STREQ(features_string(f, NULL), tree_flat);
		CHECK(features_supports(f, "policy/versions/v10"));
		CHECK(features_supports(f, "zlink"));
		CHECK(features_value_is(f, "flink", "x"));
		CHECK(!features_supports(f, "policy/.hidden"));
		CHECK_INTEQ(features_policy_version(f), 10);
		features_free(f);
	}

	/* features_load on a flattened file */
	char file[512];
	snprintf(file, sizeof file, "%s.flat", dir);
	FILE *fp = fopen(file, "w");
	if (fp) {
		fputs(tree_flat, fp);
		fclose(fp);
	}
	CHECK_INTEQ(features_load(AT_FDCWD, file, &f, &err), 0);
	if (f) {
		CHECK_STREQ(features_string(f, NULL), tree_flat);
		features_free(f);
	}
	unlink(file);
	CHECK(features_load(AT_FDCWD, "/nonexistent/features", &f, &err) == -ENOENT);
	CHECK(f == NULL);
	CHECK(strstr(err.message, "/nonexistent/features") != NULL);

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK_INTEQ(system(cmd), 0);
	strbuf_release(&sb);
	free(dir);
}

static void test_intersection_and_support(void)
{
	struct features *k = parse_ok(kernel61);
	/* an abi/3.0-like policy set: no network_v8, no bpf, dbus, no pivot_root */
	struct features *p = parse_ok(
		"caps {mask {chown kill setuid sys_admin\n}\n}\n"
		"dbus {mask {acquire send receive\n}\n}\n"
		"domain {change_profile {yes\n}\nstack {yes\n}\n}\n"
		"file {mask {create read write exec append mmap_exec link lock\n}\n}\n"
		"mount {mask {mount umount\n}\n}\n"
		"network {af_unix {yes\n}\n}\n"
		"policy {set_load {yes\n}\nversions {v5 {yes\n}\nv6 {yes\n}\nv7 {yes\n}\n}\n}\n"
		"ptrace {mask {read trace\n}\n}\n");
	if (!k || !p) {
		features_free(k);
		features_free(p);
		return;
	}
	CHECK(features_intersect(k, p, "mount"));
	CHECK(!features_intersect(k, p, "dbus"));               /* policy only */
	CHECK(!features_intersect(k, p, "signal"));             /* kernel only */
	CHECK(!features_intersect(k, p, "mount/mask/pivot_root"));
	CHECK(!features_intersect(k, NULL, "mount"));

	struct features *i = NULL;
	CHECK_INTEQ(features_intersection(k, p, &i, NULL), 0);
	if (i) {
		CHECK(features_has_word(i, "caps/mask", "kill"));
		CHECK(!features_has_word(i, "caps/mask", "bpf"));
		CHECK(features_has_word(i, "caps/mask", "chown"));
		CHECK(!features_supports(i, "dbus"));
		CHECK(!features_supports(i, "signal"));
		CHECK(!features_supports(i, "network_v8"));
		CHECK(features_supports(i, "policy/versions/v7"));
		CHECK(!features_supports(i, "policy/versions/v8"));
		CHECK(features_supports(i, "mount/mask/umount"));
		CHECK(!features_supports(i, "mount/mask/pivot_root"));
		CHECK_STREQ(features_string(i, NULL), "caps {mask {chown kill setuid sys_admin\n}\n}\n"
			    "domain {change_profile {yes\n}\nstack {yes\n}\n}\n"
			    "file {mask {create read write exec append mmap_exec link lock\n}\n}\n"
			    "mount {mask {mount umount\n}\n}\n"
			    "network {af_unix {yes\n}\n}\n"
			    "policy {set_load {yes\n}\nversions {v5 {yes\n}\nv6 {yes\n}\nv7 {yes\n}\n}\n}\n"
			    "ptrace {mask {read trace\n}\n}\n");
		features_free(i);
	}

	struct features_support s;
	features_support_compute(k, p, &s);
	CHECK(s.mount);
	CHECK(!s.dbus);
	CHECK(!s.signal);
	CHECK(s.ptrace);
	CHECK(s.stacking);
	CHECK(s.network && s.network_unix);
	CHECK(!s.network_v8);
	CHECK(!s.userns);
	/* kernel-only capabilities are taken from the kernel set */
	CHECK(s.policydb);
	CHECK(s.set_load);
	CHECK_INTEQ(s.abi_version, 8);
	CHECK_INTEQ(s.permstable32_version, 3);
	CHECK(!s.permstable32);

	/* no policy set: the kernel set alone */
	features_support_compute(k, NULL, &s);
	CHECK(s.signal);
	CHECK(s.network_v8);

	/* rule classes */
	CHECK(features_rule_class_enforced(k, p, FEATURES_RULE_PTRACE));
	CHECK(!features_rule_class_enforced(k, p, FEATURES_RULE_SIGNAL));
	CHECK(features_rule_class_enforced(k, NULL, FEATURES_RULE_SIGNAL));
	CHECK(!features_rule_class_enforced(k, p, FEATURES_RULE_USERNS));
	CHECK_STREQ(features_rule_class_abi_hint(p, FEATURES_RULE_USERNS), "4.0");
	CHECK_STREQ(features_rule_class_abi_hint(p, FEATURES_RULE_SIGNAL), "3.0");
	CHECK(features_rule_class_abi_hint(p, FEATURES_RULE_PTRACE) == NULL);
	CHECK(features_rule_class_abi_hint(p, FEATURES_RULE_IO_URING) == NULL);
	CHECK_STREQ(features_rule_class_info(FEATURES_RULE_MQUEUE)->name, "mqueue");
	CHECK(features_rule_class_info(FEATURES_RULE__COUNT) == NULL);
	for (int c = 0; c < FEATURES_RULE__COUNT; c++) {
		const struct features_rule_class_info *info = features_rule_class_info(c);
		CHECK(info && info->name && info->feature);
	}

	features_free(k);
	features_free(p);
}

int main(void)
{
	RUN(test_parse_and_lookup);
	RUN(test_parse_variants);
	RUN(test_parse_errors);
	RUN(test_stray_brace);
	RUN(test_murmur3);
	RUN(test_hash);
	RUN(test_flatten_dir);
	RUN(test_intersection_and_support);
	return TEST_DONE();
}
