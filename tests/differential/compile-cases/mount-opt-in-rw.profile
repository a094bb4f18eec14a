profile mount-opt-in-rw {
  mount options in (rw) /s -> /m,
  mount options in (ro,rw) /s -> /m2,
}
