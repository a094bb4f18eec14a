profile mount-deny-bare {
  deny mount,
}
