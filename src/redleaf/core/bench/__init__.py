"""Benchmarks (`redleaf bench ...`) and the child-process helpers `redleaf serve` shares with them."""
