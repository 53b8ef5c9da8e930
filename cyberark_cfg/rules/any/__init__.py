"""Rules that apply to every kind (CFG codes)."""
