@{BUS}=session system
@{OBJ}=/org/x /org/y/**
profile dbus-vars {
  dbus send bus=@{BUS} path=@{OBJ} interface="org.quoted iface",
  dbus receive peer=(label=@{profile_name}),
}
