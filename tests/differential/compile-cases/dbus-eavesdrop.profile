profile dbus-eavesdrop {
  dbus eavesdrop,
  dbus eavesdrop bus=session,
  dbus (eavesdrop, send, bind) bus=system,
}
