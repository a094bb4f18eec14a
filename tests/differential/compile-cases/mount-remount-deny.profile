profile mount-remount-deny {
  deny remount /x,
  audit remount options=(ro) /y,
  audit deny remount /z,
}
