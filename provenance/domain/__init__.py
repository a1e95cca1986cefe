"""The domain's values: divisions, locators and their numbers, findings."""
