profile mount-move-in {
  mount options in (move) /a -> /b,
  mount options in (move,ro) /a -> /c,
  mount options in (M) /d -> /4,
}
