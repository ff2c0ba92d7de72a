"""Account pages, one module per audience: the signed-in member's own account, the person who
invites, and the invited person.
"""
