profile network-deny-only {
  deny network inet,
  audit deny network bluetooth,
}
