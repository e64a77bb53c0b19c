"""Arithmetic rules: growth, sums, shares, rates, differences, units, conflicts."""

RULES = ()
