profile r {
  network raw,
}
