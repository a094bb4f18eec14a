profile n {
  network inet,
  network inet6,
}
