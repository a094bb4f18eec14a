profile mount-quoted {
  mount "/dev/my disk" -> "/mnt/my dir/",
}
