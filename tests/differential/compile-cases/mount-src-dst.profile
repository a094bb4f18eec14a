profile mount-src-dst {
  mount /dev/sda -> /mnt,
  mount /dev/** -> /media/*/,
}
