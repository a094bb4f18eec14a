profile rl {
  set rlimit nofile <= 256,
  set rlimit as <= 1024M,
  set rlimit cpu <= 10,
  set rlimit rttime <= 60ms,
  set rlimit nice <= -5,
  set rlimit fsize <= 2K,
  set rlimit data <= infinity,
  set rlimit stack <= 100,
  set rlimit rtprio <= 3,
}
