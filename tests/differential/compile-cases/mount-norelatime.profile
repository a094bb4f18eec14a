profile mount-norelatime {
  mount options=(norelatime) /a -> /b,
  mount options=(ro,norelatime) /c -> /d,
  mount options in (norelatime) -> /e,
}
