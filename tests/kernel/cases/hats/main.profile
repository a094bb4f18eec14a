# change_hat: into a hat (with its own rules), back out, and to a missing hat
profile kt_hats /t/hats/helper {
  /proc/*/attr/current rw,
  /t/hats/outside r,

  ^inner {
    /proc/*/attr/current rw,
    /t/hats/inside r,
  }
}
