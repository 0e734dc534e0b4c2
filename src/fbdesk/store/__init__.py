"""The workspace file: schema, migrations, transactions, audit trail. No Qt."""
