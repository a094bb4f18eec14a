profile c3 {
  capability perfmon,
}
profile c4 {
  capability checkpoint_restore,
}
profile c5 {
  deny capability bpf,
}
