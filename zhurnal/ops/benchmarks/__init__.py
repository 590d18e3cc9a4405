"""The HTTP benchmark (`zhurnal bench_http`): its data shape, its floors, its clients."""
