"""Full-text search over every version of every act and over review comments (Whoosh).

- `analysis`: one analyser for English, Russian and Kazakh text (stemming by script).
- `models`, `outbox`: the durable queue. A save writes an outbox row in its own transaction;
  the index applies rows in id order and keeps the last applied id (its cursor) inside itself.
- `documents`: what goes into the index: one document per distinct wording of a provision,
  carrying the run of versions it stands in, and one per comment.
- `index`: the index on disk: generations swapped atomically by `rebuild`, one writer at a
  time with a bounded wait for the lock, `sync` from the cursor.
- `query`, `services`: parsing, visibility filters, results and "which versions contain this".
"""
