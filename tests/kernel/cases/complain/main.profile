# complain mode: nothing is denied, what the profile lacks is logged as ALLOWED
profile kt_complain /t/complain/helper flags=(complain) {
  /t/complain/allowed r,
}
