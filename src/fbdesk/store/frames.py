"""Query results as data frames, the same way from a workspace file and from a server.

pandas' ``read_sql_query`` speaks to ``sqlite3`` (and SQLAlchemy) only; this reads the rows
through the workspace's own connection (``sqlite3``'s, or ``ServerConnection``, which writes
the statement for PostgreSQL) and builds the frame as ``read_sql_query`` does: the columns
named by the cursor's description, decimals turned into floats.
"""

from __future__ import annotations

import pandas as pd


def read_frame(sql: str, conn, params: tuple | list = ()) -> pd.DataFrame:
    """The rows ``sql`` selects, as a data frame with the query's column names."""
    cursor = conn.execute(sql, tuple(params))
    columns = [d[0] for d in cursor.description]
    rows = [tuple(r) for r in cursor.fetchall()]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
