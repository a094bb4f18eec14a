profile mount-remount-kw {
  remount,
  remount /a,
  remount /b/**,
}
