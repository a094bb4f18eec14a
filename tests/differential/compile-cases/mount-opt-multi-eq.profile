profile mount-opt-multi-eq {
  mount options=ro options=nodev /dev/sda -> /mnt,
}
