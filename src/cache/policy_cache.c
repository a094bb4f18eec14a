/*
 * policy_cache: see policy_cache.h. The directory scheme follows upstream's
 * so both parsers can share /var/cache/apparmor; the validity rule is ours.
 */
#include "cache/policy_cache.h"

#include "features/features.h"
#include "support/strbuf.h"
#include "support/xalloc.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* a cache file larger than this is treated as damaged rather than read */
#define MAX_CACHE_FILE ((size_t)1 << 30)
/* hash collisions needing more than this many directories are not real */
#define MAX_COLLISIONS 100

static const char sidecar_magic[] = "confine policy cache 1";

struct policy_cache_memo {
	uint8_t digest[32];
	bool known;
};

/* ---- small file helpers ------------------------------------------------------- */

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Replace dir/name atomically: a temporary file in the same directory,
 * flushed, its mtime set (when mtime is given), then renamed over the
 * name. Readers see the old file or the new one, never a partial one.
 */
static int replace_file(const char *dir, const char *name, const void *data, size_t len,
			mode_t mode, const struct timespec *mtime)
{
	struct strbuf tmp = STRBUF_INIT, dst = STRBUF_INIT;
	strbuf_addf(&tmp, "%s/.%s.XXXXXX", dir, name);
	strbuf_addf(&dst, "%s/%s", dir, name);
	int err = 0;
	int fd = mkstemp(tmp.buf);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = write_all(fd, data, len);
	if (!err && fchmod(fd, mode) < 0)
		err = -errno;
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (!err && mtime) {
		struct timespec times[2] = { *mtime, *mtime };
		if (futimens(fd, times) < 0)
			err = -errno;
	}
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp.buf, dst.buf) < 0)
		err = -errno;
	if (err)
		unlink(tmp.buf);
out:
	strbuf_release(&tmp);
	strbuf_release(&dst);
	return err;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static void sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

/* ---- which compiler --------------------------------------------------------------- */

struct build_id_search {
	uint8_t *out;
	size_t len;
};

/* The GNU build id note of the main program (the first object listed). */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
	struct build_id_search *s = data;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
			size_t namesz = (nh->n_namesz + 3u) & ~3u, descsz = (nh->n_descsz + 3u) & ~3u;
			const char *name = p + sizeof(*nh), *desc = name + namesz;
			if (desc + descsz > end)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    memcmp(name, "GNU", 4) == 0 && nh->n_descsz > 0) {
				s->len = nh->n_descsz < 32 ? nh->n_descsz : 32;
				memcpy(s->out, desc, s->len);
				return 1;
			}
			p = desc + descsz;
		}
	}
	return 1;   /* only the main program */
}

/*
 * A cache written by another build of the compiler may hold other bytes for
 * the same input (a fixed bug): the build id is part of every key. Without
 * one (a linker that adds none), the executable's own digest stands in.
 */
static void compiler_identity(struct policy_cache *c)
{
	struct build_id_search s = { c->compiler_id, 0 };
	dl_iterate_phdr(find_build_id, &s);
	if (s.len) {
		c->compiler_id_len = s.len;
		return;
	}
	struct strbuf exe = STRBUF_INIT;
	if (strbuf_read_file(&exe, "/proc/self/exe", MAX_CACHE_FILE, 0) == 0)
		sha256(exe.buf, exe.len, c->compiler_id);
	else   /* unknowable: a key nothing else can match */
		sha256(&c, sizeof(c), c->compiler_id);
	c->compiler_id_len = 32;
	strbuf_release(&exe);
}

/* ---- directories -------------------------------------------------------------------- */

/* mkdir -p for a location (0755, like /var/cache). */
static int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int err = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			err = -errno;
			break;
		}
		if (!saved)
			break;
		*s = saved;
	}
	free(p);
	return err;
}

/*
 * The directory of location loc for the features: <loc>/<hash>.<n> with
 * the first n whose .features matches (or has none); with create, the
 * first free n is made. Returns 0 and *out (NULL: none), or a negative
 * errno when create failed. free_slot (may be NULL): where the first free
 * n is, when none matched and none was made.
 */
