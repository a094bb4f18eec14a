profile rl3 {
  set rlimit cpu <= 90s,
  set rlimit rttime <= 5,
 set rlimit nice <= 0,
}
