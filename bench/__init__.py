"""`make bench`: speed, memory and load figures, kept out of the unit tests on purpose."""
