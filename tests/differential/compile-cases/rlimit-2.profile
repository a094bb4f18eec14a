profile rl2 {
  set rlimit cpu <= 2min,
  set rlimit rttime <= 1s,
  set rlimit nice <= 10,
  set rlimit memlock <= 1G,
  set rlimit stack <= 4M,
  set rlimit rss <= 10KB,
  set rlimit locks <= 7,
  set rlimit msgqueue <= 1000,
  set rlimit sigpending <= 9,
  set rlimit nproc <= 12,
  set rlimit core <= 0,
}
