profile mount-pivot-target-2 {
  pivot_root /a -> foo,
  pivot_root /b -> bar,
  pivot_root /c -> foo,
  /bin/x px -> foo,
}
