profile mount-audit-bare {
  audit mount,
}
