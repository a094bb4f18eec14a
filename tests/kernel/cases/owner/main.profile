# owner: the rule applies only to files the task's fsuid owns
profile kt_owner /t/owner/helper {
  owner /t/owner/* r,
  /t/owner/shared r,
}
