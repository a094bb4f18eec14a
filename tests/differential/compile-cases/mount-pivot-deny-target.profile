profile mount-pivot-deny-target {
  deny pivot_root /a -> foo,
  audit pivot_root /b -> bar,
  /usr/bin/** r,
}
