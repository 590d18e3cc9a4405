"""Benchmarks over HTTP against `zhurnal serve`: `zhurnal bench_http` (its data shape, floors and
clients) and `zhurnal bench_batch` (batch saves), callable from commands and from other benches."""
