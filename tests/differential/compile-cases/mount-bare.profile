profile mount-bare {
  mount,
}
