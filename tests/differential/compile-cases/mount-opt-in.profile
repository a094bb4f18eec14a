profile mount-opt-in {
  mount options in (ro,nosuid) /dev/sda -> /mnt,
  mount options in (ro) options in (nodev) /s -> /m,
}
