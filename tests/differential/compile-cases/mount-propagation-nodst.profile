profile mount-propagation-nodst {
  mount options=(private),
  mount options=(rslave),
  mount options in (make-private),
}
