profile network-all-types {
  network,
  network rdm,
  audit network raw,
  deny network seqpacket,
  audit deny network inet6 stream,
}