static int find_dir(const struct policy_cache *c, const char *loc, bool create, char **out,
		    char **free_slot)
{
	*out = NULL;
	uint32_t h = features_murmur3_x86_32(c->features, c->features_len, 5381);
	for (unsigned n = 0; n < MAX_COLLISIONS; n++) {
		struct strbuf dir = STRBUF_INIT;
		strbuf_addf(&dir, "%s/%08x.%u", loc, h, n);
		struct stat st;
		if (stat(dir.buf, &st) < 0) {
			int e = errno;
			if (e != ENOENT || !create) {
				if (e == ENOENT && free_slot)
					*free_slot = strbuf_detach(&dir, NULL);
				strbuf_release(&dir);
				return e == ENOENT ? 0 : -e;
			}
			int r = make_dirs(dir.buf);
			if (r == 0)
				r = replace_file(dir.buf, ".features", c->features, c->features_len,
						 0644, NULL);
			if (r < 0) {
				strbuf_release(&dir);
				return r;
			}
			*out = strbuf_detach(&dir, NULL);
			return 0;
		}
		if (!S_ISDIR(st.st_mode)) {
			strbuf_release(&dir);
			continue;
		}
		struct strbuf fpath = STRBUF_INIT, held = STRBUF_INIT;
		strbuf_addf(&fpath, "%s/.features", dir.buf);
		int r = strbuf_read_file(&held, fpath.buf, 1u << 20, 1);
		bool match = r == -ENOENT ||
			     (r == 0 && held.len == c->features_len &&
			      memcmp(held.buf, c->features, held.len) == 0);
		if (r == -ENOENT && create)
			replace_file(dir.buf, ".features", c->features, c->features_len, 0644, NULL);
		strbuf_release(&fpath);
		strbuf_release(&held);
		if (match) {
			*out = strbuf_detach(&dir, NULL);
			return 0;
		}
		strbuf_release(&dir);
	}
	return 0;
}

int policy_cache_open(struct policy_cache *c, const char *locations, const char *features,
		      size_t features_len, bool create, struct diag_engine *diag)
{
	memset(c, 0, sizeof(*c));
	c->features = xmalloc(features_len + 1);
	memcpy(c->features, features, features_len);
	c->features[features_len] = '\0';
	c->features_len = features_len;
	compiler_identity(c);
	const char *list = locations ? locations : POLICY_CACHE_DEFAULT_LOC;
	for (const char *s = list;;) {
		size_t n = strcspn(s, ",");
		if (n == 0 || c->nlocs == POLICY_CACHE_MAX_LOCS) {
			diag_error_hint(diag, (struct source_loc){ 0 },
					"at most 4 directories, separated by commas",
					"invalid cache location list '%s'", list);
			policy_cache_close(c);
			return -1;
		}
		char *loc = xmalloc(n + 1);
		memcpy(loc, s, n);
		loc[n] = '\0';
		while (n > 1 && loc[n - 1] == '/')
			loc[--n] = '\0';
		c->locs[c->nlocs++] = loc;
		if (!s[n])
			break;
		s += n + 1;
	}
	for (size_t i = 0; i < c->nlocs; i++) {
		int r = find_dir(c, c->locs[i], create && i == 0, &c->dirs[i], NULL);
		/* the policy itself is unaffected: compile (and load) without saving */
		if (r < 0)
			diag_warn(diag, WARN_NONE, (struct source_loc){ 0 },
				  "cannot create the cache directory in '%s': %s; policy is not cached",
				  c->locs[i], strerror(-r));
	}
	return 0;
}

void policy_cache_close(struct policy_cache *c)
{
	for (size_t i = 0; i < POLICY_CACHE_MAX_LOCS; i++) {
		free(c->dirs[i]);
		free(c->locs[i]);
	}
	free(c->features);
	free(c->memo);
	free(c->abi_path);
	memset(c, 0, sizeof(*c));
}

bool policy_cache_present(const struct policy_cache *c)
{
	for (size_t i = 0; i < c->nlocs; i++)
		if (c->dirs[i])
			return true;
	return false;
}

