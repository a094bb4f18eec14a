profile network-unix-family {
  network unix,
  network unix stream,
  audit network unix seqpacket,
  deny network unix dgram,
  audit deny network unix raw,
}
