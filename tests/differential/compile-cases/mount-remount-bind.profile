profile mount-remount-bind {
  remount options=(bind),
  remount options=(rbind,ro) /e,
}
