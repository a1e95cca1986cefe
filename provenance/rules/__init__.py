"""The rule set. Importing this package registers every rule (see registry)."""

from provenance.rules import (bibliography, locators, quotations, sources,  # noqa: F401  (registration)
                              suppressions, translations)
from provenance.rules.registry import RULES, Problem, Rule, Scope, find_rule, rule, rules_for

__all__ = ["RULES", "Problem", "Rule", "Scope", "find_rule", "rule", "rules_for"]
