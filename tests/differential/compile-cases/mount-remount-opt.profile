profile mount-remount-opt {
  mount options=(remount) -> /b,
  mount options=(remount),
  mount options=(remount,bind,ro,nosuid) -> /c,
}
