profile mount-aliases {
  mount options=(r,read-only,verbose,make-unbindable,make-runbindable) -> /x,
  mount options in (B,M,R) /a -> /b,
}
