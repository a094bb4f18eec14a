profile mount-remount-in {
  mount options in (remount, bind, silent) -> /b,
}
