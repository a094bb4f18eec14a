profile kt_lrr /t/lrr/helper flags=(complain) {
  /t/lrr/a r,
}
