# capability rules: chown and mknod granted to one profile, not the other
profile kt_cap /t/cap/helper {
  capability chown,
  capability mknod,
  /t/cap/** rw,
}
profile kt_nocap /t/nocap/helper {
  /t/nocap/** rw,
}
