profile mount-propagation {
  mount options=rprivate -> /b,
  mount options=(private) -> /c,
  mount options=(make-slave) -> /d,
  mount options=(make-rshared) -> /e,
  mount options=(unbindable) -> /f,
  mount options=(runbindable) -> /g,
}
