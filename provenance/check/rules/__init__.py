"""The rule set. Importing this package registers every rule (see registry)."""

from provenance.check.rules import bibliography, locators, manuscripts, quotations, sources, suppressions, translations  # noqa: F401  (registration)
from provenance.check.rules.registry import (
    PREPARATIONS,
    RULES,
    Problem,
    Rule,
    Scope,
    find_rule,
    prepares,
    rule,
    rules_for,
)

__all__ = ["PREPARATIONS", "RULES", "Problem", "Rule", "Scope", "find_rule", "prepares", "rule", "rules_for"]
