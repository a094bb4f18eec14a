profile mount-bind-in {
  mount options in (bind) /d -> /4,
  mount options in (bind) /a,
  mount options in (ro,B) /e -> /5,
  mount options in (ro,R) /e -> /5,
}
