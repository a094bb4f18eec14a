profile network-hat-child {
  network inet stream,
  unix (send) type=dgram,
  ^hat {
    network inet6,
    unix,
  }
  profile child {
    deny network unix,
    dbus send,
  }
}
