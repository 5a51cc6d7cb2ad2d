"""Head office: the branches' event logs in one PostgreSQL, its schema, status and league reports."""
