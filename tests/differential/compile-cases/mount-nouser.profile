profile mount-nouser {
  mount options=(nouser,ro) /a -> /b,
  mount options in (nouser) /d -> /4,
}
