profile network-none {
  /tmp/x r,
}
