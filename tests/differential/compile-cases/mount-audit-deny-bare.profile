profile mount-audit-deny-bare {
  audit deny mount,
}
