profile mount-remount-opts {
  remount options=ro /a,
  remount options=(rw) /b,
  remount options in (ro) /c,
  remount options=(ro,nodev) options in (noexec) /d,
}
