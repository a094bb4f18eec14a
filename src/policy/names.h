/*
 * names: the fixed vocabularies of the language — capability names, signal
 * names, errno names and rlimit names — mapped to their Linux numbers (and
 * signal-rule names to the numbers signal mediation uses).
 *
 * Owns only constant tables; lookups return -1 for unknown names.
 */
#ifndef CONFINE_POLICY_NAMES_H
#define CONFINE_POLICY_NAMES_H

int capability_number(const char *name);
const char *capability_name(int number);
int signal_number(const char *name);      /* hup, int, ..., rtmin+N: Linux numbers (kill.signal=) */
/*
 * A name of a signal rule's set= (the rule language's vocabulary: also tstp,
 * poll and exists) as the kernel's signal mediation numbers it: Linux numbers,
 * exists (kill(pid, 0)) 35, rtmin+N 128 + N (N <= 32). -1 if unknown.
 */
int signal_rule_number(const char *name);
int errno_number(const char *name);       /* EPERM, EACCES, ... */
int rlimit_number(const char *name);      /* cpu, fsize, ..., rttime */

#endif
