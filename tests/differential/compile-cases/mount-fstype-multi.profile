profile mount-fstype-multi {
  mount fstype=ext4 fstype=xfs options=ro /dev/sda -> /mnt/,
  mount vfstype=ext* -> /m/,
}
