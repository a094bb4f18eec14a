# mount rules: fstype and mount point conditions, umount
profile kt_mount /t/mount/helper {
  capability sys_admin,
  mount fstype=tmpfs -> /t/mount/a/,
  umount /t/mount/a/,
}
