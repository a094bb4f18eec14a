profile mount-bind-mixed {
  mount options=(bind,ro,nodev) /a -> /b,
  mount options=(rbind,ro,nouser) /c -> /d,
}
