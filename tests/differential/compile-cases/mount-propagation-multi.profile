profile mount-propagation-multi {
  mount options=(make-rslave,runbindable,make-shared,unbindable) -> /b,
}
