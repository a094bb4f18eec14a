profile unix-deny-only {
  deny unix (bind) type=dgram,
}
