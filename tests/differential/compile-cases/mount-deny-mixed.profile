profile mount-deny-mixed {
  mount,
  deny mount options=(ro) -> /m/,
  deny mount fstype=tmpfs,
  deny umount /proc/,
  deny pivot_root oldroot=/x,
}
