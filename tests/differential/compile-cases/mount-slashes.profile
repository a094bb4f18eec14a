profile mount-slashes {
  mount //a//b -> //c//d/,
  umount //x//y,
  pivot_root oldroot=//o//p //n//m,
}
