profile network-all-audit {
  audit network,
  deny network inet stream,
  ^quiet {
    deny network,
    audit deny network inet,
  }
  ^logged {
    audit deny network,
  }
  ^unix {
    audit unix,
  }
}
