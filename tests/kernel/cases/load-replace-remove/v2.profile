profile kt_lrr /t/lrr/helper {
  /t/lrr/a r,
  /t/lrr/b r,
}
