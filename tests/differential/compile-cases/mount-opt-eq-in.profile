profile mount-opt-eq-in {
  mount options=(ro) options in (nodev) /s -> /m,
}
