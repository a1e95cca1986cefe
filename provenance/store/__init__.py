"""The store: the database engine, its migrations and the ORM model."""
