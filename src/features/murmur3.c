/*
 * murmur3.c: MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain
 * algorithm), written from its published description.
 *
 * Owns nothing but the function. The cache directory name of a features set
 * is this hash of the flattened string with seed 5381 (libapparmor uses the
 * PMurHash32 implementation, which computes the same function incrementally).
 * Blocks are read as little-endian words byte by byte, so the result does not
 * depend on the host's endianness or on the alignment of the input.
 */
#include "features/features.h"

static uint32_t rotl32(uint32_t x, unsigned r)
{
	return (x << r) | (x >> (32u - r));
}

/* The per-block mixing of a 32-bit key before it enters the state. */
static uint32_t mix_key(uint32_t k)
{
	k *= 0xcc9e2d51u;
	k = rotl32(k, 15);
	k *= 0x1b873593u;
	return k;
}

uint32_t features_murmur3_x86_32(const void *data, size_t len, uint32_t seed)
{
	const unsigned char *p = data;
	uint32_t h = seed;
	size_t nblocks = len / 4;

	for (size_t i = 0; i < nblocks; i++, p += 4) {
		uint32_t k = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		h ^= mix_key(k);
		h = rotl32(h, 13);
		h = h * 5u + 0xe6546b64u;
	}

	/* the 1..3 trailing bytes, little-endian, mixed without the rotate/add step */
	uint32_t k = 0;
	switch (len & 3u) {
	case 3:
		k ^= (uint32_t)p[2] << 16;
		/* fall through */
	case 2:
		k ^= (uint32_t)p[1] << 8;
		/* fall through */
	case 1:
		k ^= (uint32_t)p[0];
		h ^= mix_key(k);
		break;
	default:
		break;
	}

	/* finalization: fold in the length (mod 2^32, as the algorithm defines
	 * it) and avalanche */
	h ^= (uint32_t)len;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}
