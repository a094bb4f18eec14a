# attachment: a glob attachment, a profile named by a glob, and the most
# specific (longest left) match winning over a wider one
profile kt_glob /t/glob/** {
  /proc/*/attr/current r,
}
profile kt_glob_special /t/glob/special/helper {
  /proc/*/attr/current r,
}
/t/glob2/*/helper {
  /proc/*/attr/current r,
}
