profile mount-every-in {
  mount options in (ro,nosuid,nodev,noexec,sync,remount,mand,dirsync,noatime,nodiratime,rbind,move,silent,acl,unbindable,private,slave,shared,relatime,iversion,strictatime) -> /m,
}
