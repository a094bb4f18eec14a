profile c1 {
  capability,
}
profile c2 {
  capability bpf,
  capability chown,
}
