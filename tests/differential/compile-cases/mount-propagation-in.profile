profile mount-propagation-in {
  mount options in (make-private) -> /4,
  mount options in (ro,shared) -> /5,
  mount options in (make-unbindable) -> /6,
}
