profile mount-umount-conds {
  umount options=(ro) fstype=ext4 /x,
}
