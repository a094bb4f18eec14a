profile dbus-qualifiers {
  dbus,
  audit dbus send bus=session path=/audited,
  deny dbus send bus=session path=/denied member=Quiet,
  audit deny dbus receive bus=session path=/denied/logged,
  deny dbus bind bus=system name=org.denied,
  audit deny dbus eavesdrop bus=session,
  audit dbus bind name=org.audit.bind,
}
