"""Group contributions (/contribute/…): a group's organisation and activities, drafts, submission for review,
change requests and their decisions, residents' corrections, photos and the six-monthly reminder.

`fields` is the one flat shape of an entry (forms, review diffs, publication); `services` writes,
`queries` reads, `views` and `forms` are the web edge, `photos` and `reminders` (`tsunagu remind-groups`) the
rest. Imports `directory.models`, `directory.catalog`, `directory.schedules`, `directory.permissions` and the core
(audit, mail, permissions, spatial).
"""
