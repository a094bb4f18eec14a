# exec transitions from a confined shell: ix, px, Px, cx, px -> named, ux, Ux,
# and exec without an x rule. A profile entered by a transition from a
# confined task needs 'mr' on its binary: the file was opened by the parent,
# so the kernel revalidates the loader's mappings against the new profile.
profile kt_exec /t/exec/sh {
  /proc/*/attr/current r,
  /t/exec/ix/helper ix,
  /t/exec/px/helper px,
  /t/exec/Px/helper Px,
  /t/exec/cx/helper cx,
  /t/exec/named/helper px -> kt_exec_named,
  /t/exec/cxnamed/helper cx -> kid,
  /t/exec/ux/helper ux,
  /t/exec/Ux/helper Ux,
  /t/exec/noexec/helper r,

  profile /t/exec/cx/helper {
    /proc/*/attr/current r,
    /t/exec/cx/helper mr,
  }
  profile kid {
    /proc/*/attr/current r,
    /t/exec/cxnamed/helper mr,
  }
}
profile kt_exec_px /t/exec/px/helper {
  /proc/*/attr/current r,
  /t/exec/px/helper mr,
}
profile kt_exec_Px /t/exec/Px/helper {
  /proc/*/attr/current r,
  /t/exec/Px/helper mr,
}
profile kt_exec_named {
  /proc/*/attr/current r,
  /t/exec/named/helper mr,
}
