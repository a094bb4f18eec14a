profile mount-umount {
  umount,
  umount /a,
  umount /b/**,
  deny umount /c,
  audit umount /d,
  audit deny umount /e,
}
