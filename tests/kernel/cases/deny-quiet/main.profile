# deny rules win over allow rules and are not logged; audit deny is logged
profile kt_deny /t/deny/helper {
  /t/deny/* rw,
  deny /t/deny/secret r,
  audit deny /t/deny/loud w,
}
