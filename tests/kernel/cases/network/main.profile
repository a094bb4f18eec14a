# network rules (network_v8): families and socket types
profile kt_net /t/net/helper {
  network inet stream,
  network inet6 dgram,
  network netlink raw,
}
profile kt_net_all /t/netall/helper {
  network,
  capability net_raw,
}
