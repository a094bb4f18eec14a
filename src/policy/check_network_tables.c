/* check_network_tables: see check_network_tables.h. */
#include "policy/check_network_tables.h"

#include <stddef.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct named_num {
	const char *name;
	int num;
};

/*
 * The kernel's address families. Number 12 (the retired DECnet family) has
 * no name, so it cannot be written in policy.
 */
static const struct named_num domains[] = {
	{ "unspec", 0 },      { "unix", 1 },        { "inet", 2 },        { "ax25", 3 },
	{ "ipx", 4 },         { "appletalk", 5 },   { "netrom", 6 },      { "bridge", 7 },
	{ "atmpvc", 8 },      { "x25", 9 },         { "inet6", 10 },      { "rose", 11 },
	{ "netbeui", 13 },    { "security", 14 },   { "key", 15 },        { "netlink", 16 },
	{ "packet", 17 },     { "ash", 18 },        { "econet", 19 },     { "atmsvc", 20 },
	{ "rds", 21 },        { "sna", 22 },        { "irda", 23 },       { "pppox", 24 },
	{ "wanpipe", 25 },    { "llc", 26 },        { "ib", 27 },         { "mpls", 28 },
	{ "can", 29 },        { "tipc", 30 },       { "bluetooth", 31 },  { "iucv", 32 },
	{ "rxrpc", 33 },      { "isdn", 34 },       { "phonet", 35 },     { "ieee802154", 36 },
	{ "caif", 37 },       { "alg", 38 },        { "nfc", 39 },        { "vsock", 40 },
	{ "kcm", 41 },        { "qipcrtr", 42 },    { "smc", 43 },        { "xdp", 44 },
	{ "mctp", 45 },
};

/* Socket types every domain can be combined with in a network rule. */
static const char *const generic_types[] = {
	"stream", "dgram", "seqpacket", "rdm", "raw", "packet",
};

/* Protocol names accepted in the type position, and the domains that have them. */
static const struct {
	const char *name;
	bool inet, inet6;
} protocols[] = {
	{ "tcp", true, true },
	{ "udp", true, true },
	{ "icmp", true, false },
};

static const struct {
	const char *word;
	uint32_t bit;
} perm_words[] = {
	{ "create", NET_PERM_CREATE },   { "bind", NET_PERM_BIND },
	{ "listen", NET_PERM_LISTEN },   { "accept", NET_PERM_ACCEPT },
	{ "connect", NET_PERM_CONNECT }, { "shutdown", NET_PERM_SHUTDOWN },
	{ "getattr", NET_PERM_GETATTR }, { "setattr", NET_PERM_SETATTR },
	{ "getopt", NET_PERM_GETOPT },   { "setopt", NET_PERM_SETOPT },
	{ "send", NET_PERM_SEND },       { "write", NET_PERM_SEND },
	{ "receive", NET_PERM_RECEIVE }, { "read", NET_PERM_RECEIVE },
};

/*
 * type= of a unix rule names a kernel socket type: besides the generic ones
 * "dccp" and "none" (type 0) are accepted, as by apparmor_parser.
 */
static const char *const unix_types[] = {
	"none", "stream", "dgram", "raw", "rdm", "seqpacket", "dccp", "packet",
};

const char net_perm_words_hint[] =
	"create bind listen accept connect shutdown getattr setattr getopt setopt "
	"send receive read write, or the letters r w";
const char net_type_words_hint[] =
	"stream dgram seqpacket rdm raw packet; inet and inet6 also take tcp and udp, inet icmp";
const char net_domain_words_hint[] =
	"e.g. inet inet6 unix netlink packet bluetooth can vsock (see apparmor.d(5) for all)";

static bool in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

int net_domain_number(const char *name)
{
	for (size_t i = 0; i < COUNT(domains); i++)
		if (strcmp(domains[i].name, name) == 0)
			return domains[i].num;
	return -1;
}

bool net_type_known(const char *name)
{
	if (in_list(generic_types, COUNT(generic_types), name))
		return true;
	for (size_t i = 0; i < COUNT(protocols); i++)
		if (strcmp(protocols[i].name, name) == 0)
			return true;
	return false;
}

bool net_type_valid_for(int domain, const char *name)
{
	if (in_list(generic_types, COUNT(generic_types), name))
		return true;
	for (size_t i = 0; i < COUNT(protocols); i++)
		if (strcmp(protocols[i].name, name) == 0)
			return (domain == AF_NUM_INET && protocols[i].inet) ||
			       (domain == AF_NUM_INET6 && protocols[i].inet6);
	return false;
}

uint32_t net_perm_word(const char *word)
{
	for (size_t i = 0; i < COUNT(perm_words); i++)
		if (strcmp(perm_words[i].word, word) == 0)
			return perm_words[i].bit;
	return 0;
}

bool unix_sock_type_known(const char *name)
{
	return in_list(unix_types, COUNT(unix_types), name);
}
