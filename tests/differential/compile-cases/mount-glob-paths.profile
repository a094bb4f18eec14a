profile mount-glob-paths {
  mount /dev/sd[a-c]{,[0-9]} -> /mnt/?/**,
  mount -> /run/user/[0-9]*/gvfs/,
  umount /media/*/**,
}
