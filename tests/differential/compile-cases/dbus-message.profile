profile dbus-message {
  dbus send bus=session path=/org/freedesktop/DBus interface=org.freedesktop.DBus member=Hello peer=(name=org.freedesktop.DBus label=unconfined),
  dbus receive bus=system path=/org/a/** member={Get,Set}* peer=(label=/usr/bin/x),
  dbus (send, receive) interface=org.a.b,
  dbus rw member=Ping,
  dbus (read) path=//org//slashes/,
  dbus w peer=(name=org.peer.*),
  dbus path=/implied/send/receive,
}
