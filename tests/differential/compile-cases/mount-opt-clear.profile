profile mount-opt-clear {
  mount options=(rw) /s -> /m,
  mount options=(rw,nodev) /s -> /m2,
  mount options=(user) /a -> /b,
  mount options=(nouser) /a -> /c,
}
