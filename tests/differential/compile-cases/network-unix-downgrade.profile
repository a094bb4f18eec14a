profile u {
  unix,
  deny network inet6 stream,
  network inet6,
}
