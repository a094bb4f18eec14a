/*
 * commands: the subcommands of the multi-call binary. Each takes the
 * arguments after its name (argv[0] is the command name) and returns the
 * process exit status.
 */
#ifndef CONFINE_CLI_COMMANDS_H
#define CONFINE_CLI_COMMANDS_H

int cmd_apparmor_parser(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_policy_compare(int argc, char **argv);

#endif
