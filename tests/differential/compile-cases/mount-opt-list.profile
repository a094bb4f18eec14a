profile mount-opt-list {
  mount options=(ro,nosuid,nodev,noexec) /dev/sda -> /mnt,
}