char *policy_cache_dir_path(const struct policy_cache *c)
{
	if (c->dirs[0])
		return xstrdup(c->dirs[0]);
	/* the directory -W would create: the first free n */
	char *dir = NULL, *slot = NULL;
	find_dir(c, c->locs[0], false, &dir, &slot);
	free(dir);
	return slot ? slot : xstrdup(c->locs[0]);
}

int policy_cache_purge(struct policy_cache *c, struct diag_engine *diag)
{
	if (!c->dirs[0])
		return 0;
	DIR *d = opendir(c->dirs[0]);
	if (!d) {
		diag_error(diag, (struct source_loc){ 0 }, "cannot read the cache directory '%s': %s",
			   c->dirs[0], strerror(errno));
		return -1;
	}
	int status = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".features"))
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) < 0 && errno != ENOENT) {
			diag_error(diag, (struct source_loc){ 0 }, "cannot remove '%s/%s': %s",
				   c->dirs[0], e->d_name, strerror(errno));
			status = -1;
		}
	}
	closedir(d);
	return status;
}

/* ---- keys ---------------------------------------------------------------------------- */

static void hash_field(struct sha256_ctx *ctx, const void *data, size_t len)
{
	/* length-prefixed, so no two field sequences hash the same bytes */
	uint8_t n[8];
	for (int i = 0; i < 8; i++)
		n[i] = (uint8_t)((uint64_t)len >> (8 * i));
	sha256_update(ctx, sizeof(n), n);
	sha256_update(ctx, len, data);
}

void policy_cache_key_compute(struct policy_cache *c, const struct policy *pol,
			      uint32_t options, struct policy_cache_key *key)
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	hash_field(&ctx, sidecar_magic, sizeof(sidecar_magic));
	hash_field(&ctx, c->compiler_id, c->compiler_id_len);
	hash_field(&ctx, c->features, c->features_len);
	size_t plen = 0;
	const char *pf = pol->features ? features_string(pol->features, &plen) : "";
	hash_field(&ctx, pf, plen);
	uint8_t opt[4] = { (uint8_t)options, (uint8_t)(options >> 8), (uint8_t)(options >> 16),
			   (uint8_t)(options >> 24) };
	hash_field(&ctx, opt, sizeof(opt));
	memset(&key->newest, 0, sizeof(key->newest));
	for (size_t i = 0; i < pol->nsources; i++) {
		const struct source_file *f = pol->sources[i];
		if (f->id >= c->memo_cap) {
			size_t cap = c->memo_cap ? c->memo_cap : 64;
			while (cap <= f->id)
				cap *= 2;
			c->memo = xreallocarray(c->memo, cap, sizeof(*c->memo));
			memset(c->memo + c->memo_cap, 0, (cap - c->memo_cap) * sizeof(*c->memo));
			c->memo_cap = cap;
		}
		struct policy_cache_memo *m = &c->memo[f->id];
		if (!m->known) {
			sha256(f->text, f->len, m->digest);
			m->known = true;
		}
		hash_field(&ctx, f->path, strlen(f->path));
		hash_field(&ctx, m->digest, sizeof(m->digest));
		if (f->mtime.tv_sec > key->newest.tv_sec ||
		    (f->mtime.tv_sec == key->newest.tv_sec && f->mtime.tv_nsec > key->newest.tv_nsec))
			key->newest = f->mtime;
	}
	/*
	 * The abi file gates rule classes: its text is part of the input too.
	 * Nearly every file of a tree names the same one: it is read once.
	 */
	if (pol->abi) {
		if (!c->abi_path || strcmp(c->abi_path, pol->abi) != 0) {
			struct strbuf abi = STRBUF_INIT;
			c->abi_readable = strbuf_read_file(&abi, pol->abi, 1u << 20, 0) == 0;
			sha256(abi.buf ? abi.buf : "", abi.len, c->abi_digest);
			strbuf_release(&abi);
			free(c->abi_path);
			c->abi_path = xstrdup(pol->abi);
		}
		hash_field(&ctx, pol->abi, strlen(pol->abi));
		if (c->abi_readable)
			hash_field(&ctx, c->abi_digest, sizeof(c->abi_digest));
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, key->digest);
}

