# AF_UNIX sockets. This kernel has no fine-grained unix mediation, so both
# the network form and the unix rule reach it as network-class rules.
profile kt_unix /t/unix/helper {
  network unix stream,
}
profile kt_unix_rule /t/unixrule/helper {
  unix (create) type=dgram,
}
profile kt_nounix /t/nounix/helper {
  network inet stream,
}
