# ptrace: the tracer needs trace, the tracee tracedby
profile kt_tracer /t/ptrace/helper {
  ptrace (trace) peer=kt_tracee,
  ptrace (trace) peer=kt_untraceable,
}
profile kt_tracee /t/ptrace/tracee/sleep {
  ptrace (tracedby) peer=kt_tracer,
  signal (receive) set=(kill) peer=unconfined,
}
profile kt_untraceable /t/ptrace/untraceable/sleep {
  signal (receive) set=(kill) peer=unconfined,
}
profile kt_notracer /t/ptrace/no/helper {
}