/* ---- cache files ------------------------------------------------------------------------ */

static char *file_in(const char *dir, const char *name, bool sidecar)
{
	struct strbuf p = STRBUF_INIT;
	if (sidecar)
		strbuf_addf(&p, "%s/.%s.key", dir, name);
	else
		strbuf_addf(&p, "%s/%s", dir, name);
	return strbuf_detach(&p, NULL);
}

static void sidecar_text(const struct policy_cache_key *key, const uint8_t bin[32],
			 struct strbuf *out)
{
	char k[65], b[65];
	hex(key->digest, 32, k);
	hex(bin, 32, b);
	strbuf_addf(out, "%s\nkey %s\nbinary %s\n", sidecar_magic, k, b);
}

/* One directory: 1 hit, 0 miss. */
static int lookup_in(const char *dir, const char *name, const struct policy_cache_key *key,
		     struct strbuf *units)
{
	char *side = file_in(dir, name, true), *bin = file_in(dir, name, false);
	struct strbuf held = STRBUF_INIT, data = STRBUF_INIT, want = STRBUF_INIT;
	int hit = 0;
	if (strbuf_read_file(&held, side, 4096, 1) < 0 ||
	    strbuf_read_file(&data, bin, MAX_CACHE_FILE, 1) < 0)
		goto out;
	/* a unit stream starts with the version header (§2.2) */
	static const char head[] = "\x04\x08\x00version\x00\x02";
	if (data.len < sizeof(head) - 1 + 4 || memcmp(data.buf, head, sizeof(head) - 1) != 0)
		goto out;
	uint8_t digest[32];
	sha256(data.buf, data.len, digest);
	sidecar_text(key, digest, &want);
	if (held.len != want.len || memcmp(held.buf, want.buf, want.len) != 0)
		goto out;
	strbuf_add(units, data.buf, data.len);
	hit = 1;
out:
	free(side);
	free(bin);
	strbuf_release(&held);
	strbuf_release(&data);
	strbuf_release(&want);
	return hit;
}

static bool valid_name(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

int policy_cache_lookup(const struct policy_cache *c, const char *name,
			const struct policy_cache_key *key, struct strbuf *units, char **path)
{
	if (path)
		*path = NULL;
	if (!valid_name(name))
		return 0;
	for (size_t i = 0; i < c->nlocs; i++) {
		if (!c->dirs[i])
			continue;
		if (path && !*path)
			*path = file_in(c->dirs[i], name, false);
		if (lookup_in(c->dirs[i], name, key, units)) {
			if (path) {
				free(*path);
				*path = file_in(c->dirs[i], name, false);
			}
			return 1;
		}
	}
	return 0;
}

int policy_cache_store(const struct policy_cache *c, const char *name,
		       const struct policy_cache_key *key, const void *units, size_t len,
		       char **path, struct diag_engine *diag)
{
	if (path)
		*path = NULL;
	if (!c->dirs[0] || !valid_name(name))
		return 0;
	uint8_t digest[32];
	sha256(units, len, digest);
	struct strbuf side = STRBUF_INIT, sname = STRBUF_INIT;
	sidecar_text(key, digest, &side);
	strbuf_addf(&sname, ".%s.key", name);
	/* cache files are root's business: 0600, as upstream writes them */
	int r = replace_file(c->dirs[0], name, units, len, 0600,
			     key->newest.tv_sec || key->newest.tv_nsec ? &key->newest : NULL);
	if (r == 0)
		r = replace_file(c->dirs[0], sname.buf, side.buf, side.len, 0600, NULL);
	if (r < 0)
		diag_warn(diag, WARN_NONE, (struct source_loc){ 0 },
			  "cannot write the cache file '%s/%s': %s", c->dirs[0], name, strerror(-r));
	else if (path)
		*path = file_in(c->dirs[0], name, false);
	strbuf_release(&side);
	strbuf_release(&sname);
	return r < 0 ? -1 : 0;
}
