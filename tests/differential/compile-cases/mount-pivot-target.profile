profile mount-pivot-target {
  pivot_root oldroot=/old /new -> foo,
  /usr/bin/** r,
}
