"""jiaohe (校核): a consistency checker for Chinese public-finance disclosure reports."""

__version__ = "0.1.0"
