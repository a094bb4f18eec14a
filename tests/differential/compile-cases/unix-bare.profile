profile unix-bare {
  unix,
}
