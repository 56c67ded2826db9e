"""The example study (Modum kommune 2025): a synthetic Questback export built from published counts."""
