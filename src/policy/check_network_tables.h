/*
 * check_network_tables: the fixed vocabularies of network and unix rules —
 * socket domains (address families), socket types, the protocol words that
 * may stand in for a type, and the socket permission words — for the checks
 * in check_network.c.
 *
 * Owns only constant tables and lookups over them; knows nothing of rules or
 * diagnostics. The domain list is the kernel's AF_* list as apparmor_parser
 * names it (lowercase, without the AF_ prefix; AF_LOCAL is spelled "unix").
 */
#ifndef CONFINE_POLICY_CHECK_NETWORK_TABLES_H
#define CONFINE_POLICY_CHECK_NETWORK_TABLES_H

#include <stdbool.h>
#include <stdint.h>

/* Socket permission bits, in the layout of the kernel's network permissions. */
#define NET_PERM_SEND     0x00000002u
#define NET_PERM_RECEIVE  0x00000004u
#define NET_PERM_CREATE   0x00000010u
#define NET_PERM_SHUTDOWN 0x00000020u
#define NET_PERM_CONNECT  0x00000040u
#define NET_PERM_SETATTR  0x00000100u
#define NET_PERM_GETATTR  0x00000200u
#define NET_PERM_ACCEPT   0x00100000u
#define NET_PERM_BIND     0x00200000u
#define NET_PERM_LISTEN   0x00400000u
#define NET_PERM_SETOPT   0x01000000u
#define NET_PERM_GETOPT   0x02000000u
/* The permissions that involve the other end of a connection; all others act
 * on the local socket only and make no sense with peer conditionals. */
#define NET_PERMS_PEER (NET_PERM_SEND | NET_PERM_RECEIVE | NET_PERM_CONNECT | NET_PERM_ACCEPT)

#define AF_NUM_INET  2
#define AF_NUM_INET6 10

/* Domain number of a domain name ("inet" -> 2), -1 if unknown. */
int net_domain_number(const char *name);

/* Is the word a socket type ("stream") or a protocol used as one ("tcp")? */
bool net_type_known(const char *name);

/* Is the type or protocol word valid for the domain (tcp for inet6, not for unix)? */
bool net_type_valid_for(int domain, const char *name);

/* Permission bit of a permission keyword ("bind", "read"), 0 if none. */
uint32_t net_perm_word(const char *word);

/* Is the value a socket type name the unix rule's type= accepts? */
bool unix_sock_type_known(const char *name);

/* For hints: the valid words, space separated. */
extern const char net_perm_words_hint[];
extern const char net_type_words_hint[];
extern const char net_domain_words_hint[];

#endif
