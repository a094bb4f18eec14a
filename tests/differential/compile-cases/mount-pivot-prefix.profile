profile mount-pivot-prefix {
  audit pivot_root /a,
  deny pivot_root /b,
  audit deny pivot_root /c,
}
