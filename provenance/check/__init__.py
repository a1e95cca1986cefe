"""Checking: quotations resolved against sources, the rules, and the policy that judges their findings."""
