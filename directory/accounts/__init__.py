"""Self-registered accounts of groups and volunteers: creation, the e-mail confirmation token, activation
(`services`), and the group sign-up page /register (`registration`).
"""
