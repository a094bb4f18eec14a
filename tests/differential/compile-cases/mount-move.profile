profile mount-move {
  mount options=move /a -> /b,
  mount options=(M) -> /c,
  mount options=(move,ro) /a -> /d,
}
