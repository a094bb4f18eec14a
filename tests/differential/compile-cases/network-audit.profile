profile network-audit {
  audit network inet,
  audit network netlink raw,
  network inet6 dgram,
  deny network packet,
}
