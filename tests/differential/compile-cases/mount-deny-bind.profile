profile mount-deny-bind {
  deny mount options=(bind) /a -> /b,
  audit mount options=(bind) /c -> /d,
  audit deny mount options=(move) /e -> /f,
}
