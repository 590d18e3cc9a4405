"""Benchmarks over HTTP against `zhurnal serve`, callable from commands and from other benches."""
