profile mount-opt-all-flags {
  mount options=(silent,acl,relatime,iversion,strictatime,sync,mand,dirsync,noatime,nodiratime,noexec) /a -> /b,
}
