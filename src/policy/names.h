/*
 * names: the fixed vocabularies of the language — capability names, signal
 * names, errno names and rlimit names — mapped to their Linux numbers.
 *
 * Owns only constant tables; lookups return -1 for unknown names.
 */
#ifndef CONFINE_POLICY_NAMES_H
#define CONFINE_POLICY_NAMES_H

int capability_number(const char *name);
const char *capability_name(int number);
int signal_number(const char *name);      /* hup, int, ..., rtmin+N */
int errno_number(const char *name);       /* EPERM, EACCES, ... */
int rlimit_number(const char *name);      /* cpu, fsize, ..., rttime */

#endif
