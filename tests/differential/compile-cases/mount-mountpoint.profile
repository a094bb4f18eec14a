profile mount-mountpoint {
  mount -> /mnt/,
  mount none -> /foo,
  mount "" -> "/tmp/",
}
