profile mount-fstype {
  mount fstype=ext4,
  mount fstype=(ext4 xfs) /dev/sd* -> /mnt/,
}
