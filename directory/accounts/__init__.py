"""Self-registered accounts of groups and volunteers: creation, the e-mail confirmation token, activation
(`services`), and the group sign-up page /register (`registration`). Imports the catalog's models and
contribution forms, `i18n.normalize` and the core's users, passwords, sign-in and mail.
"""
