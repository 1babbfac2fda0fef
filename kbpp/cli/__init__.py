"""The `kbpp` command line: the same domain functions the GUI uses, for scripts and tests."""
