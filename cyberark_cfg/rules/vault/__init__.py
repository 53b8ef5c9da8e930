"""Vault.ini rules (VAULT codes): how a component reaches the vault."""
