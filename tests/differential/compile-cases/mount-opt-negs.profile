profile mount-opt-negs {
  mount options=(async,nomand,atime,diratime,loud,noacl,norelatime,noiversion,suid,dev,exec) /a -> /b,
}
