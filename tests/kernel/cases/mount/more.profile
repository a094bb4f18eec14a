# mount rules by kind of mount: bind, remount, move, propagation change,
# new mount with optional flags; audit, deny (quiet) and audit deny; pivot_root
profile kt_mount2 /t/mount/h2 {
  capability sys_admin,
  mount options=(bind) /t/mount/src/ -> /t/mount/bind/,
  remount options=(ro) /t/mount/rm/,
  mount options=(move) /t/mount/m1/ -> /t/mount/m2/,
  mount options=(private) -> /t/mount/p/,
  mount options in (ro, nosuid) fstype=tmpfs -> /t/mount/o/,
  audit mount fstype=ramfs -> /t/mount/au/,
  umount /t/mount/**,
  deny umount /t/mount/q/,
  mount fstype=tmpfs -> /t/mount/ad/,
  audit deny mount fstype=tmpfs -> /t/mount/ad/,
  pivot_root oldroot=/t/mount/pr/old/ /t/mount/pr/,
}
