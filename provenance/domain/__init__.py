"""The domain's values: works, agents and translations; divisions, locators and their numbers; findings."""
