"""Zhurnal: an electronic class journal and diary for schools."""
