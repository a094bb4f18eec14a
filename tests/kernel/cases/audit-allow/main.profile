# audit on an allow rule: the access succeeds and is logged as AUDIT
profile kt_audit /t/audit/helper {
  audit /t/audit/watched r,
  /t/audit/plain r,
}
