"""Measuring the checker: answer keys, `jiaohe eval`, and the mutation harness."""
