profile mount-propagation-mixed {
  mount options=(rprivate,nodev,ro,remount) -> /b,
  mount options in (rprivate,nodev,ro,remount) -> /c,
}
