# permission letters in any order and case (the checks accept them; the compiler
# once read only "r", "w" and "rw" for signal and ptrace)
profile perm-letters {
  signal wr,
  ptrace (wr) peer=foo,
  dbus (Rw) bus=session,
}
