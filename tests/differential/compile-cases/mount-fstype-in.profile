profile mount-fstype-in {
  mount options in (ro,noexec) fstype in (procfs,sysfs) /dev -> /foo,
}
