"""`jiaohe serve`: a local review page over a findings database."""
