profile sg2 {
  signal set=(stp io exists rtmin+3 emt),
}
