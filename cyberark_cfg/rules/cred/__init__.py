"""Credential file rules (CRED codes): CreateCredFile output and its restrictions."""
