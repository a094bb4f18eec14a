# signals are checked on both sides: the sender's send and the target's receive
profile kt_sig_sender /t/signal/helper {
  signal (send) set=(term, hup) peer=kt_sig_target,
  signal (send) peer=kt_sig_deaf,
}
profile kt_sig_target /t/signal/target/sleep {
  signal (receive) peer=kt_sig_sender,
  signal (receive) set=(kill) peer=unconfined,
}
profile kt_sig_deaf /t/signal/deaf/sleep {
  signal (receive) set=(kill) peer=unconfined,
}
