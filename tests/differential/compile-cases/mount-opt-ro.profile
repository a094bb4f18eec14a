profile mount-opt-ro {
  mount options=ro /dev/sda -> /mnt,
}
