profile dbus-service {
  dbus bind bus=session name=org.example.Svc,
  dbus name=org.example.implied.bind,
  dbus bind,
  dbus (bind) bus=system name=org.example.{a,b}*,
}
