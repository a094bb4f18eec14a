# the binary cache's file for this source, loaded as it is: a profile with a
# child profile (two units in one cache file, one write), enforced
profile kt_cache /t/cache/helper {
  /t/cache/readable r,
  /proc/*/attr/current r,
  /t/cache/child/helper cx -> kid,
  profile kid {
    /t/cache/child/helper mr,
    /t/cache/kidfile r,
    /proc/*/attr/current r,
  }
}
