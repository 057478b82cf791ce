"""sfnsim's Python fuzz suite: random cases against every public surface, each in a forked
child with a time and a memory cap. `tools/fuzz/run_python_fuzz.py` runs it; tests/test_fuzz.py
runs a short fixed-seed round of it."""
