profile dbus-bare {
  dbus,
}
